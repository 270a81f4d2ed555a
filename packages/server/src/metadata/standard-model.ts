import type { FieldInput, ObjectInput } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { createField, createObject } from './metadata-service.ts';

/**
 * The objects every new workspace starts with, defined through the same
 * metadata functions customers use, so customers can extend them. The full
 * mainline model (campaign → … → feedback) grows from here.
 */
const STANDARD_OBJECTS: { object: ObjectInput; fields: FieldInput[] }[] = [
  {
    object: { apiName: 'account', label: { 'zh-CN': '客户', 'zh-TW': '客戶', en: 'Account' }, pluralLabel: { 'zh-CN': '客户', 'zh-TW': '客戶', en: 'Accounts' } },
    fields: [
      {
        apiName: 'industry',
        type: 'picklist',
        label: { 'zh-CN': '行业', 'zh-TW': '行業', en: 'Industry' },
        values: [
          { apiName: 'manufacturing', label: { 'zh-CN': '制造业', 'zh-TW': '製造業', en: 'Manufacturing' } },
          { apiName: 'retail', label: { 'zh-CN': '零售', 'zh-TW': '零售', en: 'Retail' } },
          { apiName: 'finance', label: { 'zh-CN': '金融', 'zh-TW': '金融', en: 'Finance' } },
          { apiName: 'technology', label: { 'zh-CN': '科技', 'zh-TW': '科技', en: 'Technology' } },
          { apiName: 'other', label: { 'zh-CN': '其他', 'zh-TW': '其他', en: 'Other' } },
        ],
      },
      { apiName: 'phone', type: 'phone', label: { 'zh-CN': '电话', 'zh-TW': '電話', en: 'Phone' } },
      { apiName: 'website', type: 'url', label: { 'zh-CN': '网站', 'zh-TW': '網站', en: 'Website' } },
      { apiName: 'parent', type: 'lookup', target: 'account', deleteRule: 'setNull', label: { 'zh-CN': '上级客户', 'zh-TW': '上級客戶', en: 'Parent account' } },
    ],
  },
  {
    object: { apiName: 'contact', label: { 'zh-CN': '联系人', 'zh-TW': '聯絡人', en: 'Contact' }, pluralLabel: { 'zh-CN': '联系人', 'zh-TW': '聯絡人', en: 'Contacts' } },
    fields: [
      { apiName: 'account', type: 'lookup', target: 'account', deleteRule: 'setNull', label: { 'zh-CN': '客户', 'zh-TW': '客戶', en: 'Account' } },
      { apiName: 'email', type: 'email', label: { 'zh-CN': '邮箱', 'zh-TW': '電子郵件', en: 'Email' } },
      { apiName: 'mobile', type: 'phone', label: { 'zh-CN': '手机', 'zh-TW': '手機', en: 'Mobile' } },
      { apiName: 'title', type: 'text', label: { 'zh-CN': '职务', 'zh-TW': '職稱', en: 'Title' } },
    ],
  },
];

export async function installStandardModel(tx: Queryable, ws: { workspaceId: string; schemaName: string; actorId: string }): Promise<void> {
  for (const def of STANDARD_OBJECTS) {
    await createObject(tx, ws.workspaceId, def.object);
    for (const field of def.fields) await createField(tx, ws.workspaceId, def.object.apiName, field);
  }
}
