import { COMMON, L, field, lookup, master, picklist, type StandardObject } from './labels.ts';

/** Service, activities, satisfaction surveys and customer feedback. */
export const SERVICE: StandardObject[] = [
  {
    object: {
      apiName: 'case',
      label: L('服务工单', '服務工單', 'Case'),
      pluralLabel: L('服务工单', '服務工單', 'Cases'),
      sharingModel: 'private', implicitParentAccess: 'account',
      nameField: { type: 'autoNumber', pattern: 'CS-{YYYY}-{000000}', label: L('工单号', '工單號', 'Case number') },
    },
    fields: [
      field('subject', 'text', L('主题', '主旨', 'Subject'), { maxLength: 255, required: true, defaultValue: '-' }),
      COMMON.account(),
      COMMON.contact(),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['new', L('新建', '新增', 'New'), { color: '#868e96' }],
        ['inProgress', L('处理中', '處理中', 'In progress'), { color: '#1c7ed6' }],
        ['waitingOnCustomer', L('待客户反馈', '待客戶回覆', 'Waiting on customer'), { color: '#f08c00' }],
        ['resolved', L('已解决', '已解決', 'Resolved'), { color: '#2f9e44' }],
        ['closed', L('已关闭', '已關閉', 'Closed'), { color: '#495057', meta: { closed: true } }],
      ], { required: true, defaultValue: 'new' }),
      picklist('priority', L('优先级', '優先順序', 'Priority'), [
        ['low', L('低', '低', 'Low'), { color: '#868e96', meta: { rank: 4, slaHours: 72 } }],
        ['medium', L('中', '中', 'Medium'), { color: '#1c7ed6', meta: { rank: 3, slaHours: 24 } }],
        ['high', L('高', '高', 'High'), { color: '#f08c00', meta: { rank: 2, slaHours: 8 } }],
        ['urgent', L('紧急', '緊急', 'Urgent'), { color: '#e03131', meta: { rank: 1, slaHours: 4 } }],
      ], { defaultValue: 'medium' }),
      picklist('type', L('类型', '類型', 'Type'), [
        ['question', L('咨询', '諮詢', 'Question')],
        ['problem', L('故障', '故障', 'Problem')],
        ['request', L('服务请求', '服務請求', 'Service request')],
        ['complaint', L('投诉', '客訴', 'Complaint')],
      ]),
      COMMON.channel(),
      COMMON.description(),
      field('slaDueAt', 'datetime', L('SLA 截止时间', 'SLA 截止時間', 'SLA due at')),
      field('closedAt', 'datetime', L('关闭时间', '關閉時間', 'Closed at')),
      field('csatScore', 'integer', L('满意度 (1–5)', '滿意度 (1–5)', 'CSAT (1–5)')),
      field('npsScore', 'integer', L('NPS (0–10)', 'NPS (0–10)', 'NPS (0–10)')),
    ],
  },
  {
    object: { apiName: 'activity', label: L('活动记录', '活動記錄', 'Activity'), pluralLabel: L('活动记录', '活動記錄', 'Activities'), sharingModel: 'private', implicitParentAccess: 'account' },
    fields: [
      picklist('kind', L('类型', '類型', 'Kind'), [
        ['task', L('任务', '任務', 'Task'), { color: '#1c7ed6' }],
        ['meeting', L('会议', '會議', 'Meeting'), { color: '#7950f2' }],
        ['call', L('电话记录', '電話記錄', 'Call'), { color: '#2f9e44' }],
        ['email', L('邮件记录', '電子郵件記錄', 'Email'), { color: '#f08c00' }],
        ['note', L('备注', '備註', 'Note'), { color: '#868e96' }],
      ], { required: true, defaultValue: 'task' }),
      field('relatedObject', 'text', L('关联对象', '關聯物件', 'Related object'), { maxLength: 40 }),
      field('relatedId', 'text', L('关联记录', '關聯記錄', 'Related record'), { maxLength: 36 }),
      COMMON.account(),
      COMMON.contact(),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['open', L('未完成', '未完成', 'Open')],
        ['completed', L('已完成', '已完成', 'Completed'), { meta: { closed: true } }],
      ], { defaultValue: 'open' }),
      field('dueAt', 'datetime', L('截止时间', '截止時間', 'Due at')),
      field('startAt', 'datetime', L('开始时间', '開始時間', 'Starts at')),
      field('endAt', 'datetime', L('结束时间', '結束時間', 'Ends at')),
      picklist('direction', L('方向', '方向', 'Direction'), [
        ['inbound', L('呼入', '撥入', 'Inbound')],
        ['outbound', L('呼出', '撥出', 'Outbound')],
      ]),
      field('durationMinutes', 'integer', L('时长（分钟）', '持續時間（分鐘）', 'Duration (minutes)')),
      COMMON.description(),
    ],
  },
  {
    object: { apiName: 'survey', label: L('满意度调查', '滿意度調查', 'Survey'), pluralLabel: L('满意度调查', '滿意度調查', 'Surveys'), sharingModel: 'publicRead' },
    fields: [
      picklist('type', L('类型', '類型', 'Type'), [
        ['csat', L('满意度 (CSAT)', '滿意度 (CSAT)', 'CSAT')],
        ['nps', L('净推荐值 (NPS)', '淨推薦值 (NPS)', 'NPS')],
        ['custom', L('自定义', '自訂', 'Custom')],
      ], { defaultValue: 'csat' }),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['draft', L('草稿', '草稿', 'Draft')],
        ['active', L('启用', '啟用', 'Active')],
        ['closed', L('已结束', '已結束', 'Closed')],
      ], { defaultValue: 'active' }),
      field('sendOnCaseClose', 'boolean', L('工单关闭时发送', '工單關閉時寄送', 'Send when a case closes'), { defaultValue: false }),
      COMMON.description(),
    ],
  },
  {
    object: { apiName: 'surveyQuestion', label: L('调查题目', '調查題目', 'Survey question'), pluralLabel: L('调查题目', '調查題目', 'Survey questions'), sharingModel: 'controlledByParent' },
    fields: [
      master('survey', 'survey', L('调查', '調查', 'Survey')),
      picklist('kind', L('题型', '題型', 'Kind'), [
        ['csat', L('满意度 1–5', '滿意度 1–5', 'Rating 1–5')],
        ['nps', L('推荐度 0–10', '推薦度 0–10', 'Likelihood 0–10')],
        ['text', L('文字', '文字', 'Text')],
      ], { required: true, defaultValue: 'csat' }),
      field('position', 'integer', L('顺序', '順序', 'Position'), { defaultValue: 1 }),
    ],
  },
  {
    object: {
      apiName: 'surveyResponse',
      label: L('调查回复', '調查回覆', 'Survey response'),
      pluralLabel: L('调查回复', '調查回覆', 'Survey responses'),
      sharingModel: 'private',
      nameField: { type: 'autoNumber', pattern: 'SR-{0000000}' },
    },
    fields: [
      lookup('survey', 'survey', L('调查', '調查', 'Survey'), { required: true, deleteRule: 'restrict' }),
      lookup('case', 'case', L('工单', '工單', 'Case')),
      COMMON.account(),
      COMMON.contact(),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['sent', L('已发送', '已寄送', 'Sent')],
        ['answered', L('已回复', '已回覆', 'Answered'), { meta: { closed: true } }],
      ], { defaultValue: 'sent' }),
      field('csatScore', 'integer', L('满意度 (1–5)', '滿意度 (1–5)', 'CSAT (1–5)')),
      field('npsScore', 'integer', L('NPS (0–10)', 'NPS (0–10)', 'NPS (0–10)')),
      field('comment', 'longText', L('意见', '意見', 'Comment')),
      field('respondedAt', 'datetime', L('回复时间', '回覆時間', 'Responded at')),
    ],
  },
  {
    object: {
      apiName: 'feedback',
      label: L('客户反馈', '客戶回饋', 'Feedback'),
      pluralLabel: L('客户反馈', '客戶回饋', 'Feedback'),
      sharingModel: 'private',
      nameField: { type: 'autoNumber', pattern: 'FB-{YYYY}-{000000}', label: L('反馈编号', '回饋編號', 'Feedback number') },
    },
    fields: [
      picklist('kind', L('类型', '類型', 'Kind'), [
        ['complaint', L('投诉', '客訴', 'Complaint'), { color: '#e03131' }],
        ['suggestion', L('建议', '建議', 'Suggestion'), { color: '#1c7ed6' }],
        ['praise', L('表扬', '表揚', 'Praise'), { color: '#2f9e44' }],
      ], { required: true, defaultValue: 'suggestion' }),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['new', L('新建', '新增', 'New')],
        ['inProgress', L('处理中', '處理中', 'In progress')],
        ['resolved', L('已解决', '已解決', 'Resolved')],
        ['closed', L('已关闭', '已關閉', 'Closed'), { meta: { closed: true } }],
      ], { required: true, defaultValue: 'new' }),
      picklist('severity', L('严重程度', '嚴重程度', 'Severity'), [
        ['low', L('低', '低', 'Low')],
        ['medium', L('中', '中', 'Medium')],
        ['high', L('高', '高', 'High')],
      ]),
      COMMON.account(),
      COMMON.contact(),
      lookup('case', 'case', L('关联工单', '關聯工單', 'Case')),
      COMMON.channel(),
      field('subject', 'text', L('主题', '主旨', 'Subject'), { maxLength: 255 }),
      COMMON.description(),
      field('resolution', 'longText', L('处理结果', '處理結果', 'Resolution')),
      field('closedAt', 'datetime', L('关闭时间', '關閉時間', 'Closed at')),
    ],
  },
];

/** Added once every object exists: a roll-up names its detail object. Closed cases are those whose status says so. */
export const SERVICE_ROLLUPS: { object: string; fields: StandardObject['fields'] }[] = [
  {
    object: 'account',
    fields: [
      field('openCaseCount', 'rollup', L('未关闭工单数', '未關閉工單數', 'Open cases'), { rollup: { object: 'case', via: 'account', function: 'count', filter: 'status <> "closed"' } }),
    ],
  },
];
