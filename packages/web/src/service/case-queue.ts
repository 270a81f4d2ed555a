import type { ObjectDef } from '../api/types.ts';
import { closedValues, oneOf, picklist } from '../home/home-filters.ts';
import { ME } from '../records/relative-values.ts';

/**
 * The service console's queue: open cases (a status without `meta.closed`),
 * SLA due first (overdue at the top, none last), then priority (the picklist
 * is defined low → urgent, so descending puts urgent first).
 *
 * Cases have no "unassigned" owner: routing always gives them to someone (or
 * leaves them with whoever created them). What waits to be taken up is a case
 * still in its opening status (the status picklist's default, "new" in the
 * standard model) — the standard "待受理队列" view's definition.
 */
export const QUEUE_TABS = ['mine', 'waiting', 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];
export const isQueueTab = (v: unknown): v is QueueTab => (QUEUE_TABS as readonly unknown[]).includes(v);

export const QUEUE_SORT = 'slaDueAt,-priority';
export const QUEUE_FIELDS = ['name', 'subject', 'status', 'priority', 'slaDueAt', 'account', 'account.name', 'ownerId'];

/** The status a new case starts in: the picklist's default, else its first open value. */
export function openingStatus(kase: ObjectDef): string | undefined {
  const status = picklist(kase, 'status');
  const closed = new Set(closedValues(status));
  if (typeof status?.defaultValue === 'string' && !closed.has(status.defaultValue)) return status.defaultValue;
  return status?.values?.find((v) => !closed.has(v.apiName))?.apiName;
}

export function queueFilter(kase: ObjectDef, tab: QueueTab): unknown {
  const open = { not: oneOf('status', closedValues(picklist(kase, 'status'))) };
  if (tab === 'mine') return { and: [open, { field: 'ownerId', op: 'eq', value: ME }] };
  if (tab === 'waiting') {
    const opening = openingStatus(kase);
    return opening ? { and: [open, { field: 'status', op: 'eq', value: opening }] } : open;
  }
  return open;
}

/** How far a due time is from now, in the largest unit that fits: "2 小时", "3 days". */
export function sinceOrUntil(due: string, now: number, locale: string): { overdue: boolean; span: string } {
  const ms = new Date(due).getTime() - now;
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 48 * 60 ? [Math.round(minutes / 60), 'hour'] : [Math.round(minutes / 1440), 'day'];
  return { overdue: ms < 0, span: new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value) };
}

/** NPS bands: detractor 0–6, passive 7–8, promoter 9–10. */
export type NpsBand = 'detractor' | 'passive' | 'promoter';
export const npsBand = (score: number): NpsBand => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');
