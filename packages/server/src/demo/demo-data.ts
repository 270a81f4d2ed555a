import { creditCodeCheck } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { createSession } from '../auth/sessions.ts';
import type { Database } from '../db/port.ts';

/**
 * A realistic demo workspace, loaded through the public API as the
 * administrator (so every record passes the same validation, permissions,
 * history and business actions as a user's): a sales organisation, Chinese
 * and English companies and contacts, a trade-show campaign and its leads,
 * opportunities in every stage, configured products and a price book,
 * quotes turned into orders, cases with satisfaction surveys, a club and
 * customer feedback. Loaded once: a workspace that already has accounts
 * beyond the demo is left alone.
 */

export const DEMO_PASSWORD = 'mainline demo 2026';

const code = (prefix17: string): string => prefix17 + creditCodeCheck(prefix17);
const cny = (amount: string) => ({ amount, currency: 'CNY' });

const COMPANIES = [
  { name: '华东精密机械有限公司', industry: 'manufacturing', level: 'strategic', province: '上海市', city: '上海市', district: '嘉定区', creditCode: code('91310114MA1GT3KX2'), creditLimit: '2000000.00', receivables: '380000.00', phone: '021-59912345' },
  { name: '深圳云帆科技有限公司', industry: 'technology', level: 'key', province: '广东省', city: '深圳市', district: '南山区', creditCode: code('91440300MA5EQ8LU3'), creditLimit: '800000.00', receivables: '120000.00', phone: '0755-86601234' },
  { name: '北京京华物流集团有限公司', industry: 'logistics', level: 'key', province: '北京市', city: '北京市', district: '朝阳区', creditCode: code('91110105MA01BX4P6'), creditLimit: '1500000.00', receivables: '900000.00', phone: '010-65501234' },
  { name: '杭州绿源能源科技股份有限公司', industry: 'energy', level: 'standard', province: '浙江省', city: '杭州市', district: '滨江区', creditCode: code('91330108MA2CFR7N4'), creditLimit: '300000.00', receivables: '0.00', phone: '0571-87701234' },
  { name: '上海瑞丰医疗器械有限公司', industry: 'healthcare', level: 'standard', province: '上海市', city: '上海市', district: '浦东新区', creditCode: code('91310115MA1K4F2H8'), creditLimit: '500000.00', receivables: '60000.00', phone: '021-68881234' },
  { name: '台北鼎新電子股份有限公司', industry: 'technology', level: 'key', province: '台湾省', city: '台北市', district: '内湖区', creditLimit: '600000.00', receivables: '50000.00', phone: '+886 2 2795 1234' },
  { name: 'Acme Industrial Supply Ltd.', industry: 'retail', level: 'small', province: 'Hong Kong', city: 'Hong Kong', creditLimit: '100000.00', receivables: '95000.00', phone: '+852 2345 6789' },
  { name: 'Nordic Precision AB', industry: 'manufacturing', level: 'standard', province: 'Västra Götaland', city: 'Göteborg', creditLimit: '400000.00', receivables: '0.00', phone: '+46 31 123 4567' },
];
const PEOPLE = [
  ['王伟', '采购总监', 'wang.wei'],
  ['李娜', '设备部经理', 'li.na'],
  ['张敏', '总经理', 'zhang.min'],
  ['刘洋', '信息中心主任', 'liu.yang'],
  ['陈静', '财务经理', 'chen.jing'],
  ['林志明', '採購經理', 'lin.zhiming'],
  ['James Wong', 'Purchasing Manager', 'james.wong'],
  ['Erik Lindqvist', 'Plant Manager', 'erik.lindqvist'],
];
const STAGES = ['prospecting', 'qualification', 'needsAnalysis', 'proposal', 'negotiation', 'closedWon', 'closedLost'] as const;

const DAY = 86_400_000;
const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * What makes the home page and dashboard read like a working week, dated
 * from the day the demo is loaded: each seller's open tasks (one overdue),
 * a year of won deals, a case past its SLA, and answered surveys with a
 * spread of scores.
 */
