import { Readable } from 'node:stream';
import {
  AGGREGATE_FUNCTIONS,
  AGGREGATE_LIMITS,
  DATE_BUCKETS,
  FIELD_ACCESS_LEVELS,
  QUERY_LIMITS,
  fromZod,
  manualShareInput,
  parameterRef,
  schemaRef,
  type JsonSchema,
  type Locale,
  type ParameterObject,
  type RouteDocs,
  type WorkspaceMetadata,
} from '@mainline/core';
import { DATETIME, describeRoutes, listOf, orNull, shape, text, UUID, type RouteDoc, type Text } from '../http/route-docs.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessCache } from '../access/access-store.ts';
import { permissionsDocument } from '../access/record-access.ts';
import { listShares, shareRecord, unshareRecord } from '../access/record-shares.ts';
import { recordAccessCheck } from '../access/record-access-check.ts';
import { COLLECTION_ACTIONS, actionOf, recordActionOf } from '../mainline/actions.ts';
import { customer360 } from '../mainline/customer-360.ts';
import type { Database } from '../db/port.ts';
import { authed, requirePerson } from '../auth/authenticate.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { listEvents } from '../events/change-events.ts';
import { MAX_COMPOSITE_OPERATIONS, parseComposite, runComposite } from './composite.ts';
import { bulkInput, runBulk } from './record-bulk.ts';
import { exportCsv } from './record-export.ts';
import { requestLocale } from '../http/problem.ts';
import { aggregateRecords, getRecord, listRecords, recordHistory, refuseUnknownParams, timeInState, type QueryParams } from './record-reads.ts';
import { MAX_FOLLOWS_PAGE, followRecord, followState, listFollows, unfollowRecord } from './record-follows.ts';
import { createRecords, deleteRecord, updateRecord, upsertRecord } from './record-service.ts';
import { behaviourOf } from './object-behaviours.ts';
import { runWrite } from './write-context.ts';
import { formulaContextOf } from './formula-context.ts';
import { MAX_RECENT_PER_USER, recentItems, rememberView, viewBody } from './recent-items.ts';

export type RecordDeps = { db: Database; now: () => Date; metadata: MetadataCache; access: AccessCache };
type Params = { object: string; id: string; field: string; value: string; grantee: string; action: string };

/** What a request may read: its actor, the workspace's metadata, the actor's access (cached per version). */
export async function requestContext(deps: RecordDeps, request: FastifyRequest) {
  const { actor, workspace } = authed(request);
  const metadata = await deps.metadata.load(deps.db, workspace);
  const access = await deps.access.forActor(deps.db, actor, workspace, metadata);
  return { actor, metadata, access, q: deps.db, formula: formulaContextOf(actor, deps.now()) };
}

