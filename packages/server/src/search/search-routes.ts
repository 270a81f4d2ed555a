import type { FastifyInstance } from 'fastify';
import type { AccessCache } from '../access/access-store.ts';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { formulaContextOf } from '../records/formula-context.ts';
import { searchRecords } from './search-query.ts';

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
