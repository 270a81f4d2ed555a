import type { FormulaContext } from '../formula/formula-functions.ts';
import { dateInZone } from '../formula/formula-values.ts';
import type { FieldDef } from '../metadata/types.ts';
import type { FilterOp } from './filter.ts';
import { FAMILY } from './operators.ts';
import { report, type Problems } from './query-problems.ts';

/**
 * Filter values that stay relative to whoever reads and when, so a saved
 * view such as "my open opportunities closing this month" means the same
 * thing to every reader on every day:
 *
 * - `$me`: the reader, on user fields (`ownerId`, `createdBy`, …).
 * - `$today`, `$startOfWeek`, `$endOfWeek`, `$startOfMonth`, `$endOfMonth`,
 *   `$startOfQuarter`, `$endOfQuarter`, `$startOfYear`, `$endOfYear`, each
 *   optionally shifted in its own unit: `$today-7` (seven days ago),
 *   `$startOfMonth-1` (the first day of last month). Weeks start on Monday.
 *
 * Days are the reader's, in their time zone. On a date-time field a day is
 * an interval, so the operator picks its edge: `gte`/`lt` the day's first
 * instant, `gt`/`lte` its last, `between` the low day's first and the high
 * day's last; equality with a day would compare against one instant, so it
 * is refused. Tokens are replaced by plain values before the values are
 * checked, so everything else (types, operators) works as for typed values.
 */

export const RELATIVE_DATE_TOKENS = ['today', 'startOfWeek', 'endOfWeek', 'startOfMonth', 'endOfMonth', 'startOfQuarter', 'endOfQuarter', 'startOfYear', 'endOfYear'] as const;
export const CURRENT_USER_TOKEN = '$me';

const DATE_TOKEN = new RegExp(`^\\$(${RELATIVE_DATE_TOKENS.join('|')})(?:([+-])(\\d{1,4}))?$`);

type Day = { y: number; m: number; d: number };

const dayOf = (iso: string): Day => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};
/** Date.UTC normalises overflowing months and days, which is exactly calendar arithmetic. */
const utcDay = (y: number, m: number, d: number): Day => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const isoOf = (day: Day): string => `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;

function relativeDay(token: (typeof RELATIVE_DATE_TOKENS)[number], shift: number, today: Day): Day {
  const { y, m, d } = today;
  switch (token) {
    case 'today':
      return utcDay(y, m, d + shift);
    case 'startOfWeek':
    case 'endOfWeek': {
      const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
      const monday = d - weekday + 7 * shift;
      return utcDay(y, m, token === 'startOfWeek' ? monday : monday + 6);
    }
    case 'startOfMonth':
      return utcDay(y, m + shift, 1);
    case 'endOfMonth':
      return utcDay(y, m + shift + 1, 0);
    case 'startOfQuarter':
    case 'endOfQuarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1 + 3 * shift;
      return token === 'startOfQuarter' ? utcDay(y, first, 1) : utcDay(y, first + 3, 0);
    }
    case 'startOfYear':
      return utcDay(y + shift, 1, 1);
    case 'endOfYear':
      return utcDay(y + shift, 12, 31);
  }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** The first instant of a calendar day in a zone (twice round, so a change of offset that day lands right). */
function startOfDay(day: Day, timeZone: string): number {
  const wall = Date.UTC(day.y, day.m - 1, day.d);
  const guess = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(guess, timeZone);
}

type Edge = 'start' | 'end';
const EDGE: Partial<Record<FilterOp, Edge>> = { gte: 'start', lt: 'start', gt: 'end', lte: 'end' };

/**
 * The value with its tokens replaced for this reader, or the value itself
 * when it holds none. Problems (a token without a reader, a day compared for
 * equality with a date-time) are reported under `path`.
 */
export function resolveRelativeValue(field: FieldDef, op: FilterOp, value: unknown, context: FormulaContext | undefined, path: string, problems: Problems): unknown {
  const family = FAMILY[field.type];
  const isToken = (v: unknown) => typeof v === 'string' && (family === 'uuid' ? v === CURRENT_USER_TOKEN : DATE_TOKEN.test(v));
  if (family !== 'uuid' && family !== 'date' && family !== 'datetime') return value;
  const items = Array.isArray(value) ? value : [value];
  if (!items.some(isToken)) return value;
  if (!context) {
    report(problems, path, 'invalidFilter', { detail: 'relative values ($me, $today, …) need a reader, and this filter has none' });
    return value;
  }
  if (family === 'uuid') {
    if (field.type !== 'userRef') {
      report(problems, path, 'invalidFilter', { detail: '$me stands for a user: use it on user fields' });
      return value;
    }
    const me = (v: unknown) => (v === CURRENT_USER_TOKEN ? context.user.id : v);
    return Array.isArray(value) ? value.map(me) : me(value);
  }
  const today = dayOf(dateInZone(context.now, context.timeZone));
  const dayFor = (v: string): Day => {
    const [, token, sign, amount] = DATE_TOKEN.exec(v)!;
    const shift = amount === undefined ? 0 : (sign === '-' ? -1 : 1) * Number(amount);
    return relativeDay(token as (typeof RELATIVE_DATE_TOKENS)[number], shift, today);
  };
  if (family === 'date') {
    const day = (v: unknown) => (isToken(v) ? isoOf(dayFor(v as string)) : v);
    return Array.isArray(value) ? value.map(day) : day(value);
  }
  const edges: Edge[] | undefined = op === 'between' ? ['start', 'end'] : EDGE[op] ? [EDGE[op]!] : undefined;
  if (!edges) {
    report(problems, path, 'invalidFilter', { detail: `a relative day on a date-time field takes gt, gte, lt, lte or between, not ${op}` });
    return value;
  }
  const instant = (v: unknown, edge: Edge) => {
    if (!isToken(v)) return v;
    const day = dayFor(v as string);
    const at = edge === 'start' ? startOfDay(day, context.timeZone) : startOfDay(utcDay(day.y, day.m, day.d + 1), context.timeZone) - 1;
    return new Date(at).toISOString();
  };
  return Array.isArray(value) ? value.map((v, i) => instant(v, edges[Math.min(i, edges.length - 1)]!)) : instant(value, edges[0]!);
}
