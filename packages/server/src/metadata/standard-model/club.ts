import { COMMON, L, field, lookup, master, picklist, type StandardObject } from './labels.ts';

/** The club: loyalty programmes, tiers, members, an append-only points ledger and rewards. */
export const CLUB: StandardObject[] = [
  {
    object: { apiName: 'loyaltyProgram', label: L('会员计划', '會員方案', 'Loyalty programme'), pluralLabel: L('会员计划', '會員方案', 'Loyalty programmes'), sharingModel: 'publicRead' },
    fields: [
      field('currency', 'text', L('币种', '幣別', 'Currency'), { maxLength: 3, required: true, defaultValue: 'CNY' }),
      field('pointsPerUnit', 'decimal', L('每元积分', '每元點數', 'Points per currency unit'), { precision: 10, scale: 4, required: true, defaultValue: '1' }),
      field('tierPeriodMonths', 'integer', L('等级评定周期（月）', '等級評定週期（月）', 'Tier period (months)'), { required: true, defaultValue: 12 }),
      field('active', 'boolean', L('启用', '啟用', 'Active'), { defaultValue: true }),
      COMMON.description(),
    ],
  },
  {
    object: { apiName: 'loyaltyTier', label: L('会员等级', '會員等級', 'Loyalty tier'), pluralLabel: L('会员等级', '會員等級', 'Loyalty tiers'), sharingModel: 'controlledByParent' },
    fields: [
      master('program', 'loyaltyProgram', L('会员计划', '會員方案', 'Programme')),
      field('rank', 'integer', L('等级序号', '等級序號', 'Rank'), { required: true, defaultValue: 1 }),
      field('minPoints', 'integer', L('所需积分', '所需點數', 'Points needed'), { required: true, defaultValue: 0 }),
      field('multiplier', 'decimal', L('积分倍数', '點數倍數', 'Earning multiplier'), { precision: 6, scale: 2, required: true, defaultValue: '1' }),
      field('benefits', 'longText', L('权益', '權益', 'Benefits')),
    ],
  },
  {
    object: { apiName: 'loyaltyMember', label: L('会员', '會員', 'Loyalty member'), pluralLabel: L('会员', '會員', 'Loyalty members'), sharingModel: 'private' },
    fields: [
      lookup('program', 'loyaltyProgram', L('会员计划', '會員方案', 'Programme'), { required: true, deleteRule: 'restrict' }),
      COMMON.account(),
      COMMON.contact(),
      lookup('tier', 'loyaltyTier', L('当前等级', '目前等級', 'Tier')),
      field('pointsBalance', 'integer', L('积分余额', '點數餘額', 'Points balance'), { defaultValue: 0 }),
      field('lifetimePoints', 'integer', L('累计积分', '累計點數', 'Lifetime points'), { defaultValue: 0 }),
      field('joinedOn', 'date', L('入会日期', '入會日期', 'Joined on')),
      picklist('status', L('状态', '狀態', 'Status'), [
        ['active', L('正常', '正常', 'Active')],
        ['suspended', L('冻结', '停權', 'Suspended')],
      ], { defaultValue: 'active' }),
    ],
  },
  {
    object: { apiName: 'reward', label: L('奖励', '獎勵', 'Reward'), pluralLabel: L('奖励', '獎勵', 'Rewards'), sharingModel: 'publicRead' },
    fields: [
      lookup('program', 'loyaltyProgram', L('会员计划', '會員方案', 'Programme'), { required: true, deleteRule: 'restrict' }),
      field('pointsCost', 'integer', L('所需积分', '所需點數', 'Points cost'), { required: true, defaultValue: 0 }),
      field('stock', 'integer', L('库存', '庫存', 'Stock')),
      field('active', 'boolean', L('启用', '啟用', 'Active'), { defaultValue: true }),
      COMMON.description(),
    ],
  },
  {
    object: {
      apiName: 'pointsLedgerEntry',
      label: L('积分流水', '點數明細', 'Points ledger entry'),
      pluralLabel: L('积分流水', '點數明細', 'Points ledger'),
      sharingModel: 'controlledByParent',
      nameField: { type: 'autoNumber', pattern: 'PTS-{0000000}' },
    },
    fields: [
      master('member', 'loyaltyMember', L('会员', '會員', 'Member')),
      picklist('kind', L('类型', '類型', 'Kind'), [
        ['earn', L('获得', '獲得', 'Earned'), { color: '#2f9e44' }],
        ['redeem', L('兑换', '兌換', 'Redeemed'), { color: '#e03131' }],
        ['adjust', L('调整', '調整', 'Adjusted'), { color: '#868e96' }],
        ['expire', L('过期', '過期', 'Expired'), { color: '#adb5bd' }],
      ], { required: true, defaultValue: 'earn' }),
      field('points', 'integer', L('积分', '點數', 'Points'), { required: true, defaultValue: 0 }),
      field('balanceAfter', 'integer', L('变动后余额', '變動後餘額', 'Balance after')),
      lookup('order', 'order', L('订单', '訂單', 'Order'), { deleteRule: 'restrict' }),
      lookup('reward', 'reward', L('奖励', '獎勵', 'Reward'), { deleteRule: 'restrict' }),
      field('occurredAt', 'datetime', L('发生时间', '發生時間', 'Occurred at')),
      COMMON.description(),
    ],
  },
];
