import type { RecordAccess } from '../api/records.ts';
import type { FieldDef } from '../api/types.ts';

/** An input of an action's dialog; its name is the body's key, so the server's problems land beside it. */
export type ActionInput =
  | { name: string; kind: 'text'; required?: boolean }
  | { name: string; kind: 'integer'; min: number; max: number; required?: boolean }
  | { name: string; kind: 'lookup'; target: string; required?: boolean };

export type InputKey = 'resolution' | 'csat' | 'nps' | 'comment' | 'reward';

/**
 * The bodies of the actions that take inputs besides the two with their own
 * screens (lead conversion, the quote builder); the server's action table
 * (packages/server/src/mainline/actions.ts) says what each one accepts.
 */
export const ACTION_INPUTS: Record<string, Record<string, { inputs: ActionInput[]; labels: Record<string, InputKey> }>> = {
  case: { close: { inputs: [{ name: 'resolution', kind: 'text' }], labels: { resolution: 'resolution' } } },
  feedback: { close: { inputs: [{ name: 'resolution', kind: 'text', required: true }], labels: { resolution: 'resolution' } } },
  surveyResponse: {
    answer: {
      inputs: [
        { name: 'csatScore', kind: 'integer', min: 1, max: 5 },
        { name: 'npsScore', kind: 'integer', min: 0, max: 10 },
        { name: 'comment', kind: 'text' },
      ],
      labels: { csatScore: 'csat', npsScore: 'nps', comment: 'comment' },
    },
  },
  loyaltyMember: { redeem: { inputs: [{ name: 'reward', kind: 'lookup', target: 'reward', required: true }], labels: { reward: 'reward' } } },
};

/** Approval actions exist on every object with an approval process; each takes a comment (a rejection needs one). */
const withComment = (required: boolean) => ({ inputs: [{ name: 'comment', kind: 'text' as const, required }], labels: { comment: 'comment' as const } });
const APPROVAL_INPUTS = { submitForApproval: withComment(false), approve: withComment(false), reject: withComment(true), recall: withComment(false) };

/** The dialog of an action on an object, if it takes inputs. */
export function actionInputsOf(object: string, action: string): { inputs: ActionInput[]; labels: Record<string, InputKey> } | undefined {
  return ACTION_INPUTS[object]?.[action] ?? (Object.hasOwn(APPROVAL_INPUTS, action) ? APPROVAL_INPUTS[action as keyof typeof APPROVAL_INPUTS] : undefined);
}

/** Actions with a screen of their own. */
export const OWN_SCREENS = new Set(['lead.convert', 'quote.addProduct']);

/** Where to go after an action that makes another record: the result's key and that record's object. */
export const FOLLOW_RESULT: Record<string, { key: string; object: string }> = {
  'lead.convert': { key: 'account', object: 'account' },
  'quote.accept': { key: 'order', object: 'order' },
  'quote.revise': { key: 'quote', object: 'quote' },
};

export const ACTION_NAMES = new Set(['convert', 'addProduct', 'recalculate', 'accept', 'revise', 'place', 'fulfil', 'cancel', 'close', 'answer', 'redeem', 'recalculateValue', 'submitForApproval', 'approve', 'reject', 'recall']);
export type ActionNameKey =
  | 'convert' | 'addProduct' | 'recalculate' | 'accept' | 'revise' | 'place' | 'fulfil' | 'cancel' | 'close' | 'answer' | 'redeem' | 'recalculateValue'
  | 'submitForApproval' | 'approve' | 'reject' | 'recall';

/** A lookup input outside a record form (e.g. the reward to redeem) needs a field definition to search by. */
export function lookupField(apiName: string, target: string): FieldDef {
  return { apiName, type: 'lookup', target, label: {}, required: false, unique: false, externalId: false, system: false };
}

const DECISIONS = new Set(['approve', 'reject']);

/**
 * Which actions this reader can run on this record now, as the server will
 * judge them: every business action changes the record, so it needs edit
 * access (which a pending approval takes away from everyone); while the
 * record awaits approval only its approvers may decide and its submitter
 * recall; with nothing pending there is nothing to decide or recall.
 */
export function offeredAction(name: string, canEdit: boolean, access: RecordAccess): boolean {
  if (access.locked) return (DECISIONS.has(name) && access.locked.decide) || (name === 'recall' && access.locked.recall);
  return canEdit && !DECISIONS.has(name) && name !== 'recall';
}
