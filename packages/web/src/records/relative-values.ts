import type { TFunction } from 'i18next';

/**
 * Filter values the server resolves for whoever reads the list, so a saved
 * view stays "mine" and "this month" (see the server's relative-values.ts).
 * These are the ones the filter builder offers; others typed into a saved
 * view through the API still show, by their token.
 */
export const ME = '$me';
export const DATE_TOKENS = [
  '$today',
  '$today-1',
  '$today+1',
  '$today-7',
  '$today+7',
  '$today-30',
  '$startOfWeek',
  '$endOfWeek',
  '$startOfMonth',
  '$endOfMonth',
  '$startOfMonth-1',
  '$endOfMonth-1',
  '$startOfQuarter',
  '$endOfQuarter',
  '$startOfYear',
  '$endOfYear',
] as const;

type TokenKey = `views.tokens.${'me' | 'today' | 'todayMinus1' | 'todayPlus1' | 'todayMinus7' | 'todayPlus7' | 'todayMinus30' | 'startOfWeek' | 'endOfWeek' | 'startOfMonth' | 'endOfMonth' | 'startOfMonthMinus1' | 'endOfMonthMinus1' | 'startOfQuarter' | 'endOfQuarter' | 'startOfYear' | 'endOfYear'}`;
/** `$today-7` → views.tokens.todayMinus7 */
const key = (token: string) => `views.tokens.${token.slice(1).replace(/([+-])(\d+)$/, (_m, sign: string, n: string) => (sign === '+' ? 'Plus' : 'Minus') + n)}` as TokenKey;

export const isRelative = (value: unknown): value is string => typeof value === 'string' && (value === ME || (DATE_TOKENS as readonly string[]).includes(value));

/** "本月第一天" for `$startOfMonth`; undefined for anything that is not a token the UI knows. */
export function relativeLabel(t: TFunction, value: unknown): string | undefined {
  return isRelative(value) ? t(key(value)) : undefined;
}

export const dateTokenOptions = (t: TFunction) => DATE_TOKENS.map((token) => ({ value: token, label: t(key(token)) }));
