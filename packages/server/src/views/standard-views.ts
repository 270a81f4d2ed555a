import type { FilterNode, SortKey } from '@mainline/core';
import { systemAccess } from '../access/record-access.ts';
import type { Queryable } from '../db/port.ts';
import { readMetadata } from '../metadata/metadata-store.ts';
import { L, type Labels } from '../metadata/standard-model/labels.ts';
import { createView } from './list-views.ts';

/**
 * The list views a new workspace starts with, per mainline object: "All"
 * first (what the list shows with no view chosen), then the working lists
 * people open every day. They are shared, relative to the reader (`$me`,
 * this week, this month), and an administrator may change or remove them.
 * Columns default to the object's list columns.
 */
type StandardView = { label: Labels; filter?: FilterNode; sort?: SortKey[]; columns?: string[] };

const mine: FilterNode = { field: 'ownerId', op: 'eq', value: '$me' };
const notIn = (field: string, value: string[]): FilterNode => ({ not: { field, op: 'in', value } });
// "All" keeps the list's default order, so a list with no view chosen looks as it always did.
const all = (label: Labels): StandardView => ({ label });
const my = (label: Labels, ...more: FilterNode[]): StandardView => ({ label, filter: more.length ? { and: [mine, ...more] } : mine, sort: [{ field: 'updatedAt', direction: 'desc' }] });

const OPEN_OPPORTUNITY = notIn('stage', ['closedWon', 'closedLost']);
const OPEN_CASE = notIn('status', ['resolved', 'closed']);

export const STANDARD_VIEWS: Record<string, StandardView[]> = {
  account: [
    all(L('全部客户', '全部客戶', 'All accounts')),
    my(L('我的客户', '我的客戶', 'My accounts')),
    { label: L('重点客户', '重點客戶', 'Key accounts'), filter: { field: 'level', op: 'in', value: ['strategic', 'key'] }, sort: [{ field: 'level', direction: 'asc' }, { field: 'name', direction: 'asc' }] },
  ],
  contact: [all(L('全部联系人', '全部聯絡人', 'All contacts')), my(L('我的联系人', '我的聯絡人', 'My contacts'))],
  opportunity: [
    all(L('全部商机', '全部商機', 'All opportunities')),
    my(L('我的进行中商机', '我的進行中商機', 'My open opportunities'), OPEN_OPPORTUNITY),
    {
      label: L('本月预计成交', '本月預計成交', 'Closing this month'),
      filter: { and: [{ field: 'closeDate', op: 'between', value: ['$startOfMonth', '$endOfMonth'] }, OPEN_OPPORTUNITY] },
      sort: [{ field: 'closeDate', direction: 'asc' }],
    },
  ],
  quote: [all(L('全部报价', '全部報價', 'All quotes')), my(L('我的报价', '我的報價', 'My quotes'))],
  order: [all(L('全部订单', '全部訂單', 'All orders')), my(L('我的订单', '我的訂單', 'My orders'))],
  lead: [
    all(L('全部线索', '全部潛在客戶', 'All leads')),
    my(L('我的线索', '我的潛在客戶', 'My leads'), notIn('status', ['unqualified', 'converted'])),
    { label: L('本周新线索', '本週新潛在客戶', 'New this week'), filter: { field: 'createdAt', op: 'gte', value: '$startOfWeek' }, sort: [{ field: 'createdAt', direction: 'desc' }] },
  ],
  case: [
    all(L('全部工单', '全部工單', 'All cases')),
    my(L('我的未结工单', '我的未結工單', 'My open cases'), OPEN_CASE),
    { label: L('待受理队列', '待受理佇列', 'Queue: new cases'), filter: { field: 'status', op: 'eq', value: 'new' }, sort: [{ field: 'createdAt', direction: 'asc' }] },
    {
      label: L('高优先级', '高優先順序', 'High priority'),
      filter: { and: [{ field: 'priority', op: 'in', value: ['high', 'urgent'] }, OPEN_CASE] },
      sort: [{ field: 'priority', direction: 'desc' }, { field: 'createdAt', direction: 'asc' }],
    },
  ],
  activity: [all(L('全部活动', '全部活動', 'All activities')), my(L('我的待办', '我的待辦', 'My open activities'), { field: 'status', op: 'eq', value: 'open' })],
  campaign: [
    all(L('全部市场活动', '全部行銷活動', 'All campaigns')),
    { label: L('进行中的市场活动', '進行中的行銷活動', 'Active campaigns'), filter: { field: 'status', op: 'eq', value: 'active' }, sort: [{ field: 'startDate', direction: 'desc' }] },
  ],
  feedback: [all(L('全部反馈', '全部回饋', 'All feedback')), my(L('我的反馈', '我的回饋', 'My feedback'))],
};

/** Installed through the same checks as any view, with full access, by the workspace's first administrator. */
export async function installStandardViews(tx: Queryable, ws: { workspaceId: string; schemaName: string; actorId: string }): Promise<void> {
  const metadata = await readMetadata(tx, { id: ws.workspaceId, schemaName: ws.schemaName, metadataVersion: 0 });
  const ctx = {
    q: tx,
    metadata,
    access: systemAccess(metadata, ws.actorId, []),
    formula: { now: new Date(), timeZone: 'Asia/Shanghai', user: { id: ws.actorId, name: '', email: '' } },
    userId: ws.actorId,
  };
  for (const [object, views] of Object.entries(STANDARD_VIEWS)) {
    for (const [position, view] of views.entries()) {
      await createView(ctx, { object, ...(view.columns ? { columns: view.columns } : {}), label: view.label, visibility: 'shared', ...(view.filter ? { filter: view.filter } : {}), ...(view.sort ? { sort: view.sort } : {}) }, { standard: true, position });
    }
  }
}
