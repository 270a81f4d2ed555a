import type { ObjectDef } from '@mainline/core';
import { CASE_BEHAVIOURS } from '../mainline/case-sla.ts';
import { CLUB_BEHAVIOURS } from '../mainline/club.ts';
import { CREDIT_CODE_BEHAVIOURS } from '../mainline/credit-codes.ts';
import { QUOTE_BEHAVIOURS } from '../mainline/quotes.ts';
import type { WriteContext } from './write-context.ts';

/**
 * Business logic that configuration cannot express, attached to standard
 * objects and run inside the one write path (same transaction, same
 * actor). Each hook may change the values being written or refuse the
 * write with a DomainError. Keep them few and small: whatever can be said
 * as metadata (picklist effects, validation rules) belongs there instead.
 */
export type ObjectBehaviour = {
  beforeCreate?(ctx: WriteContext, object: ObjectDef, rows: Record<string, unknown>[]): Promise<void>;
  afterCreate?(ctx: WriteContext, object: ObjectDef, records: Record<string, unknown>[]): Promise<void>;
  beforeUpdate?(ctx: WriteContext, object: ObjectDef, before: Record<string, unknown>, values: Record<string, unknown>): Promise<void>;
  afterUpdate?(ctx: WriteContext, object: ObjectDef, before: Record<string, unknown>, after: Record<string, unknown>): Promise<void>;
  afterDelete?(ctx: WriteContext, object: ObjectDef, before: Record<string, unknown>, depth: number): Promise<void>;
  /** depth > 0: the delete cascades from a master record. */
  beforeDelete?(ctx: WriteContext, object: ObjectDef, before: Record<string, unknown>, depth: number): Promise<void>;
};

const BEHAVIOURS: Record<string, ObjectBehaviour> = { ...CLUB_BEHAVIOURS, ...QUOTE_BEHAVIOURS, ...CREDIT_CODE_BEHAVIOURS, ...CASE_BEHAVIOURS };
export const behaviourOf = (object: string): ObjectBehaviour | undefined => (Object.hasOwn(BEHAVIOURS, object) ? BEHAVIOURS[object] : undefined);
