import { buildOpenApi } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import { requestLocale } from '../http/problem.ts';
import type { MetadataCache } from './metadata-store.ts';

/** The OpenAPI document of the caller's workspace, generated from its metadata on each request (it is cheap and always current). */
export function openApiRoutes(deps: { db: Database; metadata: MetadataCache }) {
  return async (app: FastifyInstance) => {
    app.get('/api/openapi.json', { config: { access: 'user' } }, async (request) => {
      const metadata = await deps.metadata.load(deps.db, authed(request).workspace);
      return buildOpenApi({ metadata, locale: requestLocale(request), serverUrl: `${request.protocol}://${request.host}` });
    });
  };
}
