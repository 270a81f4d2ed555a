import { DomainError } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authed } from '../auth/authenticate.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Database } from '../db/port.ts';
import { idParams, parseInput } from '../http/parse-input.ts';
import { STANDARD_MODEL_HASH, installStandardModel } from '../metadata/standard-model.ts';
import { clashFromDatabase, deleteWorkspace, listWorkspaceSummaries, provisionWorkspace, updateWorkspace } from './workspace-admin.ts';
import { WORKSPACE_SLUG } from './workspaces.ts';

const newWorkspace = z
  .object({
    slug: z.string().max(40).regex(WORKSPACE_SLUG),
    name: z.string().trim().min(1).max(200),
    admin: z
      .object({
        email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
        name: z.string().trim().min(1).max(200),
        password: z.string().min(12).max(1024).optional(),
      })
      .strict(),
  })
  .strict();

const workspaceChange = z
  .object({
    status: z.enum(['active', 'suspended']).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

const notFound = () => new DomainError({ code: 'notFound', errors: [{ field: 'id', code: 'invalidValue', params: { detail: 'no such workspace' } }] });

/** Tenant administration for platform administrators (access 'platformAdmin'; never through an API key). */
export function workspaceRoutes(deps: { db: Database; sessions: SessionCache }) {
  return async (app: FastifyInstance) => {
    const platform = { config: { access: 'platformAdmin' as const } };

    app.get('/api/platform/workspaces', platform, async () => ({ workspaces: await listWorkspaceSummaries(deps.db) }));

    app.post('/api/platform/workspaces', platform, async (request, reply) => {
      const { actor } = authed(request);
      const input = parseInput(newWorkspace, request.body);
      const created = await deps.db.transaction((tx) => provisionWorkspace(tx, input, { actor, ip: request.ip })).catch((error: unknown) => {
        throw clashFromDatabase(error, input);
      });
      return reply.code(201).send(created);
    });

    app.patch('/api/platform/workspaces/:id', platform, async (request) => {
      const { actor } = authed(request);
      const { id } = parseInput(idParams, request.params);
      const change = parseInput(workspaceChange, request.body);
      if (change.status === undefined && change.name === undefined) throw new DomainError({ code: 'validationFailed', errors: [{ field: 'status', code: 'required' }] });
      const updated = await deps.db.transaction((tx) => updateWorkspace(tx, id, change, { actor, ip: request.ip }));
      if (!updated) throw notFound();
      // Committed: this process drops the workspace's sessions and keys now; others on NOTIFY.
      deps.sessions.forget({ workspace: id });
      return updated;
    });

    // Which version of the standard model a tenant last received, and bringing it up to this one (additions only; see model-upgrade.ts).
    app.get('/api/platform/workspaces/:id/standardModel', platform, async (request) => {
      const { id } = parseInput(idParams, request.params);
      const { rows } = await deps.db.query<{ hash: string | null; items: string }>(
        'select w.standard_model_hash as hash, (select count(*) from mainline.standard_model_items i where i.workspace_id = w.id) as items from mainline.workspaces w where w.id = $1',
        [id],
      );
      if (!rows[0]) throw notFound();
      return { hash: rows[0].hash, current: STANDARD_MODEL_HASH, upToDate: rows[0].hash === STANDARD_MODEL_HASH, items: Number(rows[0].items) };
    });

    app.post('/api/platform/workspaces/:id/standardModel/upgrade', platform, async (request) => {
      const { actor } = authed(request);
      const { id } = parseInput(idParams, request.params);
      const result = await deps.db.transaction(async (tx) => {
        const found = await tx.query('select 1 from mainline.workspaces where id = $1', [id]);
        return found.rows[0] ? installStandardModel(tx, { workspaceId: id, actorId: actor.userId }) : undefined;
      });
      if (!result) throw notFound();
      return result;
    });

    app.delete('/api/platform/workspaces/:id', platform, async (request, reply) => {
      const { actor } = authed(request);
      const { id } = parseInput(idParams, request.params);
      const deleted = await deps.db.transaction((tx) => deleteWorkspace(tx, id, { actor, ip: request.ip }));
      if (!deleted) throw notFound();
      deps.sessions.forget({ workspace: id });
      return reply.code(204).send();
    });
  };
}
