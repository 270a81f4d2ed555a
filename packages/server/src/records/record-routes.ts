import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessCache } from '../access/access-store.ts';
import { permissionsDocument } from '../access/record-access.ts';
import { listShares, shareRecord, unshareRecord } from '../access/record-shares.ts';
import { COLLECTION_ACTIONS, actionOf, recordActionOf } from '../mainline/actions.ts';
import { customer360 } from '../mainline/customer-360.ts';
import type { Database } from '../db/port.ts';
import { authed, requirePerson } from '../auth/authenticate.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { listEvents } from '../events/change-events.ts';
import { MAX_COMPOSITE_OPERATIONS, parseComposite, runComposite } from './composite.ts';
import { runBulk } from './record-bulk.ts';
import { exportCsv } from './record-export.ts';
import { requestLocale } from '../http/problem.ts';
import { aggregateRecords, getRecord, listRecords, recordHistory, refuseUnknownParams, timeInState, type QueryParams } from './record-reads.ts';
import { followRecord, followState, listFollows, unfollowRecord } from './record-follows.ts';
import { createRecords, deleteRecord, updateRecord, upsertRecord } from './record-service.ts';
import { behaviourOf } from './object-behaviours.ts';
import { runWrite } from './write-context.ts';
import { formulaContextOf } from './formula-context.ts';
import { recentItems, rememberView } from './recent-items.ts';

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
