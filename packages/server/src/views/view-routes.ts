import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessCache } from '../access/access-store.ts';
import { authed, requirePerson } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { formulaContextOf } from '../records/formula-context.ts';
import { createView, deleteView, getView, listViews, updateView, type ViewContext } from './list-views.ts';

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
