import { DomainError, type ObjectDef } from '@mainline/core';
import { foreignKeyName, uniqueIndexName } from '../schema/constraint-names.ts';

type PgError = { code?: string; constraint?: string; column?: string; table?: string; message?: string };

const isPgError = (e: unknown): e is PgError => typeof e === 'object' && e !== null && typeof (e as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgError).code!);

/**
 * Maps a Postgres error raised by a record write to the field it concerns.
 * Constraint names are derived from object and field (constraint-names.ts),
 * so the violated constraint identifies the field exactly.
 */
export function toDomainError(error: unknown, object: ObjectDef, objects: Record<string, ObjectDef>): unknown {
  if (!isPgError(error)) return error;
  const fieldOf = (name: (o: string, f: string) => string, o: ObjectDef = object) => o.fields.find((f) => name(o.apiName, f.apiName) === error.constraint)?.apiName;
  switch (error.code) {
    case '23505': {
      const field = fieldOf(uniqueIndexName) ?? 'id';
      return new DomainError({ code: 'conflict', errors: [{ field, code: 'duplicateValue' }] });
    }
    case '23503': {
      const field = fieldOf(foreignKeyName);
      if (field) return new DomainError({ code: 'validationFailed', errors: [{ field, code: 'referenceNotFound' }] });
      // Raised by a child table: this record is still referenced.
      for (const other of Object.values(objects)) {
        const f = fieldOf(foreignKeyName, other);
        if (f) return new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'referencedBy', params: { by: `${other.apiName}.${f}` } }] });
      }
      return new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'referencedBy', params: { by: 'another record' } }] });
    }
    case '23502':
      return new DomainError({ code: 'validationFailed', errors: [{ field: error.column ?? 'unknown', code: 'required' }] });
    case '22001':
    case '22003':
      return new DomainError({ code: 'validationFailed', errors: [{ field: error.column ?? 'value', code: 'outOfRange', params: { detail: 'value too large' } }] });
    default:
      return error;
  }
}
