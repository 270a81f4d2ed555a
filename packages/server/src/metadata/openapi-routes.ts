import { buildOpenApi } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import { requestLocale } from '../http/problem.ts';
import type { AccessCache } from '../access/access-store.ts';
import type { MetadataCache } from './metadata-store.ts';
import { describeActions } from '../mainline/actions.ts';
import { serverRouteDocs } from './api-route-docs.ts';

/** The OpenAPI document of the caller's workspace as they may use it, generated from its metadata on each request (it is cheap and always current). */
export function openApiRoutes(deps: { db: Database; metadata: MetadataCache; access: AccessCache }) {
  return async (app: FastifyInstance) => {
    app.get('/api/openapi.json', { config: { access: 'user' } }, async (request) => {
      const { actor, workspace } = authed(request);
      const full = await deps.metadata.load(deps.db, workspace);
      // Each caller's document describes what they may reach: no hidden object or field is named in it.
      const metadata = (await deps.access.forActor(deps.db, actor, workspace, full)).view;
      const locale = requestLocale(request);
      return buildOpenApi({ metadata, actions: describeActions(metadata), routes: serverRouteDocs(locale, metadata), locale, serverUrl: `${request.protocol}://${request.host}` });
    });
  };
}
