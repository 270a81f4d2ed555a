import type { FastifyInstance } from 'fastify';
import { requestContext, type RecordDeps } from '../records/record-routes.ts';
import type { QueryParams } from '../records/record-reads.ts';
import { listNotifications, markAllRead, markRead } from './notification-reads.ts';

type Params = { id: string };

/** Each user's own in-app notifications (the web app's bell); every route reads the caller's workspace only. */
export function notificationRoutes(deps: RecordDeps) {
  return async (app: FastifyInstance) => {
    const user = { config: { access: 'user' as const } };
    app.get<{ Querystring: QueryParams }>('/api/notifications', user, async (request) => listNotifications(await requestContext(deps, request), request.query));
    app.post<{ Params: Params }>('/api/notifications/:id/read', user, async (request, reply) => {
      await markRead(await requestContext(deps, request), request.params.id, deps.now());
      return reply.code(204).send();
    });
    app.post('/api/notifications/read-all', user, async (request) => ({ marked: await markAllRead(await requestContext(deps, request), deps.now()) }));
  };
}
