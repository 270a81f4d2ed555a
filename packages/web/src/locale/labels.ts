import { useTranslation } from 'react-i18next';
import { isLocale } from '../i18n/i18n.ts';
import type { FieldDef, Locale, LocalizedText, ObjectDef, PicklistValue } from '../api/types.ts';

/** A metadata label in the user's language, else the nearest one defined (zh-TW ↔ zh-CN, then en). */
export function labelIn(text: LocalizedText | undefined, locale: Locale, fallback: string): string {
  if (!text) return fallback;
  const order: Locale[] = locale === 'en' ? ['en', 'zh-CN', 'zh-TW'] : locale === 'zh-TW' ? ['zh-TW', 'zh-CN', 'en'] : ['zh-CN', 'zh-TW', 'en'];
  for (const l of order) if (text[l]) return text[l]!;
  return fallback;
}

export type Labels = {
  locale: Locale;
  object: (o: ObjectDef) => string;
  objectPlural: (o: ObjectDef) => string;
  field: (f: FieldDef) => string;
  value: (f: FieldDef, apiName: string) => string;
  help: (f: FieldDef) => string | undefined;
};

/** Label functions bound to the current UI language. */
export function useLabels(): Labels {
  const { i18n } = useTranslation();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'zh-CN';
  return {
    locale,
    object: (o) => labelIn(o.label, locale, o.apiName),
    objectPlural: (o) => labelIn(o.pluralLabel ?? o.label, locale, o.apiName),
    field: (f) => labelIn(f.label, locale, f.apiName),
    value: (f, apiName) => labelIn(f.values?.find((v: PicklistValue) => v.apiName === apiName)?.label, locale, apiName),
    help: (f) => (f.helpText ? labelIn(f.helpText, locale, '') || undefined : undefined),
  };
}
