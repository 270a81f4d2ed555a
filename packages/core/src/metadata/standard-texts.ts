import { LOCALES, type Locale, type LocalizedText } from './types.ts';

/**
 * Carrying a package's corrected wording (labels, help text, messages) to a
 * workspace that already has the item, without undoing its administrators'
 * own wording. Each language is decided on its own: a language is replaced
 * only while the workspace still shows exactly what the package shipped in
 * it before, so an administrator who renamed the zh-CN label still gets a
 * zh-TW fix, and one who renamed the zh-TW label keeps it.
 */

/** An item's texts by name: `label`, `pluralLabel`, `helpText`, `message`… */
export type ItemTexts = Readonly<Record<string, LocalizedText | undefined>>;

export type TextChange = { text: string; value: LocalizedText | undefined; locales: Locale[] };

/**
 * The text a workspace should have after the upgrade, and the languages that
 * changed; undefined when nothing changes. `shipped` is what the package gave
 * the workspace last time, `next` what it ships now. A language absent from
 * both `current` and `shipped` counts as unchanged by the administrator (the
 * package may add a language); one the administrator removed stays removed.
 */
export function upgradeText(current: LocalizedText | undefined, shipped: LocalizedText | undefined, next: LocalizedText | undefined): { value: LocalizedText | undefined; locales: Locale[] } | undefined {
  const value: LocalizedText = { ...current };
  const locales: Locale[] = [];
  for (const locale of LOCALES) {
    const was = shipped?.[locale];
    const now = next?.[locale];
    if (now === was || current?.[locale] !== was) continue;
    if (now === undefined) delete value[locale];
    else value[locale] = now;
    locales.push(locale);
  }
  if (locales.length === 0) return undefined;
  // Emptied only when the package dropped the text (help text it no longer ships); never a label to nothing.
  if (Object.keys(value).length === 0) return next === undefined ? { value: undefined, locales } : undefined;
  return { value: Object.fromEntries(LOCALES.filter((l) => value[l] !== undefined).map((l) => [l, value[l]])), locales };
}

/** Every text of an item that changes, by name (texts the package never had and still has not are skipped). */
export function upgradeTexts(current: ItemTexts, shipped: ItemTexts, next: ItemTexts): TextChange[] {
  const names = [...new Set([...Object.keys(shipped), ...Object.keys(next)])].sort();
  return names.flatMap((text) => {
    const change = upgradeText(current[text], shipped[text], next[text]);
    return change ? [{ text, ...change }] : [];
  });
}
