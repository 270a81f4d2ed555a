import { schemaRef, type Locale, type RouteDocs } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { describeRoutes, shape, text, UUID } from '../http/route-docs.ts';
import type { AccessCache } from '../access/access-store.ts';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { formulaContextOf } from '../records/formula-context.ts';
import { searchParams, searchRecords } from './search-query.ts';

type Deps = { db: Database; now: () => Date; metadata: MetadataCache; access: AccessCache };

/** `GET /api/search?q=…&objects=account,contact&limit=5`: records of every object the caller may read, grouped by object. */
export function searchRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    app.get('/api/search', { config: { access: 'user' as const } }, async (request) => {
      const { actor, workspace } = authed(request);
      const metadata = await deps.metadata.load(deps.db, workspace);
      const access = await deps.access.forActor(deps.db, actor, workspace, metadata);
      return searchRecords({ q: deps.db, metadata, access, formula: formulaContextOf(actor, deps.now()) }, request.query);
    });
  };
}

/** Search and its results, for the OpenAPI document. */
export function searchRouteDocs(locale: Locale): RouteDocs {
  const hit = shape({
    id: UUID,
    name: { description: "The record's name (null when it has none)." },
    fields: { type: 'object', description: 'Up to three short columns of the object, and the matched fields, by field API name.' },
    matched: { type: 'array', items: { type: 'string' }, description: 'The fields that matched, name first.' },
  });
  const schemas = {
    SearchResults: shape({
      q: { type: 'string' },
      groups: {
        type: 'array',
        description: 'One group per object with matches, the best match first.',
        items: shape({ object: { type: 'string' }, records: { type: 'array', items: hit }, more: { type: 'boolean', description: 'More records of this object match than `limit`.' } }),
      },
    }),
  };
  return describeRoutes(
    locale,
    { name: 'Search', description: text('Finding records across objects.', '跨对象查找记录。', '跨物件搜尋記錄。') },
    [
      {
        method: 'get',
        path: '/api/search',
        operationId: 'searchRecords',
        summary: text('Search records', '搜索记录', '搜尋記錄'),
        description: text(
          'Records of every object the caller may read whose searchable fields match, grouped by object; hidden fields never match, and objects set `searchable: false` are left out.',
          '在调用者可读的所有对象中按可搜索字段查找记录，按对象分组；隐藏字段不参与匹配，设为 `searchable: false` 的对象不参与搜索。',
          '在呼叫者可讀的所有物件中依可搜尋欄位尋找記錄，依物件分組；隱藏欄位不參與比對，設為 `searchable: false` 的物件不參與搜尋。',
        ),
        query: searchParams,
        ok: { status: 200, description: text('The matches, by object.', '按对象分组的匹配结果。', '依物件分組的比對結果。'), schema: schemaRef('SearchResults') },
        problems: [400, 401],
      },
    ],
    schemas,
  );
}
