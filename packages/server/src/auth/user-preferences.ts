import { LOCALES } from '@mainline/core';
import { z } from 'zod';
import type { Queryable } from '../db/port.ts';
import { announceCacheChange } from './cache-changes.ts';

/** An IANA zone name Intl knows (it throws a RangeError for unknown ones); offsets such as "+08:00" are not zones. */
function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const preferencesInput = z
  .object({
    locale: z.enum(LOCALES).optional(),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, { params: { code: 'invalidFormat', format: 'IANA time zone (e.g. Asia/Shanghai)' } })
      .optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type Preferences = z.output<typeof preferencesInput>;

/**
 * Changes what the user chose for themselves. Cached sessions carry locale,
 * time zone and name, so every process is told to drop them on commit.
 */
export async function updatePreferences(tx: Queryable, userId: string, prefs: Preferences): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [userId];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (prefs.locale !== undefined) set('locale', prefs.locale);
  // Stored in Intl's canonical spelling, so "asia/shanghai" reads back as "Asia/Shanghai".
  if (prefs.timeZone !== undefined) set('time_zone', new Intl.DateTimeFormat('en', { timeZone: prefs.timeZone }).resolvedOptions().timeZone);
  if (prefs.name !== undefined) set('name', prefs.name);
  if (sets.length === 0) return;
  await tx.query(`update mainline.users set ${sets.join(', ')} where id = $1`, params);
  await announceCacheChange(tx, { user: userId });
}