/** Handlers only parse, call the one read or write path, and format. */
export function recordRoutes(deps: RecordDeps) {
  return async (app: FastifyInstance) => {
    const context = (request: FastifyRequest) => requestContext(deps, request);
    const write = async <T>(request: FastifyRequest, fn: Parameters<typeof runWrite<T>>[2]) => {
      const { actor, metadata, access } = await context(request);
      return runWrite(deps.db, { actor, metadata, access, now: deps.now, behaviours: behaviourOf }, fn);
    };
    const user = { config: { access: 'user' as const } };

    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object', user, async (request) => {
      return listRecords(await context(request), request.params.object, request.query);
    });
    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/aggregate', user, async (request) => {
      return aggregateRecords(await context(request), request.params.object, request.query);
    });
    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/export.csv', user, async (request, reply) => {
      const ctx = await context(request);
      const csv = await exportCsv(ctx, request.params.object, request.query, requestLocale(request));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csv.filename}"`)
        .header('cache-control', 'no-store')
        .header('x-total-count', String(csv.rows))
        .send(Readable.from(csv.lines));
    });
    // Each record in its own transaction, so one refused record does not undo the others.
    app.post<{ Params: Params }>('/api/records/:object/bulk', user, async (request) => {
      const { actor, metadata, access } = await context(request);
      return runBulk({ metadata, access }, request.params.object, request.body, requestLocale(request), (fn) =>
        runWrite(deps.db, { actor, metadata, access, now: deps.now, behaviours: behaviourOf }, fn),
      );
    });
    app.post<{ Params: Params }>('/api/records/:object', user, async (request, reply) => {
      const [record] = await write(request, (ctx) => createRecords(ctx, request.params.object, [request.body]));
      return reply.code(201).send(record);
    });
    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/:id', user, async (request) => {
      return getRecord(await context(request), request.params.object, request.params.id, request.query);
    });
    app.patch<{ Params: Params }>('/api/records/:object/:id', user, async (request) =>
      write(request, (ctx) => updateRecord(ctx, request.params.object, request.params.id, request.body)),
    );
    app.delete<{ Params: Params }>('/api/records/:object/:id', user, async (request, reply) => {
      await write(request, (ctx) => deleteRecord(ctx, request.params.object, request.params.id));
      return reply.code(204).send();
    });
    app.put<{ Params: Params }>('/api/records/:object/by/:field/:value', user, async (request, reply) => {
      const { record, created } = await write(request, (ctx) => upsertRecord(ctx, request.params.object, request.params.field, request.params.value, request.body));
      return reply.code(created ? 201 : 200).send(record);
    });
    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/:id/history', user, async (request) => {
      return recordHistory(await context(request), request.params.object, request.params.id, request.query);
    });
    // A batch of MAX_COMPOSITE_OPERATIONS records of ordinary size fits well inside this limit.
    app.post('/api/composite', { ...user, bodyLimit: 8 * 1024 * 1024 }, async (request) => {
      const { operations } = parseComposite(request.body);
      const results = await write(request, (ctx) => runComposite(ctx, operations));
      return { results };
    });
    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/:id/timeInState', user, async (request) =>
      timeInState(await context(request), request.params.object, request.params.id, request.query, deps.now()),
    );
    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/:id/access', user, async (request) =>
      recordAccessCheck(await context(request), request.params.object, request.params.id, request.query, requestLocale(request)),
    );
    app.get<{ Params: Params }>('/api/records/:object/:id/shares', user, async (request) => ({
      shares: await listShares(await context(request), request.params.object, request.params.id),
    }));
    app.post<{ Params: Params }>('/api/records/:object/:id/shares', user, async (request, reply) => {
      const ctx = await context(request);
      const share = await deps.db.transaction((tx) => shareRecord({ ...ctx, q: tx }, request.params.object, request.params.id, request.body));
      return reply.code(201).send(share);
    });
    app.delete<{ Params: Params }>('/api/records/:object/:id/shares/:grantee', user, async (request, reply) => {
      await unshareRecord(await context(request), request.params.object, request.params.id, request.params.grantee);
      return reply.code(204).send();
    });
    app.post<{ Params: Params }>('/api/records/:object/:id/actions/:action', user, async (request) => {
      // Which actions an object has depends on its metadata (approval processes), so the action is looked up inside the write.
      return write(request, (ctx) => recordActionOf(ctx.metadata, request.params.object, request.params.action).run(ctx, request.params.id, request.body));
    });
    app.post<{ Params: Params }>('/api/records/:object/actions/:action', user, async (request) => {
      const action = actionOf(COLLECTION_ACTIONS, request.params.object, request.params.action);
      return write(request, (ctx) => action.run(ctx, request.body));
    });
    app.get<{ Params: Params }>('/api/records/account/:id/customer360', user, async (request) => {
      const ctx = await context(request);
      return customer360({ ...ctx, tx: ctx.q }, request.params.id);
    });
    // Following changes nothing in the record, so a read share suffices; an API key may read follows but not follow,
    // since what following gives (notifications in the app's bell) is for people, not integrations.
    app.put<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/:id/follow', user, async (request, reply) => {
      requirePerson(authed(request).actor);
      refuseUnknownParams(request.query, new Set());
      await followRecord(await context(request), request.params.object, request.params.id, deps.now());
      return reply.code(204).send();
    });
    app.delete<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/:id/follow', user, async (request, reply) => {
      requirePerson(authed(request).actor);
      refuseUnknownParams(request.query, new Set());
      await unfollowRecord(await context(request), request.params.object, request.params.id);
      return reply.code(204).send();
    });
    app.get<{ Params: Params; Querystring: QueryParams }>('/api/records/:object/:id/follow', user, async (request) => {
      refuseUnknownParams(request.query, new Set());
      return followState(await context(request), request.params.object, request.params.id);
    });
    app.get<{ Querystring: QueryParams }>('/api/follows', user, async (request) => listFollows(await context(request), request.query));
    app.get<{ Querystring: QueryParams }>('/api/recent', user, async (request) => recentItems(await context(request), request.query));
    app.post('/api/recent', user, async (request, reply) => {
      await rememberView(await context(request), request.body, deps.now());
      return reply.code(204).send();
    });
    app.get('/api/auth/me/permissions', user, async (request) => permissionsDocument((await context(request)).access));
    app.get<{ Querystring: QueryParams }>('/api/events', user, async (request) => {
      return listEvents(await context(request), request.query);
    });
  };
}

