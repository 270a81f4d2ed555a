import { useSearchParams } from 'react-router';
import type { ObjectDef } from '../api/types.ts';
import { sortKeys, sortParam, useListViews } from '../api/views.ts';
import { conditionsFromFilter, parseConditions, toFilter, type Condition } from './filter-operators.ts';
import { defaultColumnPaths, resolveColumns } from './view-columns.tsx';
import type { ViewState } from './ViewPicker.tsx';

/**
 * The list's view as the page address carries it: `view=<id>` picks a saved
 * view (else the object's first, its standard "All"), and `columns`,
 * `filter`, `sort` hold what the user changed on top of it, so a changed
 * list survives a reload and can be saved into a view.
 */
export function useListView(object: ObjectDef, objects: ObjectDef[]) {
  const [params, setParams] = useSearchParams();
  const views = useListViews(object.apiName);
  const all = views.data ?? [];
  const viewId = params.get('view');
  const current = viewId ? all.find((v) => v.id === viewId) : all[0];

  // A view filter the builder cannot show (or-groups) stays fixed under the user's conditions.
  const viewConditions = conditionsFromFilter(current?.filter);
  const fixedFilter = viewConditions === null ? current?.filter : undefined;
  const filterText = params.get('filter');
  const conditions: Condition[] = filterText !== null ? parseConditions(filterText) : (viewConditions ?? []);
  const columnsText = params.get('columns');
  const columnPaths = columnsText ? columnsText.split(',') : (current?.columns.length ? current.columns : defaultColumnPaths(object));
  const columns = resolveColumns(object, objects, columnPaths);
  const sortText = params.get('sort');
  const sort = sortText ?? sortParam(current?.sort ?? []);

  const own = toFilter(conditions);
  const filter = fixedFilter === undefined ? own : own === undefined ? fixedFilter : { and: [fixedFilter, own] };
  const state: ViewState = { columns: columns.map((c) => c.path), filter: filter ?? null, sort: sortKeys(sort) };
  const modified = filterText !== null || columnsText !== null || sortText !== null;

  const update = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [name, value] of Object.entries(changes)) {
          if (value === undefined) next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );

  return {
    views: all,
    current,
    conditions,
    columns,
    sort,
    filter,
    state,
    modified,
    /** "[]" rather than nothing when the view itself filters: clearing must not bring its filter back. */
    setConditions: (next: Condition[]) => update({ filter: next.length > 0 || (viewConditions?.length ?? 0) > 0 ? JSON.stringify(next) : undefined }),
    setColumns: (paths: string[]) => update({ columns: paths.join(',') }),
    setSort: (value: string | undefined) => update({ sort: value ?? '' }),
    select: (id: string | undefined) => update({ view: id, filter: undefined, columns: undefined, sort: undefined }),
    reset: () => update({ filter: undefined, columns: undefined, sort: undefined }),
  };
}