async function loadDailyWork(
  create: (object: string, body: Record<string, unknown>) => Promise<{ id: string }>,
  call: (method: string, url: string, body?: unknown) => Promise<{ surveyResponse?: { id: string } | null }>,
  demo: { accounts: { id: string; name: string; owner: string }[]; contacts: string[]; users: Record<string, string> },
): Promise<void> {
  const now = Date.now();
  const { accounts, contacts, users } = demo;
  const tasks: [string, string, number, string][] = [
    ['rep1', '回访华东精密设备验收', -2, 'open'],
    ['rep1', '准备加工中心技术方案', 0, 'open'],
    ['rep1', '确认恒力液压付款计划', 3, 'open'],
    ['rep1', '寄送年度维保合同', 6, 'open'],
    ['rep1', '整理展会线索', -5, 'completed'],
    ['rep2', '云帆科技报价评审', -1, 'open'],
    ['rep2', '安排鼎新電子工厂参观', 2, 'open'],
    ['manager', '审核第四季度销售预测', 1, 'open'],
    ['manager', '京华物流续约谈判', 4, 'open'],
  ];
  for (const [who, name, days, status] of tasks) {
    const a = accounts.find((x) => x.owner === users[who]) ?? accounts[0]!;
    await create('activity', { name, kind: 'task', status, account: a.id, ownerId: users[who], dueAt: new Date(now + days * DAY).toISOString().replace(/T.*/, 'T01:30:00.000Z') });
  }
  // Won deals over the last twelve months, so revenue by month has a history.
  for (let m = 1; m <= 11; m++) {
    const a = accounts[m % accounts.length]!;
    const closed = new Date(now);
    closed.setUTCDate(12);
    closed.setUTCMonth(closed.getUTCMonth() - m);
    await create('opportunity', {
      name: `${a.name.slice(0, 6)} - ${['备件年度订单', '产线改造二期', '设备增购', '软件续约'][m % 4]}`,
      account: a.id,
      ownerId: a.owner,
      stage: 'closedWon',
      amount: cny(`${120000 + ((m * 53000) % 410000)}.00`),
      closeDate: isoDate(closed.getTime()),
      closeReason: '老客户复购',
    });
  }
  // Open deals each seller is working on this quarter.
  for (const [i, stage] of (['qualification', 'proposal', 'negotiation', 'needsAnalysis', 'proposal', 'prospecting'] as const).entries()) {
    const a = accounts[(i * 2) % accounts.length]!;
    await create('opportunity', { name: `${a.name.slice(0, 6)} - ${['数字化车间', '备件集采', '五轴设备', '检测中心', '自动化产线', '培训服务'][i]}`, account: a.id, ownerId: a.owner, stage, amount: cny(`${260000 + i * 73000}.00`), closeDate: isoDate(now + (10 + i * 9) * DAY) });
  }
  await create('case', { subject: '设备报警无法复位', type: 'problem', priority: 'high', channel: 'phone', account: accounts[3]!.id, ownerId: accounts[3]!.owner, contact: contacts[3], status: 'inProgress', slaDueAt: new Date(now - 5 * 3_600_000).toISOString() });
  const scores: [number, number, string][] = [
    [5, 9, '回复及时，工程师很专业。'],
    [3, 6, '解决了，但等待时间偏长。'],
    [4, 8, '整体满意。'],
    [2, 3, '来回沟通了三次才解决。'],
    [5, 10, '非常满意，会推荐给同行。'],
  ];
  for (const [i, [csatScore, npsScore, comment]] of scores.entries()) {
    const a = accounts[i % accounts.length]!;
    const kase = await create('case', { subject: ['系统升级咨询', '刀库换刀卡顿', '备件发货查询', '数控系统死机', '操作培训预约'][i], type: 'problem', priority: 'medium', channel: 'web', account: a.id, ownerId: a.owner, contact: contacts[i] });
    const closed = await call('POST', `/api/records/case/${kase.id}/actions/close`, { resolution: '已处理。' });
    if (closed.surveyResponse) await call('POST', `/api/records/surveyResponse/${closed.surveyResponse.id}/actions/answer`, { csatScore, npsScore, comment });
  }
}

