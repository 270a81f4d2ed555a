import type { SearchHit } from '../api/search.ts';
import type { ObjectDef } from '../api/types.ts';
import type { Labels } from '../locale/labels.ts';

export type HitDetail = { path: string; label: string; value: string; matched: boolean };

/**
 * The values shown under a found record's name, labelled from metadata: a
 * related record's name under its lookup's label ("Account: 华东精密"), and
 * whether this is the field the search matched.
 */
export function hitDetails(hit: SearchHit, object: ObjectDef | undefined, labels: Labels): HitDetail[] {
  return Object.entries(hit.fields).flatMap(([path, value]) => {
    if (value === null || value === undefined || value === '') return [];
    const field = object?.fields.find((f) => f.apiName === path.split('.')[0]);
    return [{ path, label: field ? labels.field(field) : path, value: String(value), matched: hit.matched.includes(path) }];
  });
}

/** The label of the first field that matched, when it is not the name (the name is what is shown anyway). */
export function matchedLabel(hit: SearchHit, object: ObjectDef | undefined, labels: Labels): string | undefined {
  const path = hit.matched.find((f) => f !== 'name');
  if (!path || hit.matched.includes('name')) return undefined;
  const field = object?.fields.find((f) => f.apiName === path);
  return field ? labels.field(field) : path;
}

export const recordPath = (object: string, id: string): string => `/o/${object}/${id}`;
export const resultsPath = (q: string): string => `/search?q=${encodeURIComponent(q.trim())}`;
