import type { FieldInput, ObjectInput } from '@mainline/core';

/**
 * Small builders for the standard model's definitions: every label in
 * zh-CN, zh-TW and en, picklist values with their meaning in `meta`.
 */

export type Labels = { 'zh-CN': string; 'zh-TW': string; en: string };
export const L = (zhCN: string, zhTW: string, en: string): Labels => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

export type StandardObject = { object: ObjectInput; fields: FieldInput[] };

type Options = Omit<FieldInput, 'apiName' | 'type' | 'label'>;
export const field = (apiName: string, type: FieldInput['type'], label: Labels, options: Options = {}): FieldInput => ({ apiName, type, label, ...options });

export type ValueSpec = [apiName: string, label: Labels, extra?: { color?: string; meta?: Record<string, unknown> }];
export const values = (...specs: ValueSpec[]) => specs.map(([apiName, label, extra], order) => ({ apiName, label, order, ...(extra ?? {}) }));
export const picklist = (apiName: string, label: Labels, specs: ValueSpec[], options: Options = {}): FieldInput => field(apiName, 'picklist', label, { values: values(...specs), ...options });
export const lookup = (apiName: string, target: string, label: Labels, options: Options = {}): FieldInput => field(apiName, 'lookup', label, { target, deleteRule: 'setNull', ...options });
export const master = (apiName: string, target: string, label: Labels): FieldInput => field(apiName, 'masterDetail', label, { target, deleteRule: 'cascade', required: true });

export const COMMON = {
  description: () => field('description', 'longText', L('描述', '描述', 'Description')),
  email: () => field('email', 'email', L('邮箱', '電子郵件', 'Email')),
  phone: () => field('phone', 'phone', L('电话', '電話', 'Phone')),
  mobile: () => field('mobile', 'phone', L('手机', '手機', 'Mobile')),
  account: (options: Options = {}) => lookup('account', 'account', L('客户', '客戶', 'Account'), options),
  contact: () => lookup('contact', 'contact', L('联系人', '聯絡人', 'Contact')),
  product: () => lookup('product', 'product', L('产品', '產品', 'Product'), { deleteRule: 'restrict' }),
  quantity: () => field('quantity', 'decimal', L('数量', '數量', 'Quantity'), { precision: 18, scale: 4, required: true, defaultValue: '1' }),
  money: (apiName: string, label: Labels, options: Options = {}) => field(apiName, 'currency', label, { precision: 18, scale: 2, ...options }),
  percent: (apiName: string, label: Labels, options: Options = {}) => field(apiName, 'percent', label, { precision: 7, scale: 4, ...options }),
  lineNumber: () => field('lineNumber', 'integer', L('行号', '項次', 'Line number')),
  industry: () =>
    picklist('industry', L('行业', '產業', 'Industry'), [
      ['manufacturing', L('制造业', '製造業', 'Manufacturing')],
      ['retail', L('零售', '零售', 'Retail')],
      ['finance', L('金融', '金融', 'Finance')],
      ['technology', L('科技', '科技', 'Technology')],
      ['healthcare', L('医疗', '醫療', 'Healthcare')],
      ['energy', L('能源', '能源', 'Energy')],
      ['logistics', L('物流', '物流', 'Logistics')],
      ['education', L('教育', '教育', 'Education')],
      ['government', L('政府', '政府', 'Government')],
      ['other', L('其他', '其他', 'Other')],
    ]),
  channel: () =>
    picklist('channel', L('渠道', '通路', 'Channel'), [
      ['phone', L('电话', '電話', 'Phone')],
      ['email', L('邮件', '電子郵件', 'Email')],
      ['web', L('网站自助', '網站自助', 'Web self-service')],
      ['wechat', L('微信', '微信', 'WeChat')],
      ['onsite', L('现场', '現場', 'On site')],
    ]),
};
