import { COMMON, L, field, lookup, master, picklist, type StandardObject } from './labels.ts';

/** Campaign → lead: where demand comes from and who responded. */
export const MARKETING: StandardObject[] = [
  {
    object: { apiName: 'campaign', label: L('市场活动', '行銷活動', 'Campaign'), pluralLabel: L('市场活动', '行銷活動', 'Campaigns'), sharingModel: 'publicRead' },
    fields: [
      picklist('type', L('类型', '類型', 'Type'), [
        ['event', L('线下活动', '實體活動', 'Event')],
        ['webinar', L('网络研讨会', '網路研討會', 'Webinar')],
        ['email', L('邮件营销', '電子郵件行銷', 'Email')],
        ['advertising', L('广告', '廣告', 'Advertising')],
        ['tradeShow', L('展会', '商展', 'Trade show')],
        ['other', L('其他', '其他', 'Other')],
      ]),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['planned', L('计划中', '規劃中', 'Planned'), { color: '#868e96' }],
        ['active', L('进行中', '進行中', 'Active'), { color: '#1c7ed6' }],
        ['completed', L('已完成', '已完成', 'Completed'), { color: '#2f9e44' }],
        ['aborted', L('已取消', '已取消', 'Aborted'), { color: '#e03131' }],
      ], { defaultValue: 'planned' }),
      field('startDate', 'date', L('开始日期', '開始日期', 'Start date')),
      field('endDate', 'date', L('结束日期', '結束日期', 'End date')),
      COMMON.money('budget', L('预算', '預算', 'Budget')),
      COMMON.money('actualCost', L('实际成本', '實際成本', 'Actual cost')),
      COMMON.money('expectedRevenue', L('预期收入', '預期收入', 'Expected revenue')),
      COMMON.description(),
    ],
  },
  {
    object: { apiName: 'lead', label: L('线索', '潛在客戶', 'Lead'), pluralLabel: L('线索', '潛在客戶', 'Leads'), sharingModel: 'private' },
    fields: [
      field('company', 'text', L('公司', '公司', 'Company'), { maxLength: 200 }),
      field('title', 'text', L('职务', '職稱', 'Title'), { maxLength: 100 }),
      COMMON.email(),
      COMMON.mobile(),
      COMMON.phone(),
      field('creditCode', 'text', L('统一社会信用代码', '統一社會信用代碼', 'Unified social credit code'), { maxLength: 18 }),
      COMMON.industry(),
      field('province', 'text', L('省份', '省份', 'Province'), { maxLength: 50 }),
      field('city', 'text', L('城市', '城市', 'City'), { maxLength: 50 }),
      picklist('source', L('来源', '來源', 'Source'), [
        ['web', L('官网', '官網', 'Website')],
        ['referral', L('转介绍', '轉介', 'Referral')],
        ['campaign', L('市场活动', '行銷活動', 'Campaign')],
        ['tradeShow', L('展会', '商展', 'Trade show')],
        ['phone', L('来电', '來電', 'Inbound call')],
        ['other', L('其他', '其他', 'Other')],
      ]),
      lookup('campaign', 'campaign', L('来源活动', '來源活動', 'Source campaign')),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['new', L('新建', '新增', 'New'), { color: '#868e96' }],
        ['working', L('跟进中', '追蹤中', 'Working'), { color: '#1c7ed6' }],
        ['qualified', L('已确认', '已確認', 'Qualified'), { color: '#f08c00' }],
        ['unqualified', L('无效', '無效', 'Unqualified'), { color: '#e03131', meta: { closed: true } }],
        ['converted', L('已转化', '已轉換', 'Converted'), { color: '#2f9e44', meta: { closed: true } }],
      ], { defaultValue: 'new' }),
      picklist('rating', L('评级', '評等', 'Rating'), [
        ['hot', L('热', '熱', 'Hot'), { color: '#e03131' }],
        ['warm', L('温', '溫', 'Warm'), { color: '#f08c00' }],
        ['cold', L('冷', '冷', 'Cold'), { color: '#1c7ed6' }],
      ]),
      field('convertedAt', 'datetime', L('转化时间', '轉換時間', 'Converted at')),
      COMMON.description(),
    ],
  },
  {
    object: { nameField: { type: 'autoNumber', pattern: 'CM-{0000000}' }, apiName: 'campaignMember', label: L('活动成员', '活動成員', 'Campaign member'), pluralLabel: L('活动成员', '活動成員', 'Campaign members'), sharingModel: 'controlledByParent' },
    fields: [
      master('campaign', 'campaign', L('市场活动', '行銷活動', 'Campaign')),
      lookup('lead', 'lead', L('线索', '潛在客戶', 'Lead')),
      COMMON.contact(),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['sent', L('已邀请', '已邀請', 'Sent')],
        ['registered', L('已报名', '已報名', 'Registered')],
        ['attended', L('已参加', '已參加', 'Attended')],
        ['responded', L('已回应', '已回應', 'Responded'), { meta: { responded: true } }],
      ], { defaultValue: 'sent' }),
      field('respondedAt', 'datetime', L('回应时间', '回應時間', 'Responded at')),
    ],
  },
];
