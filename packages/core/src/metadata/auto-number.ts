/**
 * Auto-number patterns such as "Q-{YYYY}-{000000}": literal text, date
 * tokens {YYYY} {YY} {MM} {DD}, and one counter {0…0} whose zeros give the
 * minimum width. The counter comes from a per-field sequence; the date is
 * the record's creation date (UTC), passed in because core has no clock.
 */

export type AutoNumberDate = { year: number; month: number; day: number };

export type AutoNumberPart = { literal: string } | { token: 'YYYY' | 'YY' | 'MM' | 'DD' } | { counter: number };

export const AUTO_NUMBER_PATTERN_MAX_LENGTH = 60;
const MAX_COUNTER_WIDTH = 18;
const DATE_TOKENS = new Set(['YYYY', 'YY', 'MM', 'DD']);

/** Splits a pattern into parts, or says what is wrong with it. */
export function parseAutoNumberPattern(pattern: string): { ok: true; parts: AutoNumberPart[] } | { ok: false; detail: string } {
  if (pattern.length === 0 || pattern.length > AUTO_NUMBER_PATTERN_MAX_LENGTH) return { ok: false, detail: `must be 1 to ${AUTO_NUMBER_PATTERN_MAX_LENGTH} characters` };
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return { ok: false, detail: 'must not contain control characters' };
  const parts: AutoNumberPart[] = [];
  let counters = 0;
  const re = /\{([^{}]*)\}|([^{}]+)|([{}])/g;
  for (const m of pattern.matchAll(re)) {
    if (m[3] !== undefined) return { ok: false, detail: `unbalanced "${m[3]}"` };
    if (m[2] !== undefined) {
      parts.push({ literal: m[2] });
      continue;
    }
    const token = m[1]!;
    if (/^0+$/.test(token)) {
      if (token.length > MAX_COUNTER_WIDTH) return { ok: false, detail: `the counter has at most ${MAX_COUNTER_WIDTH} digits` };
      counters++;
      parts.push({ counter: token.length });
    } else if (DATE_TOKENS.has(token)) {
      parts.push({ token: token as 'YYYY' | 'YY' | 'MM' | 'DD' });
    } else {
      return { ok: false, detail: `unknown token {${token.slice(0, 20)}}; use {YYYY}, {YY}, {MM}, {DD} or a counter such as {0000}` };
    }
  }
  if (counters !== 1) return { ok: false, detail: 'needs exactly one counter such as {000000}' };
  return { ok: true, parts };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * The number for counter value n. A counter that outgrows its width keeps
 * all its digits: numbers stay unique, only their width grows.
 */
export function formatAutoNumber(pattern: string, n: number, date: AutoNumberDate): string {
  const parsed = parseAutoNumberPattern(pattern);
  // Patterns are validated when the field is defined; a bad one here is a bug, not bad input.
  if (!parsed.ok) throw new Error(`invalid auto-number pattern ${JSON.stringify(pattern)}: ${parsed.detail}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`invalid auto-number counter ${n}`);
  return parsed.parts
    .map((p) => {
      if ('literal' in p) return p.literal;
      if ('counter' in p) return pad(n, p.counter);
      switch (p.token) {
        case 'YYYY':
          return pad(date.year, 4);
        case 'YY':
          return pad(date.year % 100, 2);
        case 'MM':
          return pad(date.month, 2);
        case 'DD':
          return pad(date.day, 2);
      }
    })
    .join('');
}
