import { hasHan, normaliseSearchText } from '@mainline/core';
import { pinyin } from 'pinyin-pro';

/**
 * Pinyin forms of a text holding Chinese characters, so `hdjm` and
 * `huadong` find 华东精密机械有限公司 (traditional characters too). A name
 * whose first character reads differently as a surname (单, 曾, 解) gets
 * both readings, separated by a space no normalised query contains, so
 * neither reading can match across the other.
 */
export type PinyinForms = { initials: string[]; syllables: string[] };

const READINGS = [{}, { surname: 'head' as const }];

export function pinyinForms(text: string): PinyinForms | undefined {
  if (!hasHan(text)) return undefined;
  const initials = new Set<string>();
  const syllables = new Set<string>();
  for (const reading of READINGS) {
    // `v`: ü is typed as v on Chinese keyboards (女 → nv).
    const full = pinyin(text, { toneType: 'none', type: 'array', v: true, ...reading });
    syllables.add(normaliseSearchText(full.join('')));
    initials.add(normaliseSearchText(full.map((s) => [...s][0] ?? '').join('')));
  }
  return { initials: [...initials], syllables: [...syllables] };
}
