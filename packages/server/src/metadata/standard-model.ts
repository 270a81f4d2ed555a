import { qualified, render } from '@mainline/core';
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/port.ts';
import { applyModelPackage, type ModelPackage, type ModelPart, type UpgradeResult } from './model-upgrade.ts';
import { CLUB } from './standard-model/club.ts';
import { MARKETING } from './standard-model/marketing.ts';
import { STANDARD_ROLES, standardRouting } from './standard-model/routing.ts';
import { SALES, SALES_LINKS } from './standard-model/sales.ts';
import { SERVICE, SERVICE_ROLLUPS } from './standard-model/service.ts';
import { TEXTS_BEFORE_MEMORY } from './standard-model/texts-before.ts';
import { installStandardViews, STANDARD_VIEWS } from '../views/standard-views.ts';

/**
 * The business mainline every new workspace starts with — campaign → lead →
 * account/contact → opportunity → quote → product & price → order → case →
 * survey → club → feedback — defined through the same metadata functions
 * customers use, so customers can add fields, picklist values and states to
 * any standard object.
 */
const CATEGORY: Record<string, string> = {
  ...Object.fromEntries(MARKETING.map((o) => [o.object.apiName, 'marketing'])),
  ...Object.fromEntries(SALES.map((o) => [o.object.apiName, 'sales'])),
  ...Object.fromEntries(SERVICE.map((o) => [o.object.apiName, 'service'])),
  ...Object.fromEntries(CLUB.map((o) => [o.object.apiName, 'club'])),
};

/** What a list shows first: the columns people scan, not every field. */
const LIST_COLUMNS: Record<string, string[]> = {
  campaign: ['name', 'type', 'status', 'startDate', 'endDate', 'budget', 'ownerId'],
  lead: ['name', 'company', 'status', 'rating', 'source', 'mobile', 'ownerId', 'createdAt'],
  campaignMember: ['name', 'campaign.name', 'lead.name', 'contact.name', 'status', 'respondedAt'],
  account: ['name', 'level', 'industry', 'type', 'city', 'phone', 'valueLevel', 'ownerId'],
  contact: ['name', 'account.name', 'title', 'mobile', 'email', 'ownerId'],
  product: ['name', 'code', 'family', 'unit', 'active', 'configurable'],
  productOption: ['name', 'product.name', 'optionProduct.name', 'group', 'minSelect', 'maxSelect'],
  bomComponent: ['name', 'product.name', 'component.name', 'quantity'],
  priceBook: ['name', 'currency', 'isStandard', 'active', 'validFrom', 'validTo'],
  priceBookEntry: ['name', 'priceBook.name', 'product.name', 'listPrice', 'active'],
  opportunity: ['name', 'account.name', 'stage', 'amount', 'probability', 'closeDate', 'ownerId'],
  opportunityLineItem: ['name', 'opportunity.name', 'product.name', 'quantity', 'unitPrice', 'totalPrice'],
  quote: ['name', 'title', 'account.name', 'status', 'total', 'version', 'validUntil', 'ownerId'],
  quoteLineItem: ['name', 'quote.name', 'lineNumber', 'product.name', 'quantity', 'unitPrice', 'discount', 'netAmount'],
  order: ['name', 'account.name', 'status', 'total', 'orderDate', 'ownerId'],
  orderLineItem: ['name', 'order.name', 'lineNumber', 'product.name', 'quantity', 'unitPrice', 'netAmount'],
  case: ['name', 'subject', 'account.name', 'status', 'priority', 'channel', 'ownerId', 'createdAt'],
  activity: ['name', 'kind', 'account.name', 'status', 'dueAt', 'ownerId'],
  survey: ['name', 'type', 'status', 'sendOnCaseClose'],
  surveyQuestion: ['name', 'survey.name', 'kind', 'position'],
  surveyResponse: ['name', 'survey.name', 'account.name', 'status', 'csatScore', 'npsScore', 'respondedAt'],
  feedback: ['name', 'kind', 'subject', 'account.name', 'status', 'severity', 'createdAt'],
  loyaltyProgram: ['name', 'currency', 'pointsPerUnit', 'active'],
  loyaltyTier: ['name', 'program.name', 'rank', 'minPoints', 'multiplier'],
  loyaltyMember: ['name', 'account.name', 'tier.name', 'pointsBalance', 'lifetimePoints', 'status'],
  pointsLedgerEntry: ['name', 'member.name', 'kind', 'points', 'balanceAfter', 'occurredAt'],
  reward: ['name', 'program.name', 'pointsCost', 'stock', 'active'],
};

const decorate = (defs: typeof SALES) =>
  defs.map((d) => ({ ...d, object: { ...d.object, category: CATEGORY[d.object.apiName], ...(LIST_COLUMNS[d.object.apiName] ? { listColumns: LIST_COLUMNS[d.object.apiName] } : {}) } }));