export async function loadDemoData(app: FastifyInstance, db: Database, adminId: string): Promise<{ loaded: boolean }> {
  const { token } = await createSession(db, adminId, new Date());
  const call = async (method: string, url: string, body?: unknown) => {
    const r = await app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    if (r.statusCode >= 300) throw new Error(`demo data: ${method} ${url} → ${r.statusCode} ${r.body.slice(0, 500)}`);
    return r.body ? JSON.parse(r.body) : undefined;
  };
  const create = (object: string, body: Record<string, unknown>) => call('POST', `/api/records/${object}`, body);
  const existing = await call('GET', `/api/records/account?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: COMPANIES[0]!.name }))}&count=true&limit=1`);
  if (existing.total > 0) return { loaded: false };

  // The sales organisation on the standard roles (which the standard lead and case routing names): a regional
  // manager between the director and the East China reps, two reps, a service agent and a support engineer.
  const roles = (await call('GET', '/api/admin/roles')).roles as { id: string; name: string }[];
  const role = (name: string) => {
    const found = roles.find((r) => r.name === name);
    if (!found) throw new Error(`demo data: the standard role ${name} is missing`);
    return found.id;
  };
  const east = await call('POST', '/api/admin/roles', { name: '华东区经理', parentId: role('销售总监') });
  await call('PATCH', `/api/admin/roles/${role('华东区销售')}`, { parentId: east.id });
  const users: Record<string, string> = {};
  for (const [key, name, roleId] of [
    ['manager', '周建国', east.id],
    ['rep1', '吴晓燕', role('华东区销售')],
    ['rep2', '郑浩', role('华东区销售')],
    ['agent', '孙婷', role('客服专员')],
    ['engineer', '马强', role('技术支持工程师')],
  ] as const) {
    users[key] = (await call('POST', '/api/admin/users', { email: `${key}@demo.mainline.local`, name, password: DEMO_PASSWORD, roleId, locale: 'zh-CN' })).id;
  }

  const book = await create('priceBook', { name: '2026 标准价格表', isStandard: true, currency: 'CNY' });
  const products: Record<string, string> = {};
  for (const [key, name, productCode, family, price, configurable] of [
    ['lathe', '数控车床 CK6150', 'CK6150', 'equipment', '268000.00', false],
    ['center', '立式加工中心 VMC850', 'VMC850', 'equipment', '458000.00', true],
    ['spindle12', '12000 转电主轴', 'SP-12K', 'parts', '36000.00', false],
    ['spindle24', '24000 转电主轴', 'SP-24K', 'parts', '68000.00', false],
    ['coolant', '高压内冷系统', 'CL-HP', 'parts', '18500.00', false],
    ['probe', '工件测头', 'PR-01', 'parts', '12800.00', false],
    ['mes', '车间 MES 软件（年）', 'MES-Y', 'software', '96000.00', false],
    ['service', '年度维保服务', 'SRV-Y', 'service', '24000.00', false],
  ] as const) {
    products[key] = (await create('product', { name, code: productCode, family, configurable })).id;
    await create('priceBookEntry', { priceBook: book.id, product: products[key], listPrice: cny(price), ...(key === 'service' ? { tiers: [{ minQuantity: '3', unitPrice: '21600.00' }] } : {}) });
  }
  const options = {
    sp12: (await create('productOption', { name: '标配 12000 转主轴', product: products.center, optionProduct: products.spindle12, group: '主轴', minSelect: 1, maxSelect: 1 })).id,
    sp24: (await create('productOption', { name: '高速 24000 转主轴', product: products.center, optionProduct: products.spindle24, group: '主轴', minSelect: 1, maxSelect: 1 })).id,
    coolant: (await create('productOption', { name: '高压内冷', product: products.center, optionProduct: products.coolant, group: '冷却', minSelect: 0, maxSelect: 1 })).id,
    probe: (await create('productOption', { name: '工件测头', product: products.center, optionProduct: products.probe, group: '测量', minSelect: 0, maxSelect: 1, maxQuantity: 2 })).id,
  };

  const campaign = await create('campaign', { name: '2026 中国国际工业博览会', type: 'tradeShow', status: 'completed', startDate: '2026-09-23', endDate: '2026-09-27', budget: cny('350000.00'), actualCost: cny('328000.00') });
  // Each account's opportunities, quotes, orders and cases belong to the account's owner, so every demo user sees a working day.
  const accounts: { id: string; name: string; owner: string }[] = [];
  const contacts: string[] = [];
  for (const [i, c] of COMPANIES.entries()) {
    const owner = i % 3 === 0 ? users.rep1 : i % 3 === 1 ? users.rep2 : users.manager;
    const { creditLimit, receivables, ...rest } = c;
    const account = await create('account', { ...rest, type: 'customer', ownerId: owner, creditLimit: cny(creditLimit), receivables: cny(receivables) });
    accounts.push({ id: account.id, name: c.name, owner: owner! });
    const [name, title, mail] = PEOPLE[i]!;
    contacts.push((await create('contact', { name, title, account: account.id, email: `${mail}@example.cn`, mobile: `1380013${String(8000 + i)}`, isPrimary: true, ownerId: owner })).id);
  }
  for (const [name, company, email] of [
    ['赵磊', '苏州天工自动化有限公司', 'zhao.lei@tiangong-auto.cn'],
    ['孙丽', '宁波海通模具有限公司', 'sun.li@haitong-mould.cn'],
    ['黄俊', '成都蜀道装备制造有限公司', 'huang.jun@shudao.cn'],
    ['Maria Santos', 'Iberia Tooling S.L.', 'maria.santos@iberiatooling.es'],
  ] as const) {
    const lead = await create('lead', { name, company, email, source: 'tradeShow', campaign: campaign.id, status: 'working', rating: 'hot', industry: 'manufacturing', ownerId: users.rep1 });
    await create('campaignMember', { campaign: campaign.id, lead: lead.id, status: 'responded', respondedAt: '2026-09-25T06:00:00.000Z' });
  }
  // Website leads arrive unowned: the standard routing gives East China leads to its reps in turn; one from a
  // region without a team (and an empty lead queue) stays with whoever entered it.
  for (const [name, company, province, industry] of [
    ['周宁', '常州精工传动有限公司', '江苏省', 'manufacturing'],
    ['何芳', '嘉兴新材包装有限公司', '浙江省', 'manufacturing'],
    ['罗斌', '重庆山城机电有限公司', '重庆市', 'manufacturing'],
  ] as const) {
    await create('lead', { name, company, province, industry, source: 'web', status: 'new' });
  }
  // One lead from the fair has already become a customer.
  const converted = await create('lead', { name: '钱勇', company: '无锡恒力液压件有限公司', email: 'qian.yong@hengli-hyd.cn', source: 'tradeShow', campaign: campaign.id, status: 'qualified' });
  await call('POST', `/api/records/lead/${converted.id}/actions/convert`, { opportunity: { name: '恒力液压 - 车床扩产', amount: cny('536000.00'), closeDate: '2026-12-20' } });

  for (const [i, stage] of STAGES.entries()) {
    const a = accounts[i % accounts.length]!;
    await create('opportunity', {
      name: `${a.name.slice(0, 6)} - ${['产线升级', '新厂设备', '自动化改造', '加工中心采购', 'MES 上线', '年度框架协议', '备件集采'][i]}`,
      account: a.id,
      ownerId: a.owner,
      contact: contacts[i % contacts.length],
      stage,
      amount: cny(String(180000 + i * 95000) + '.00'),
      closeDate: `2026-${String(10 + (i % 3)).padStart(2, '0')}-${String(5 + i * 3).padStart(2, '0')}`,
      campaign: i < 3 ? campaign.id : undefined,
      ...(stage === 'closedWon' ? { closeReason: '技术方案与交期均优于竞品' } : {}),
      ...(stage === 'closedLost' ? { lostReason: 'price', closeReason: '客户选择了价格更低的国产替代方案' } : {}),
    });
  }

  // Quotes: a configured machining centre with a discount, accepted into an order that is placed and fulfilled.
  const hd = accounts[0]!;
  const quote = await create('quote', { title: '华东精密 - 加工中心及维保', account: hd.id, ownerId: hd.owner, contact: contacts[0], discount: '5', validUntil: '2026-12-31' });
  await call('POST', `/api/records/quote/${quote.id}/actions/addProduct`, { product: products.center, quantity: 2, options: [{ option: options.sp24 }, { option: options.probe, quantity: 1 }] });
  await call('POST', `/api/records/quote/${quote.id}/actions/addProduct`, { product: products.service, quantity: 3 });
  const accepted = await call('POST', `/api/records/quote/${quote.id}/actions/accept`);
  await call('PATCH', `/api/records/order/${accepted.order.id}`, { ownerId: hd.owner });
  await call('POST', `/api/records/order/${accepted.order.id}/actions/place`);
  const second = await create('quote', { title: '云帆科技 - 车床', account: accounts[1]!.id, ownerId: accounts[1]!.owner, contact: contacts[1] });
  await call('POST', `/api/records/quote/${second.id}/actions/addProduct`, { product: products.lathe, quantity: 3, discount: 3 });
  // Acme's credit is nearly used up: its order is held with the reason.
  const acme = accounts[6]!;
  const acmeQuote = await create('quote', { title: 'Acme - spare spindles', account: acme.id, ownerId: acme.owner });
  await call('POST', `/api/records/quote/${acmeQuote.id}/actions/addProduct`, { product: products.spindle12, quantity: 2 });
  const acmeOrder = await call('POST', `/api/records/quote/${acmeQuote.id}/actions/accept`);
  await call('PATCH', `/api/records/order/${acmeOrder.order.id}`, { ownerId: acme.owner });
  await call('POST', `/api/records/order/${acmeOrder.order.id}/actions/place`);

  // The club, before the first order is fulfilled so its points count.
  const program = await create('loyaltyProgram', { name: '精工会员俱乐部', pointsPerUnit: '0.01', description: '每消费 100 元积 1 分，按 12 个月累计积分评定等级。' });
  await create('loyaltyTier', { name: '银卡会员', program: program.id, rank: 1, minPoints: 0, multiplier: '1' });
  await create('loyaltyTier', { name: '金卡会员', program: program.id, rank: 2, minPoints: 5000, multiplier: '1.2', benefits: '优先排产、免费年度巡检一次' });
  await create('loyaltyTier', { name: '钻石会员', program: program.id, rank: 3, minPoints: 20000, multiplier: '1.5', benefits: '专属客户经理、备件 48 小时到货' });
  await create('reward', { name: '免费年度巡检', program: program.id, pointsCost: 3000, stock: 20 });
  await create('reward', { name: '操作培训课程（2 天）', program: program.id, pointsCost: 5000 });
  for (const [i, a] of accounts.slice(0, 4).entries()) await create('loyaltyMember', { name: `${a.name.slice(0, 4)}会员`, program: program.id, account: a.id, contact: contacts[i] });
  await call('POST', `/api/records/order/${accepted.order.id}/actions/fulfil`);

  // Service: cases in every status; closing sends the satisfaction survey, and some customers answered. The standard
  // case routing hands new cases to the service team (urgent and on-site ones to the engineer) once they are saved;
  // the account owners keep reading them through their accounts.
  await create('survey', { name: '服务满意度回访', type: 'csat', status: 'active', sendOnCaseClose: true, description: '工单关闭后自动发送' });
  const cases = [
    ['主轴异响，需上门检查', 'problem', 'high', 'phone', 0],
    ['MES 报表导出失败', 'problem', 'medium', 'web', 1],
    ['咨询加工中心培训安排', 'question', 'low', 'wechat', 2],
    ['冷却液泄漏', 'problem', 'urgent', 'phone', 3],
    ['申请年度维保', 'request', 'medium', 'email', 4],
  ] as const;
  for (const [subject, type, priority, channel, i] of cases) {
    const kase = await create('case', { subject, type, priority, channel, account: accounts[i]!.id, ownerId: accounts[i]!.owner, contact: contacts[i], status: i === 2 ? 'inProgress' : 'new' });
    if (i <= 1) {
      const closed = await call('POST', `/api/records/case/${kase.id}/actions/close`, { resolution: i === 0 ? '更换主轴轴承，试运行正常。' : '修复导出模板。' });
      if (closed.surveyResponse) await call('POST', `/api/records/surveyResponse/${closed.surveyResponse.id}/actions/answer`, { csatScore: i === 0 ? 5 : 4, npsScore: i === 0 ? 10 : 8, comment: i === 0 ? '工程师响应很快，非常专业。' : '问题解决了，希望能更早回复。' });
    }
  }
  await create('feedback', { kind: 'complaint', subject: '交付比合同晚了一周', account: accounts[2]!.id, severity: 'high', channel: 'phone', description: '第二批设备延期到货，影响了客户产线调试。' });
  await create('feedback', { kind: 'suggestion', subject: '希望 MES 支持微信推送', account: accounts[1]!.id, channel: 'wechat' });
  await create('feedback', { kind: 'praise', subject: '现场工程师服务周到', account: accounts[0]!.id, channel: 'web' });
  for (const [i, a] of accounts.slice(0, 5).entries()) {
    await create('activity', { name: ['季度拜访', '技术交流会', '报价跟进电话', '合同评审', '付款提醒'][i], kind: ['meeting', 'meeting', 'call', 'task', 'call'][i], account: a.id, contact: contacts[i], status: i < 2 ? 'completed' : 'open', dueAt: `2026-12-0${i + 1}T02:00:00.000Z` });
  }
  await loadDailyWork(create, call, { accounts, contacts, users });
  await call('POST', '/api/records/account/actions/recalculateValue', {});
  return { loaded: true };
}
