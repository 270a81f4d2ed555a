import type { FastifyInstance } from 'fastify';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';

/**
 * The workspace's people, by name: every record shows its owner and who
 * changed it, so any signed-in user may read colleagues' names (and only
 * names — email, role and profile stay with administrators), and only of
 * their own workspace.
 */
export function userDirectoryRoutes(deps: { db: Database }) {
  return async (app: FastifyInstance) => {
    app.get('/api/users', { config: { access: 'user' } }, async (request) => {
      const { actor } = authed(request);
      const { rows } = await deps.db.query<{ id: string; name: string; active: boolean }>(
        'select id, name, active from mainline.users where workspace_id = $1 order by name, id',
        [actor.workspaceId],
      );
      return { users: rows };
    });
  };
}