/** Navigation follows the mainline: a salesperson's daily objects first, catalogue and set-up after. */
const ORDER = ['account', 'contact', 'opportunity', 'quote', 'order', 'product', 'priceBook', 'campaign', 'lead', 'case', 'activity', 'feedback', 'survey', 'surveyResponse', 'loyaltyMember', 'loyaltyProgram', 'reward'];
const rank = (apiName: string) => (ORDER.includes(apiName) ? ORDER.indexOf(apiName) : ORDER.length);

export const STANDARD_MODEL = {
  objects: decorate([...SALES, ...MARKETING, ...SERVICE, ...CLUB].sort((a, b) => rank(a.object.apiName) - rank(b.object.apiName))),
  extraFields: [...SALES_LINKS, ...SERVICE_ROLLUPS],
};

/**
 * A quote whose discount exceeds 20% needs the submitter's manager's
 * approval before it can be accepted: the approval process moves the
 * status, and a validation rule (configuration, not code) refuses
 * accepting such a quote unless it comes from "approved".
 */
export const QUOTE_DISCOUNT_APPROVAL = {
  apiName: 'discountApproval',
  label: { 'zh-CN': '报价折扣审批', 'zh-TW': '報價折扣簽核', en: 'Quote discount approval' },
  entryCriteria: 'discount > 20',
  steps: [{ name: 'manager', approver: { submitterManager: true } }],
  onSubmit: { updateFields: { status: '"inReview"' } },
  onApprove: { updateFields: { status: '"approved"' } },
  onReject: { updateFields: { status: '"draft"' } },
  onRecall: { updateFields: { status: '"draft"' } },
};
export const QUOTE_DISCOUNT_RULE = {
  apiName: 'discountNeedsApproval',
  condition: 'discount > 20 && ISCHANGED(status) && status = "accepted" && PRIORVALUE(status) <> "approved"',
  field: 'status',
  message: { 'zh-CN': '折扣超过 20% 的报价须经审批通过后才能接受。', 'zh-TW': '折扣超過 20% 的報價須經簽核通過後才能接受。', en: 'A quote with a discount over 20% must be approved before it is accepted.' },
};

export const STANDARD_PACKAGE: ModelPackage = {
  ...STANDARD_MODEL,
  roles: STANDARD_ROLES,
  parts: (roleIds): ModelPart[] => [
    { object: 'quote', kind: 'approvalProcesses', definition: QUOTE_DISCOUNT_APPROVAL, roles: [] },
    { object: 'quote', kind: 'validationRules', definition: QUOTE_DISCOUNT_RULE, roles: [] },
    ...standardRouting(roleIds),
  ],
  textsBefore: TEXTS_BEFORE_MEMORY,
};

/** The model's fingerprint: start-up upgrades only workspaces that last received another one. */
export const STANDARD_MODEL_HASH = createHash('sha256')
  .update(JSON.stringify({ ...STANDARD_PACKAGE, views: STANDARD_VIEWS, parts: STANDARD_PACKAGE.parts(Object.fromEntries(STANDARD_ROLES.map((r) => [r.key, r.key]))) }))
  .digest('hex')
  .slice(0, 16);

/** A new workspace's model, and later additions to an existing one's (see model-upgrade.ts): one operation. */
export async function installStandardModel(tx: Queryable, ws: { workspaceId: string; actorId: string | null }): Promise<UpgradeResult> {
  const result = await applyModelPackage(tx, ws, STANDARD_PACKAGE, STANDARD_MODEL_HASH);
  // Standard views arrive once: a workspace that has any keeps them as its administrators left them.
  const { rows } = await tx.query<{ schema_name: string; actor: string | null }>(
    `select w.schema_name, coalesce($2::uuid, (select u.id from mainline.users u where u.workspace_id = w.id and u.is_admin order by u.created_at limit 1)) as actor
       from mainline.workspaces w where w.id = $1`,
    [ws.workspaceId, ws.actorId],
  );
  const target = rows[0];
  if (target?.actor) {
    const has = await tx.query(`select 1 from ${render(qualified(target.schema_name, '_list_views')).text} where standard limit 1`);
    if (has.rows.length === 0) {
      await installStandardViews(tx, { workspaceId: ws.workspaceId, schemaName: target.schema_name, actorId: target.actor });
      result.applied.push('views');
    }
  }
  return result;
}

/**
 * At start-up: every workspace that has not received this version of the
 * model gets its additions, each in its own transaction. A workspace whose
 * upgrade fails is reported and left as it was; the others go on.
 */
export async function upgradeStandardModels(db: Database): Promise<{ workspaceId: string; result?: UpgradeResult; error?: string }[]> {
  const { rows } = await db.query<{ id: string }>('select id from mainline.workspaces where standard_model_hash is distinct from $1 order by created_at', [STANDARD_MODEL_HASH]);
  const outcomes = [];
  for (const { id } of rows) {
    try {
      outcomes.push({ workspaceId: id, result: await db.transaction((tx) => installStandardModel(tx, { workspaceId: id, actorId: null })) });
    } catch (error) {
      outcomes.push({ workspaceId: id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