export { MAX_COMPOSITE_OPERATIONS };

const anyObject: JsonSchema = { type: 'object', additionalProperties: true };
const queryParam = (name: string, description: string, schema: JsonSchema = { type: 'string', maxLength: QUERY_LIMITS.paramText }): ParameterObject => ({ name, in: 'query', description, schema });

/**
 * The record routes buildOpenApi does not describe per object (aggregates,
 * export, bulk changes, sharing, actions by name, recent items), for the
 * OpenAPI document. Customer 360 names the account object, so it is listed
 * only for callers who may read accounts.
 */
export function recordRouteDocs(locale: Locale, metadata: WorkspaceMetadata): RouteDocs {
  const problemShape = schemaRef('Problem');
  const grantee = shape({ type: { type: 'string', enum: ['user', 'team', 'role', 'roleAndSubordinates'] }, id: UUID });
  const schemas: Record<string, JsonSchema> = {
    AggregateResult: shape({
      groupBy: { type: 'array', items: { type: 'string' }, description: 'Group names, e.g. "stage", "closeDate:month".' },
      measures: { type: 'array', items: { type: 'string' }, description: 'Measure names, e.g. "count", "sum:amount".' },
      groups: {
        type: 'array',
        items: shape({
          key: { type: 'object', description: 'Group values by group name: picklist API names, ids, booleans, bucket start dates (YYYY-MM-DD).' },
          labels: { type: 'object', additionalProperties: { type: ['string', 'null'] }, description: "The related record's name for lookup groups." },
          values: { type: 'object', description: 'By measure name: count a number; sums and averages decimal strings; min and max as the field values; currency measures a list per currency.' },
        }),
      },
      truncated: { type: 'boolean', description: 'More groups exist than `limit`.' },
    }),
    BulkRequest: fromZod(bulkInput, 'Update every listed record with `values`, or delete them; each record in its own transaction.'),
    BulkResult: shape({
      succeeded: { type: 'integer', minimum: 0 },
      failed: { type: 'integer', minimum: 0 },
      results: {
        type: 'array',
        items: {
          oneOf: [
            shape({ id: UUID, ok: { const: true } }),
            shape({ id: UUID, ok: { const: false }, problem: problemShape }),
          ],
        },
      },
    }),
    TimeInState: shape({
      field: { type: 'string' },
      current: { description: 'The value now.' },
      periods: { type: 'array', items: shape({ value: {}, enteredAt: DATETIME, leftAt: orNull(DATETIME), seconds: { type: 'integer', minimum: 0 } }) },
      totals: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Seconds spent in each value.' },
    }),
    RecordShare: shape({
      grantee,
      granteeKey: { type: 'string', description: 'Identifies the grantee in DELETE …/shares/{grantee}.' },
      access: { type: 'string', enum: ['read', 'edit'] },
      cause: { type: 'string', description: '"manual", or what else granted it (e.g. a sharing rule).' },
      createdAt: DATETIME,
    }),
    RecordAccessCheck: shape({
      read: { const: true },
      edit: { type: 'boolean', description: 'PATCH would be accepted as far as access goes (validation rules still apply).' },
      delete: { type: 'boolean' },
      share: { type: 'boolean', description: 'The caller may list and change its manual shares.' },
      locked: {
        ...shape({
          reason: { const: 'approvalPending' },
          process: { description: 'The approval process’s label (text per language), or its API name.' },
          approvalProcess: { type: 'string' },
          approvalRequest: UUID,
          message: { type: 'string', description: 'Why, in the caller’s language.' },
          decide: { type: 'boolean', description: 'The caller may approve or reject the current step (its approver, or an administrator).' },
          recall: { type: 'boolean', description: 'The caller may recall the request (its submitter, or an administrator).' },
        }),
        description: 'Present while the record awaits approval: nobody may edit or delete it.',
      },
    }, ['locked']),
    RecordShareList: listOf('shares', schemaRef('RecordShare')),
    RecordShareRequest: fromZod(manualShareInput),
    RecentItemList: listOf('items', shape({ object: { type: 'string' }, id: UUID, name: { type: ['string', 'null'] }, viewedAt: DATETIME })),
    RecentItemRequest: fromZod(viewBody),
    FollowState: shape({ following: { type: 'boolean' }, followers: { type: 'integer', minimum: 0, description: 'How many users follow the record.' } }),
    FollowList: shape({
      follows: { type: 'array', items: shape({ object: { type: 'string' }, id: UUID, name: { type: ['string', 'null'] }, followedAt: DATETIME }) },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    }),
    PermissionsDocument: shape({
      viewAllData: { type: 'boolean' },
      modifyAllData: { type: 'boolean' },
      manageSharedViews: { type: 'boolean' },
      objects: {
        type: 'object',
        description: 'By object API name, for every object the caller may see.',
        additionalProperties: shape({
          permissions: shape(Object.fromEntries(['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'].map((p) => [p, { type: 'boolean' }]))),
          sharingModel: { type: 'string' },
          fields: { type: 'object', additionalProperties: { type: 'string', enum: [...FIELD_ACCESS_LEVELS] } },
        }),
      },
    }),
  };
  const list = (key: string) => ({ type: ['array', 'null'], items: schemaRef('GenericRecord'), description: `null when the caller may not read ${key}.` });
  if (Object.hasOwn(metadata.objects, 'account')) {
    schemas.Customer360 = shape({
      account: schemaRef('GenericRecord'),
      ...Object.fromEntries(['contacts', 'openOpportunities', 'quotes', 'orders', 'cases', 'activities', 'club'].map((k) => [k, list(k)])),
      satisfaction: { type: ['object', 'null'], properties: { csatAverage: {}, npsLatest: {}, responses: list('surveys') } },
      credit: { type: ['object', 'null'], properties: { limit: {}, receivables: {}, openOrders: { type: 'string' }, available: { type: ['string', 'null'] } }, description: 'When the account has a credit limit or receivables.' },
      value: shape({ rfmScore: {}, valueLevel: {}, lastOrderDate: {} }),
    });
  }
  const ok = (status: 200 | 201, description: Text, schema: string) => ({ status, description, schema: schemaRef(schema) });
  const deleted = { status: 204 as const, description: text('Done.', '完成。', '完成。') };
  const actionParam: ParameterObject = { name: 'action', in: 'path', required: true, description: 'The action name; GET /api/metadata/objects/{object}/actions lists them.', schema: { type: 'string', minLength: 1 } };
  const routes: RouteDoc[] = [
    {
      method: 'get',
      path: '/api/records/:object/aggregate',
      operationId: 'aggregateRecords',
      summary: text('Aggregate records', '汇总记录', '彙總記錄'),
      description: text('Counts, sums, averages, minimums and maximums, grouped by up to three fields (dates by day, week, month, quarter or year), over the records the caller may read.', '按最多三个字段分组（日期可按日、周、月、季、年）统计调用者可读记录的计数、合计、平均、最小与最大值。', '依最多三個欄位分組（日期可依日、週、月、季、年）統計呼叫者可讀記錄的計數、合計、平均、最小與最大值。'),
      query: [
        queryParam('groupBy', `Up to ${AGGREGATE_LIMITS.groupBy} fields, comma-separated; a date field may take a bucket (${DATE_BUCKETS.join(', ')}), e.g. "stage,closeDate:month".`),
        queryParam('measures', `Up to ${AGGREGATE_LIMITS.measures} measures, comma-separated: count, or ${AGGREGATE_FUNCTIONS.filter((f) => f !== 'count').join(', ')} and a field, e.g. "count,sum:amount". Default: count.`),
        parameterRef('Filter'),
        queryParam('limit', 'At most this many groups.', { type: 'integer', minimum: 1, maximum: AGGREGATE_LIMITS.maxGroups, default: AGGREGATE_LIMITS.defaultGroups }),
        queryParam('sort', 'A measure or group name, "-" in front for descending; default: by the groups.'),
      ],
      ok: ok(200, text('The groups and their measures.', '分组及其统计值。', '分組及其統計值。'), 'AggregateResult'),
      problems: [400, 401, 403, 404],
    },
    {
      method: 'get',
      path: '/api/records/:object/export.csv',
      operationId: 'exportRecordsCsv',
      summary: text('Export records as CSV', '导出记录为 CSV', '匯出記錄為 CSV'),
      description: text('The list as CSV, with the list’s filter, sort, fields and quick search; columns headed by labels in the caller’s language.', '以 CSV 导出列表，支持列表的筛选、排序、字段与快速搜索；列标题使用调用者语言的标签。', '以 CSV 匯出清單，支援清單的篩選、排序、欄位與快速搜尋；欄標題使用呼叫者語言的標籤。'),
      query: ['Filter', 'Sort', 'Fields', 'Search'].map(parameterRef),
      ok: {
        status: 200,
        description: text('The CSV file.', 'CSV 文件。', 'CSV 檔案。'),
        mediaType: 'text/csv',
        schema: { type: 'string' },
        headers: { 'X-Total-Count': { description: 'Rows exported.', schema: { type: 'integer', minimum: 0 } }, 'Content-Disposition': { schema: { type: 'string' } } },
      },
      problems: [400, 401, 403, 404],
    },
    {
      method: 'post',
      path: '/api/records/:object/bulk',
      operationId: 'bulkChangeRecords',
      summary: text('Update or delete many records', '批量更新或删除记录', '批次更新或刪除記錄'),
      description: text('Each record is written in its own transaction: one refused record does not undo the others, and its problem is in the results.', '每条记录在各自的事务中写入：一条被拒绝不会撤销其他记录，其问题列在结果中。', '每筆記錄在各自的交易中寫入：一筆被拒絕不會撤銷其他記錄，其問題列在結果中。'),
      body: schemaRef('BulkRequest'),
      ok: ok(200, text('What happened to each record.', '每条记录的处理结果。', '每筆記錄的處理結果。'), 'BulkResult'),
      problems: [400, 401, 403, 404, 413, 415],
    },
    {
      method: 'get',
      path: '/api/records/:object/:id/timeInState',
      operationId: 'getTimeInState',
      summary: text('Time a record spent in each value', '记录在各取值停留的时间', '記錄在各值停留的時間'),
      description: text('From the field history of a picklist field: each period and the total seconds per value.', '依据选项列表字段的历史：每个时段及各取值的总秒数。', '依據選項清單欄位的歷程：每個時段及各值的總秒數。'),
      query: [{ name: 'field', in: 'query', required: true, description: 'A picklist field of the object.', schema: { type: 'string' } }],
      ok: ok(200, text('The periods and totals.', '时段与合计。', '時段與合計。'), 'TimeInState'),
      problems: [400, 401, 403, 404],
    },
    {
      method: 'get',
      path: '/api/records/:object/:id/access',
      operationId: 'getRecordAccess',
      summary: text('What the caller may do to a record', '当前用户对记录的权限', '目前使用者對記錄的權限'),
      description: text(
        'Whether the caller may edit, delete and share this record, by the same rules as the writes themselves (object permission, sharing, role hierarchy, approval lock). A record the caller cannot read is 404.',
        '调用者能否编辑、删除、共享该记录，依据与写入本身相同的规则（对象权限、共享、角色层级、审批锁定）。调用者无权读取的记录返回 404。',
        '呼叫者能否編輯、刪除、共用該記錄，依據與寫入本身相同的規則（物件權限、共用、角色層級、簽核鎖定）。呼叫者無權讀取的記錄回傳 404。',
      ),
      ok: ok(200, text('The caller’s access.', '调用者的权限。', '呼叫者的權限。'), 'RecordAccessCheck'),
      problems: [400, 401, 403, 404],
    },
    {
      method: 'get',
      path: '/api/records/:object/:id/shares',
      operationId: 'listRecordShares',
      summary: text('List who a record is shared with', '查询记录的共享对象', '查詢記錄的共用對象'),
      ok: ok(200, text('The shares.', '共享列表。', '共用清單。'), 'RecordShareList'),
      problems: [401, 403, 404],
    },
    {
      method: 'post',
      path: '/api/records/:object/:id/shares',
      operationId: 'shareRecord',
      summary: text('Share a record', '共享记录', '共用記錄'),
      description: text('Only the owner, their managers or someone who may modify all records can share a record.', '只有负责人、其上级或可修改全部记录的用户可以共享记录。', '只有負責人、其上級或可修改全部記錄的使用者可以共用記錄。'),
      body: schemaRef('RecordShareRequest'),
      ok: ok(201, text('The share.', '共享。', '共用。'), 'RecordShare'),
      problems: [400, 401, 403, 404, 413, 415],
    },
    {
      method: 'delete',
      path: '/api/records/:object/:id/shares/:grantee',
      operationId: 'unshareRecord',
      summary: text('Stop sharing a record', '取消共享记录', '取消共用記錄'),
      pathParams: { grantee: { name: 'grantee', in: 'path', required: true, description: 'The `granteeKey` of a manual share.', schema: { type: 'string', minLength: 1 } } },
      ok: deleted,
      problems: [400, 401, 403, 404],
    },
    {
      method: 'post',
      path: '/api/records/:object/:id/actions/:action',
      operationId: 'runRecordAction',
      summary: text('Run an action on a record', '对记录执行操作', '對記錄執行動作'),
      description: text('Business actions by name (e.g. approval submit, approve, reject, recall); each object’s own are listed under its tag.', '按名称执行业务操作（如提交、批准、驳回、撤回审批）；各对象的操作列在其标签下。', '依名稱執行業務動作（如提交、核准、駁回、撤回簽核）；各物件的動作列在其標籤下。'),
      pathParams: { action: actionParam },
      body: anyObject,
      ok: { status: 200, description: text('What the action returns.', '操作的返回结果。', '動作的回傳結果。'), schema: anyObject },
      problems: [400, 401, 403, 404, 409, 413, 415, 422],
    },
    {
      method: 'post',
      path: '/api/records/:object/actions/:action',
      operationId: 'runCollectionAction',
      summary: text('Run an action on an object’s records', '对对象的记录执行操作', '對物件的記錄執行動作'),
      pathParams: { action: actionParam },
      body: anyObject,
      ok: { status: 200, description: text('What the action returns.', '操作的返回结果。', '動作的回傳結果。'), schema: anyObject },
      problems: [400, 401, 403, 404, 409, 413, 415, 422],
    },
    ...(schemas.Customer360
      ? [
          {
            method: 'get',
            path: '/api/records/account/:id/customer360',
            operationId: 'getCustomer360',
            tag: 'account',
            summary: text('Customer 360 of an account', '客户 360 视图', '客戶 360 檢視'),
            description: text('The account with its contacts, open opportunities, quotes, orders, cases, activities, satisfaction, club membership, credit and value, as far as the caller may read them.', '客户及其联系人、未结商机、报价、订单、服务工单、活动、满意度、会员、信用与价值，以调用者可读为限。', '客戶及其聯絡人、未結商機、報價、訂單、服務案件、活動、滿意度、會員、信用與價值，以呼叫者可讀為限。'),
                  ok: ok(200, text('The customer’s overview.', '客户概览。', '客戶概覽。'), 'Customer360'),
            problems: [401, 403, 404],
          } satisfies RouteDoc,
        ]
      : []),
    {
      method: 'get',
      path: '/api/recent',
      operationId: 'listRecentItems',
      summary: text('Recently viewed records', '最近查看的记录', '最近檢視的記錄'),
      description: text('Newest first; records the caller can no longer read drop out.', '按时间倒序；调用者已无权读取的记录不再列出。', '依時間倒序；呼叫者已無權讀取的記錄不再列出。'),
      query: [queryParam('limit', 'At most this many items.', { type: 'integer', minimum: 1, maximum: MAX_RECENT_PER_USER, default: 20 })],
      ok: ok(200, text('The recent items.', '最近查看的记录。', '最近檢視的記錄。'), 'RecentItemList'),
      problems: [400, 401],
    },
    {
      method: 'post',
      path: '/api/recent',
      operationId: 'rememberRecentItem',
      summary: text('Remember a viewed record', '记录一次查看', '記錄一次檢視'),
      body: schemaRef('RecentItemRequest'),
      ok: deleted,
      problems: [400, 401, 403, 404, 413, 415],
    },
    {
      method: 'get',
      path: '/api/records/:object/:id/follow',
      operationId: 'getFollowState',
      summary: text('Whether I follow a record', '是否关注记录', '是否關注記錄'),
      ok: ok(200, text('Following, and how many follow it.', '是否关注，以及关注人数。', '是否關注，以及關注人數。'), 'FollowState'),
      problems: [401, 403, 404],
    },
    {
      method: 'put',
      path: '/api/records/:object/:id/follow',
      operationId: 'followRecord',
      summary: text('Follow a record', '关注记录', '關注記錄'),
      description: text(
        "Others' changes to it then reach the caller as notifications. Idempotent. People only: an API key is refused (403).",
        '此后他人对该记录的修改会以通知告知调用者。可重复调用。仅限用户本人：API 密钥会被拒绝（403）。',
        '此後他人對該記錄的修改會以通知告知呼叫者。可重複呼叫。僅限使用者本人：API 金鑰會被拒絕（403）。',
      ),
      ok: deleted,
      problems: [400, 401, 403, 404],
    },
    {
      method: 'delete',
      path: '/api/records/:object/:id/follow',
      operationId: 'unfollowRecord',
      summary: text('Stop following a record', '取消关注记录', '取消關注記錄'),
      ok: deleted,
      problems: [400, 401, 403, 404],
    },
    {
      method: 'get',
      path: '/api/follows',
      operationId: 'listFollows',
      summary: text('Records I follow', '我关注的记录', '我關注的記錄'),
      description: text('Newest follow first; records deleted or no longer visible drop out.', '按关注时间倒序；已删除或不再可见的记录不列出。', '依關注時間倒序；已刪除或不再可見的記錄不列出。'),
      query: [
        queryParam('object', 'Only records of this object.'),
        queryParam('limit', 'At most this many.', { type: 'integer', minimum: 1, maximum: MAX_FOLLOWS_PAGE, default: 50 }),
        queryParam('cursor', 'nextCursor of the previous page.'),
      ],
      ok: ok(200, text('The followed records.', '关注的记录。', '關注的記錄。'), 'FollowList'),
      problems: [400, 401],
    },
    {
      method: 'get',
      path: '/api/auth/me/permissions',
      operationId: 'getCurrentUserPermissions',
      tag: 'Auth',
      summary: text('What the caller may do', '当前用户的权限', '目前使用者的權限'),
      description: text('Object permissions, sharing model and field access for every object the caller may see.', '调用者可见的每个对象的对象权限、共享模型与字段访问级别。', '呼叫者可見的每個物件的物件權限、共用模型與欄位存取層級。'),
      ok: ok(200, text('The permissions.', '权限。', '權限。'), 'PermissionsDocument'),
      problems: [401],
    },
  ];
  return describeRoutes(locale, { name: 'Records' }, routes, schemas);
}
