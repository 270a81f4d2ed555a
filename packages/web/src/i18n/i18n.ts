import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types.ts';
import { en } from './messages-en.ts';
import { zhCN, type Messages } from './messages-zh-CN.ts';
import { zhTW } from './messages-zh-TW.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const LOCALES: readonly Locale[] = ['zh-CN', 'zh-TW', 'en'];
const STORAGE_KEY = 'mainline.locale';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The language before anyone signs in: what this browser chose last, else zh-CN (the product's default). */
function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return isLocale(stored) ? stored : 'zh-CN';
}

/**
 * Every number a message interpolates is written for the language: "100,000
 * records", "共 100,000 条". No message interpolates years or codes as
 * numbers, so grouping them is always right; texts pass through untouched.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const localeNumbers = {
  type: 'formatter' as const,
  init: () => undefined,
  add: () => undefined,
  addCached: () => undefined,
  format: (value: unknown, _format: string | undefined, lng: string | undefined): unknown => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return value;
    const locale = lng ?? 'zh-CN';
    let format = numberFormats.get(locale);
    if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
    return format.format(value);
  },
};

void i18n.use(initReactI18next).use(localeNumbers).init({
  resources: { 'zh-CN': { translation: zhCN }, 'zh-TW': { translation: zhTW }, en: { translation: en } },
  lng: initialLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false, alwaysFormat: true },
  returnNull: false,
});

/** Switches the UI language now and remembers it in this browser (the user's account keeps it too, see useChangeLocale). */
export function applyLocale(locale: Locale): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

export const currentLocale = (): Locale => (isLocale(i18n.language) ? i18n.language : 'zh-CN');

export { i18n };
