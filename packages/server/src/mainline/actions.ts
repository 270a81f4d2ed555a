import { DomainError, type ActionDescription, type WorkspaceMetadata } from '@mainline/core';
import { APPROVAL_ACTIONS } from '../approvals/approval-actions.ts';
import type { WriteContext } from '../records/write-context.ts';
import { redeemReward } from './club.ts';
import { recalculateCustomerValue } from './customer-360.ts';
import { convertLead } from './lead-conversion.ts';
import { cancelOrder, fulfilOrder, placeOrder } from './orders.ts';
import { acceptQuote, addProductToQuote, repriceQuote, reviseQuote } from './quotes.ts';
import { answerSurvey, closeCase, closeFeedback } from './service-desk.ts';
import { lockRecord } from '../records/record-service.ts';

/**
 * Business actions: `POST /api/records/{object}/{id}/actions/{action}` (and
 * collection actions without an id). Each runs in one write transaction as
 * the caller, through the one write path, so permissions, history, events
 * and rollback on failure are those of any other write.
 */
export type RecordAction = { description: string; run(ctx: WriteContext, id: string, body: unknown): Promise<unknown> };
export type CollectionAction = { description: string; run(ctx: WriteContext, body: unknown): Promise<unknown> };

export const RECORD_ACTIONS: Record<string, Record<string, RecordAction>> = {
  lead: { convert: { description: 'Convert into an account (new or existing), a contact and optionally an opportunity.', run: convertLead } },
  quote: {
    addProduct: { description: 'Add a product, configured with its options, priced from the price book.', run: addProductToQuote },
    recalculate: {
      description: 'Re-price every line and the totals.',
      run: async (ctx, id) => {
        await lockRecord(ctx, ctx.metadata.objects.quote!, id, 'edit');
        return { quote: await repriceQuote(ctx, id) };
      },
    },
    accept: { description: 'Accept the quote: creates an order with the same lines.', run: (ctx, id) => acceptQuote(ctx, id) },
    revise: { description: 'Create the next version of the quote; this one is superseded.', run: (ctx, id) => reviseQuote(ctx, id) },
  },
  order: {
    place: { description: 'Place the order after a credit check; held with the reason when credit is exceeded.', run: (ctx, id) => placeOrder(ctx, id) },
    fulfil: { description: 'Mark the order fulfilled; club members earn points.', run: (ctx, id) => fulfilOrder(ctx, id) },
    cancel: { description: 'Cancel the order.', run: (ctx, id) => cancelOrder(ctx, id) },
  },
  case: { close: { description: 'Close the case and send the satisfaction survey.', run: closeCase } },
  surveyResponse: { answer: { description: 'Record the answer: CSAT 1–5 and/or NPS 0–10.', run: answerSurvey } },
  feedback: { close: { description: 'Close with a resolution.', run: closeFeedback } },
  loyaltyMember: { redeem: { description: 'Redeem a reward for points.', run: redeemReward } },
};

export const COLLECTION_ACTIONS: Record<string, Record<string, CollectionAction>> = {
  account: { recalculateValue: { description: 'Recalculate every account’s RFM score and value level.', run: (ctx) => recalculateCustomerValue(ctx) } },
};

export function actionOf<T>(table: Record<string, Record<string, T>>, object: string, action: string): T {
  const found = Object.hasOwn(table, object) && Object.hasOwn(table[object]!, action) ? table[object]![action] : undefined;
  if (!found) throw new DomainError({ code: 'notFound', errors: [{ field: 'action', code: 'unknownAction', params: { action: action.slice(0, 100), object: object.slice(0, 100) } }] });
  return found;
}

/** Objects with an approval process have the approval actions; business actions of the same name win. */
const withApprovals = (metadata: WorkspaceMetadata, object: string): Record<string, RecordAction> => {
  const own = Object.hasOwn(RECORD_ACTIONS, object) ? RECORD_ACTIONS[object]! : {};
  const def = Object.hasOwn(metadata.objects, object) ? metadata.objects[object] : undefined;
  if (!def?.approvalProcesses?.length) return own;
  const approvals = Object.fromEntries(Object.entries(APPROVAL_ACTIONS).map(([name, a]) => [name, { description: a.description, run: (ctx: WriteContext, id: string, body: unknown) => a.run(ctx, object, id, body) }]));
  return { ...approvals, ...own };
};

/** The record action `action` of `object` in this workspace's metadata. */
export function recordActionOf(metadata: WorkspaceMetadata, object: string, action: string): RecordAction {
  return actionOf({ [object]: withApprovals(metadata, object) }, object, action);
}

/** Every action, for the OpenAPI document. */
export function describeActions(metadata?: WorkspaceMetadata): ActionDescription[] {
  const objects = [...new Set([...Object.keys(RECORD_ACTIONS), ...Object.keys(metadata?.objects ?? {})])];
  const table = metadata ? Object.fromEntries(objects.map((o) => [o, withApprovals(metadata, o)])) : RECORD_ACTIONS;
  const one = Object.entries(table).flatMap(([object, actions]) => Object.entries(actions).map(([name, a]) => ({ object, name, description: a.description, collection: false })));
  const many = Object.entries(COLLECTION_ACTIONS).flatMap(([object, actions]) => Object.entries(actions).map(([name, a]) => ({ object, name, description: a.description, collection: true })));
  return [...one, ...many];
}
