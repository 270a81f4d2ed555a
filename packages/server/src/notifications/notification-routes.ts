import { schemaRef, type Locale, type RouteDocs } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { DATETIME, describeRoutes, orNull, shape, text, UUID } from '../http/route-docs.ts';
import { requestContext, type RecordDeps } from '../records/record-routes.ts';
import type { QueryParams } from '../records/record-reads.ts';
import { MAX_UNREAD_COUNTED, listNotifications, markAllRead, markRead } from './notification-reads.ts';

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

/** The notification routes, for the OpenAPI document. */
export function notificationRouteDocs(locale: Locale): RouteDocs {
  const localized = { type: 'object', additionalProperties: { type: 'string' }, description: 'The text by language (zh-CN, zh-TW, en).' };
  const notification = shape(
    {
      id: UUID,
      kind: { type: 'string', enum: ['message', 'follow'], description: 'message: from an automation rule; follow: a followed record was changed.' },
      object: { type: ['string', 'null'] },
      recordId: orNull(UUID),
      recordName: { type: ['string', 'null'] },
      rule: { type: ['string', 'null'], description: 'The automation rule (message notifications).' },
      message: { type: 'object', additionalProperties: { type: 'string' }, description: 'The text by language (zh-CN, zh-TW, en).' },
      createdAt: DATETIME,
      readAt: orNull(DATETIME),
      actor: shape({ id: UUID, name: { type: ['string', 'null'] } }),
      operation: { type: 'string', enum: ['update', 'delete'] },
      fields: { type: 'array', items: { type: 'string' }, description: 'API names of the changed fields the reader can see.' },
    },
    ['actor', 'operation', 'fields'],
  );
  const schemas = {
    NotificationList: shape({
      notifications: { type: 'array', items: notification },
      unread: { type: 'integer', minimum: 0, maximum: MAX_UNREAD_COUNTED, description: `Unread notifications, counted up to ${MAX_UNREAD_COUNTED}.` },
    }),
    NotificationsMarked: shape({ marked: { type: 'integer', minimum: 0 } }),
  };
  return describeRoutes(
    locale,
    [{ name: 'Notifications', description: text('In-app notifications: from automation rules, and changes to records you follow.', '应用内通知：来自自动化规则，以及你关注的记录的变更。', '應用程式內通知：來自自動化規則，以及你關注的記錄的變更。') }],
    [
      {
        method: 'get',
        path: '/api/notifications',
        operationId: 'listNotifications',
        summary: text('My notifications', '我的通知', '我的通知'),
        description: text(
          'Newest first; a change to a record the caller can no longer see drops out, and fields they cannot see are not named.',
          '按时间倒序；调用者已不可见的记录的变更不列出，不可见的字段不会列出。',
          '依時間倒序；呼叫者已不可見的記錄的變更不列出，不可見的欄位不會列出。',
        ),
        query: [
          { name: 'unread', in: 'query', description: 'true: only unread ones.', schema: { type: 'boolean' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
        ok: { status: 200, description: text('The notifications.', '通知列表。', '通知清單。'), schema: schemaRef('NotificationList') },
        problems: [400, 401],
      },
      {
        method: 'post',
        path: '/api/notifications/:id/read',
        operationId: 'markNotificationRead',
        summary: text('Mark a notification read', '将通知标记为已读', '將通知標為已讀'),
        ok: { status: 204, description: text('Marked read.', '已标记为已读。', '已標為已讀。') },
        problems: [400, 401, 404],
      },
      {
        method: 'post',
        path: '/api/notifications/read-all',
        operationId: 'markAllNotificationsRead',
        summary: text('Mark all my notifications read', '将我的通知全部标记为已读', '將我的通知全部標為已讀'),
        ok: { status: 200, description: text('How many were marked.', '标记的数量。', '標記的數量。'), schema: schemaRef('NotificationsMarked') },
        problems: [401],
      },
    ],
    schemas,
  );
}
