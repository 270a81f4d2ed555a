import { fromZod, schemaRef, type Locale, type RouteDocs } from '@mainline/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DATETIME, describeRoutes, listOf, orNull, shape, text, UUID } from '../http/route-docs.ts';
import type { AccessCache } from '../access/access-store.ts';
import { authed, requirePerson } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { formulaContextOf } from '../records/formula-context.ts';
import { createView, deleteView, getView, listViews, updateView, viewInput, viewListQuery, viewPatch, type ViewContext } from './list-views.ts';

type Deps = { db: Database; now: () => Date; metadata: MetadataCache; access: AccessCache };

/** Saved list views of the caller's workspace. Views are a person's working set: API keys may read them, not change them. */
export function viewRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const user = { config: { access: 'user' as const } };
    const context = async (request: FastifyRequest): Promise<ViewContext> => {
      const { actor, workspace } = authed(request);
      const metadata = await deps.metadata.load(deps.db, workspace);
      const access = await deps.access.forActor(deps.db, actor, workspace, metadata);
      return { q: deps.db, metadata, access, formula: formulaContextOf(actor, deps.now()), userId: actor.userId };
    };
    // The context is read before the transaction opens: PGlite has one connection, which the transaction holds.
    const change = async <T>(request: FastifyRequest, fn: (ctx: ViewContext) => Promise<T>): Promise<T> => {
      requirePerson(authed(request).actor);
      const ctx = await context(request);
      return deps.db.transaction((tx) => fn({ ...ctx, q: tx }));
    };

    app.get('/api/views', user, async (request) => listViews(await context(request), request.query));
    app.get<{ Params: { id: string } }>('/api/views/:id', user, async (request) => getView(await context(request), request.params.id));
    app.post('/api/views', user, async (request, reply) => reply.code(201).send(await change(request, (ctx) => createView(ctx, request.body))));
    app.patch<{ Params: { id: string } }>('/api/views/:id', user, async (request) => change(request, (ctx) => updateView(ctx, request.params.id, request.body)));
    app.delete<{ Params: { id: string } }>('/api/views/:id', user, async (request, reply) => {
      await change(request, (ctx) => deleteView(ctx, request.params.id));
      return reply.code(204).send();
    });
  };
}

/** Saved list views, for the OpenAPI document: bodies from the zod schemas list-views.ts parses, responses as ListView. */
export function viewRouteDocs(locale: Locale): RouteDocs {
  const view = schemaRef('ListView');
  const sortKey = shape({ field: { type: 'string' }, direction: { type: 'string', enum: ['asc', 'desc'] } });
  const schemas = {
    ListView: shape(
      {
        id: UUID,
        object: { type: 'string' },
        label: { oneOf: [{ type: 'string' }, schemaRef('LocalizedText')], description: 'Text a user typed, or labels per language (standard views).' },
        columns: { type: 'array', items: { type: 'string' }, description: "Field paths; empty: the object's own list columns." },
        filter: { description: 'A FilterTree, or null; null too when the filter is withheld.' },
        sort: { type: 'array', items: sortKey },
        visibility: { type: 'string', enum: ['private', 'shared'] },
        standard: { type: 'boolean' },
        ownerId: orNull(UUID),
        editable: { type: 'boolean', description: 'Whether the caller may change or delete it.' },
        filterWithheld: { type: 'boolean', const: true, description: 'Its filter names a field the caller cannot see, so it is not applied for them.' },
        updatedAt: DATETIME,
      },
      ['filterWithheld'],
    ),
    ListViewList: listOf('views', view),
    ListViewInput: fromZod(viewInput, 'A new view; `filter` takes the FilterTree lists take.'),
    ListViewPatch: fromZod(viewPatch, 'The properties to change.'),
  };
  const one = text('The view.', '视图。', '檢視。');
  const personOnly = text('Needs a signed-in person: API keys may read views, not change them.', '需要已登录的用户：API 密钥只能读取视图，不能修改。', '需要已登入的使用者：API 金鑰只能讀取檢視，不能修改。');
  return describeRoutes(
    locale,
    { name: 'Views', description: text('Saved list views: columns, filter and sort.', '保存的列表视图：列、筛选与排序。', '儲存的清單檢視：欄、篩選與排序。') },
    [
      {
        method: 'get',
        path: '/api/views',
        operationId: 'listViews',
        summary: text('List the views of an object', '查询对象的列表视图', '查詢物件的清單檢視'),
        description: text('The standard and shared views, and the caller’s own, fitted to what the caller may see.', '标准视图、共享视图及调用者自己的视图，按调用者可见的内容裁剪。', '標準檢視、共用檢視及呼叫者自己的檢視，依呼叫者可見的內容調整。'),
        query: viewListQuery,
        ok: { status: 200, description: text('The views.', '视图列表。', '檢視清單。'), schema: schemaRef('ListViewList') },
        problems: [400, 401, 403, 404],
      },
      { method: 'post', path: '/api/views', operationId: 'createView', summary: text('Create a view', '新建视图', '新增檢視'), description: personOnly, body: schemaRef('ListViewInput'), ok: { status: 201, description: one, schema: view }, problems: [400, 401, 403, 404, 413, 415] },
      { method: 'get', path: '/api/views/:id', operationId: 'getView', summary: text('Get a view', '查看视图', '檢視檢視'), ok: { status: 200, description: one, schema: view }, problems: [401, 404] },
      { method: 'patch', path: '/api/views/:id', operationId: 'updateView', summary: text('Update a view', '更新视图', '更新檢視'), description: personOnly, body: schemaRef('ListViewPatch'), ok: { status: 200, description: one, schema: view }, problems: [400, 401, 403, 404, 413, 415] },
      { method: 'delete', path: '/api/views/:id', operationId: 'deleteView', summary: text('Delete a view', '删除视图', '刪除檢視'), description: personOnly, ok: { status: 204, description: text('Deleted.', '已删除。', '已刪除。') }, problems: [401, 403, 404] },
    ],
    schemas,
  );
}
