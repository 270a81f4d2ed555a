import { DomainError, validationError, type FieldProblem } from '@mainline/core';
import { z } from 'zod';
import type { Queryable } from '../../db/port.ts';
import type { IdentityProvider, IdentityProviderFields } from './identity-provider-store.ts';

// Plain http is refused by openid-client and would expose tokens; it is allowed only for a provider on this machine (tests, development).
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isLoopbackIssuer = (issuer: string): boolean => {
  const url = URL.parse(issuer);
  return url !== null && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
};

const issuer = z
  .string()
  .max(500)
  .refine((value) => {
    const url = URL.parse(value);
    if (!url || url.search || url.hash || url.username || url.password) return false;
    return url.protocol === 'https:' || isLoopbackIssuer(value);
  }, 'must be an https URL (http only for localhost or 127.0.0.1), without query or fragment');

const text = (max: number) => z.string().trim().min(1).max(max);

const fields = {
  name: text(100),
  issuer,
  clientId: text(500),
  clientSecret: z.string().min(1).max(2000).nullable(),
  defaultProfileId: z.uuid().nullable(),
  defaultRoleId: z.uuid().nullable(),
  enabled: z.boolean(),
};

export const createBody = z
  .object({ ...fields, clientSecret: fields.clientSecret.optional(), defaultProfileId: fields.defaultProfileId.optional(), defaultRoleId: fields.defaultRoleId.optional(), enabled: fields.enabled.optional() })
  .strict();
export const patchBody = z.object(fields).partial().strict();

function problemsOf(issues: z.core.$ZodIssue[]): FieldProblem[] {
  return issues.flatMap((i): FieldProblem[] => {
    const field = i.path.join('.') || 'body';
    if (i.code === 'unrecognized_keys') return i.keys.map((key) => ({ field: key, code: 'unknownField' }));
    if (i.code === 'invalid_type') return [i.message.includes('received undefined') ? { field, code: 'required' } : { field, code: 'wrongType', params: { expected: i.expected } }];
    if (i.code === 'too_big' && i.origin === 'string') return [{ field, code: 'tooLong', params: { max: i.maximum } }];
    return [{ field, code: 'invalidValue', params: { detail: i.message } }];
  });
}

export function parseCreateProvider(body: unknown): IdentityProviderFields {
  const parsed = createBody.safeParse(body);
  if (!parsed.success) throw validationError(problemsOf(parsed.error.issues));
  const d = parsed.data;
  return { name: d.name, issuer: d.issuer, clientId: d.clientId, clientSecret: d.clientSecret ?? null, defaultProfileId: d.defaultProfileId ?? null, defaultRoleId: d.defaultRoleId ?? null, enabled: d.enabled ?? true };
}

export function parsePatchProvider(body: unknown): Partial<IdentityProviderFields> {
  const parsed = patchBody.safeParse(body ?? {});
  if (!parsed.success) throw validationError(problemsOf(parsed.error.issues));
  return parsed.data;
}

/** Default profile and role must be the workspace's own: a foreign id would give provisioned users another tenant's access. */
export async function checkProviderReferences(q: Queryable, workspaceId: string, input: Partial<IdentityProviderFields>): Promise<void> {
  const problems: FieldProblem[] = [];
  const owned = async (table: 'profiles' | 'roles', id: string) => (await q.query('select 1 from mainline.' + table + ' where id = $1 and workspace_id = $2', [id, workspaceId])).rows.length > 0;
  if (input.defaultProfileId && !(await owned('profiles', input.defaultProfileId))) problems.push({ field: 'defaultProfileId', code: 'referenceNotFound' });
  if (input.defaultRoleId && !(await owned('roles', input.defaultRoleId))) problems.push({ field: 'defaultRoleId', code: 'referenceNotFound' });
  if (problems.length > 0) throw validationError(problems);
}

export function nameTaken(error: unknown, name: string | undefined): unknown {
  const pg = error as { code?: string };
  if (pg?.code !== '23505') return error;
  return new DomainError({ code: 'conflict', errors: [{ field: 'name', code: 'alreadyExists', params: { value: name ?? '' } }] });
}

/** The API form: the client secret is write-only, so only its presence is shown. */
export function providerResponse(p: IdentityProvider, redirectUri: string) {
  return {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    hasClientSecret: p.clientSecret !== null,
    defaultProfileId: p.defaultProfileId,
    defaultRoleId: p.defaultRoleId,
    enabled: p.enabled,
    redirectUri,
    createdAt: p.createdAt,
  };
}
