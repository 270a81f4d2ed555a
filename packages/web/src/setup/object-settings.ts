import type { FieldDef, ObjectDef, SharingModel } from '@mainline/core';
import { ProblemError } from '../api/http.ts';
import { plainMessage } from '../actions/problem-fields.ts';

/**
 * The object settings Setup changes with PATCH /api/metadata/objects/{object}:
 * which values each control offers and what it shows, kept apart from the
 * components so the rules are tested without a browser.
 */

/** The settings the object page's settings panel changes, by their API property. */
export type ObjectSetting = 'searchable' | 'implicitParentAccess' | 'sharingModel';

const SHARING_MODELS = ['private', 'publicRead', 'publicReadWrite', 'controlledByParent'] as const satisfies readonly SharingModel[];

/** An absent sharing model means public read/write (objects defined before sharing existed). */
export const sharingModelOf = (o: ObjectDef): SharingModel => o.sharingModel ?? 'publicReadWrite';

/** "Controlled by parent" means something only with a master-detail field; an object already on it keeps it offered so the select can show it. */
export const sharingModelChoices = (o: ObjectDef): SharingModel[] =>
  SHARING_MODELS.filter((m) => m !== 'controlledByParent' || o.fields.some((f) => f.type === 'masterDetail') || o.sharingModel === m);

/** Absent means the object takes part in global search; only false is stored. */
export const inGlobalSearch = (o: ObjectDef): boolean => o.searchable !== false;

/** The lookups that may carry implicit parent access: the server takes a lookup with a target, not a master-detail (a detail already follows its master). */
export const parentLookups = (o: ObjectDef): FieldDef[] => o.fields.filter((f) => f.type === 'lookup' && Boolean(f.target));

/** What switching implicit access on proposes: the lookup already chosen, else the one to the account (the usual parent), else the first. */
export function proposedParentLookup(o: ObjectDef): string | undefined {
  const lookups = parentLookups(o);
  return (lookups.find((f) => f.apiName === o.implicitParentAccess) ?? lookups.find((f) => f.target === 'account') ?? lookups[0])?.apiName;
}

/**
 * The server's words for a refused setting, to show beside its control: the
 * problems naming the property; otherwise (403, a conflict) the problem's own
 * detail, since the control just changed is what it refused.
 */
export function settingProblem(error: unknown, setting: ObjectSetting, fallback: string): string {
  if (!(error instanceof ProblemError)) return fallback;
  const errors = error.problem.errors ?? [];
  const own = errors.filter((e) => e.field === setting || e.field.startsWith(`${setting}.`)).map(plainMessage);
  if (own.length > 0) return own.join(' ');
  return errors.map(plainMessage).join(' ') || error.problem.detail || error.problem.title || fallback;
}
