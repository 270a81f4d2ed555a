import { createHash } from 'node:crypto';

/**
 * Postgres names are limited to 63 bytes and must be unique per schema, so
 * constraint and index names are derived deterministically from object and
 * field: the record service maps a violated constraint back to its field.
 */
function name(kind: string, object: string, field: string): string {
  const hash = createHash('sha1').update(`${object}.${field}`).digest('hex').slice(0, 8);
  return `${object.slice(0, 24)}_${field.slice(0, 24)}_${hash}_${kind}`;
}

export const uniqueIndexName = (object: string, field: string): string => name('uq', object, field);
export const foreignKeyName = (object: string, field: string): string => name('fk', object, field);
export const indexName = (object: string, field: string): string => name('ix', object, field);
export const sequenceName = (object: string, field: string): string => name('seq', object, field);
