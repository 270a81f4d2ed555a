import { useMemo } from 'react';
import { useMe } from '../api/session.ts';
import type { CurrencyValue, Locale } from '../api/types.ts';
import { useLabels } from './labels.ts';

export type Formatters = {
  number: (value: string | number, fractionDigits?: number) => string;
  currency: (value: CurrencyValue) => string;
  percent: (value: string | number) => string;
  date: (value: string) => string;
  dateTime: (value: string) => string;
  /** The time of day (hours and minutes) in the user's time zone. */
  time: (value: string) => string;
  relative: (value: string) => string;
  /** Short figures for chart axes: 1.2万 / 12K. */
  compact: (value: number) => string;
};

const INTL_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-CN', 'zh-TW': 'zh-TW', en: 'en-US' };

/** Dates, numbers and money in the user's language and time zone (Intl does the work). */
export function createFormatters(locale: Locale, timeZone: string): Formatters {
  const tag = INTL_LOCALE[locale];
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone });
  // Dates have no time zone: format them at noon UTC, shown in UTC, so no zone shifts the day.
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const compact = new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 });
  return {
    number: (value, fractionDigits) =>
      new Intl.NumberFormat(tag, fractionDigits === undefined ? { maximumFractionDigits: 20 } : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(
        // Intl formats decimal strings exactly (no float rounding).
        value as unknown as number,
      ),
    currency: (value) => {
      try {
        return new Intl.NumberFormat(tag, { style: 'currency', currency: value.currency }).format(value.amount as unknown as number);
      } catch {
        return `${value.currency} ${value.amount}`;
      }
    },
    percent: (value) => `${new Intl.NumberFormat(tag, { maximumFractionDigits: 6 }).format(value as unknown as number)}%`,
    date: (value) => date.format(new Date(`${value}T12:00:00Z`)),
    dateTime: (value) => dateTime.format(new Date(value)),
    time: (value) => time.format(new Date(value)),
    relative: (value) => {
      const seconds = (new Date(value).getTime() - Date.now()) / 1000;
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ['day', 86400],
        ['hour', 3600],
        ['minute', 60],
      ];
      for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
      return relative.format(0, 'second');
    },
    compact: (value) => compact.format(value),
  };
}

export function useFormat(): Formatters {
  const { locale } = useLabels();
  const me = useMe().data;
  const timeZone = me?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return useMemo(() => createFormatters(locale, timeZone), [locale, timeZone]);
}
