import { DomainError, isUuid } from '@mainline/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../../db/port.ts';
import { authed } from '../authenticate.ts';
import { recordSecurityEvent } from '../security-audit.ts';
import type { Actor } from '../sessions.ts';
import { checkProviderReferences, nameTaken, parseCreateProvider, parsePatchProvider, providerResponse } from './identity-provider-input.ts';
import { deleteIdentityProvider, getIdentityProvider, insertIdentityProvider, listIdentityProviders, updateIdentityProvider, type IdentityProvider } from './identity-provider-store.ts';


const notFound = (): DomainError => new DomainError({ code: 'notFound', status: 404, errors: [{ field: 'id', code: 'referenceNotFound' }] });

/** A provider id from the path; malformed ids are as absent as another workspace's. */
const idParam = (request: FastifyRequest<{ Params: { id: string } }>): string => {
  if (!isUuid(request.params.id)) throw notFound();
  return request.params.id.toLowerCase();
};

async function audit(q: Queryable, actor: Actor, request: FastifyRequest, action: 'created' | 'updated' | 'deleted', p: IdentityProvider, fields: string[]): Promise<void> {
  // Names of changed fields only: the secret's value never reaches the log.
  await recordSecurityEvent(q, { workspaceId: actor.workspaceId, userId: actor.userId, event: 'identityProvider.changed', detail: { action, providerId: p.id, name: p.name, issuer: p.issuer, fields }, ip: request.ip });
}

/** Workspace administrators manage their own workspace's identity providers; every change is audited. */
export function identityProviderRoutes(ctx: { db: Database; redirectUri: (request: FastifyRequest) => string }) {
  return async (app: FastifyInstance) => {
    const base = '/api/admin/identity-providers';

    app.get(base, { config: { access: 'admin' } }, async (request) => {
      const { actor } = authed(request);
      return (await listIdentityProviders(ctx.db, actor.workspaceId)).map((p) => providerResponse(p, ctx.redirectUri(request)));
    });

    app.post(base, { config: { access: 'admin' } }, async (request, reply) => {
      const { actor } = authed(request);
      const input = parseCreateProvider(request.body);
      const created = await ctx.db
        .transaction(async (tx) => {
          await checkProviderReferences(tx, actor.workspaceId, input);
          const p = await insertIdentityProvider(tx, actor.workspaceId, input);
          await audit(tx, actor, request, 'created', p, Object.keys(input));
          return p;
        })
        .catch((error: unknown) => Promise.reject(nameTaken(error, input.name)));
      return reply.code(201).send(providerResponse(created, ctx.redirectUri(request)));
    });

    app.get<{ Params: { id: string } }>(`${base}/:id`, { config: { access: 'admin' } }, async (request) => {
      const { actor } = authed(request);
      const p = await getIdentityProvider(ctx.db, { workspaceId: actor.workspaceId, id: idParam(request) });
      if (!p) throw notFound();
      return providerResponse(p, ctx.redirectUri(request));
    });

    app.patch<{ Params: { id: string } }>(`${base}/:id`, { config: { access: 'admin' } }, async (request) => {
      const { actor } = authed(request);
      const id = idParam(request);
      const changes = parsePatchProvider(request.body);
      const updated = await ctx.db
        .transaction(async (tx) => {
          if (!(await getIdentityProvider(tx, { workspaceId: actor.workspaceId, id }))) throw notFound();
          await checkProviderReferences(tx, actor.workspaceId, changes);
          const p = (await updateIdentityProvider(tx, { workspaceId: actor.workspaceId, id }, changes))!;
          await audit(tx, actor, request, 'updated', p, Object.keys(changes));
          return p;
        })
        .catch((error: unknown) => Promise.reject(nameTaken(error, changes.name)));
      return providerResponse(updated, ctx.redirectUri(request));
    });

    app.delete<{ Params: { id: string } }>(`${base}/:id`, { config: { access: 'admin' } }, async (request, reply) => {
      const { actor } = authed(request);
      const id = idParam(request);
      await ctx.db.transaction(async (tx) => {
        // Linked identities go with it (on delete cascade); the users stay, and can sign in with a password or another provider.
        const p = await deleteIdentityProvider(tx, { workspaceId: actor.workspaceId, id });
        if (!p) throw notFound();
        await audit(tx, actor, request, 'deleted', p, []);
      });
      return reply.code(204).send();
    });
  };
}
