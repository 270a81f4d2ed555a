import { z } from 'zod';
import { definitionError, problemsFromZod } from '../metadata/lib/problems.ts';
import type { FieldProblem } from '../errors/domain-error.ts';
import type { WorkspaceMetadata } from '../metadata/types.ts';
import { LOCALES } from '../metadata/types.ts';
import { FIELD_ACCESS_LEVELS, type PermissionGrant } from './permissions.ts';

/**
 * The shapes administrators send to manage access: profiles and permission
 * sets, roles, teams, users, sharing rules and manual shares. Shapes are
 * checked here; whether named ids exist in the workspace is the server's
 * check, since only it can look.
 */

const name = z.string().trim().min(1).max(100);
const description = z.string().max(1000).nullable().optional();
const id = z.uuid();
const apiName = z.string().min(1).max(100);

const objectPermissions = z.strictObject({
  read: z.boolean().optional(),
  create: z.boolean().optional(),
  edit: z.boolean().optional(),
  delete: z.boolean().optional(),
  viewAll: z.boolean().optional(),
  modifyAll: z.boolean().optional(),
});
const MAX_KEYS = 500;
const bounded = <T extends z.ZodType>(value: T) =>
  z.record(apiName, value).refine((r) => Object.keys(r).length <= MAX_KEYS, { params: { code: 'tooMany', max: MAX_KEYS } });

export const permissionGrantInput = z.strictObject({
  allObjects: objectPermissions.optional(),
  objects: bounded(objectPermissions).optional(),
  fields: bounded(bounded(z.enum(FIELD_ACCESS_LEVELS))).optional(),
  viewAllData: z.boolean().optional(),
  modifyAllData: z.boolean().optional(),
  manageSharedViews: z.boolean().optional(),
});

export const permissionHolderInput = z.strictObject({ name, description, permissions: permissionGrantInput });
export const permissionHolderPatch = z.strictObject({ name: name.optional(), description, permissions: permissionGrantInput.optional() });

export const roleInput = z.strictObject({ name, parentId: id.nullable().optional() });
export const rolePatch = z.strictObject({ name: name.optional(), parentId: id.nullable().optional() });

const idList = z.array(id).max(1000);
export const teamInput = z.strictObject({ name, description, memberIds: idList.optional() });
export const teamPatch = z.strictObject({ name: name.optional(), description, memberIds: idList.optional() });

const timeZone = z.string().max(64).refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { params: { code: 'invalidFormat', format: 'IANA time zone (e.g. Asia/Shanghai)' } },
);
const userShape = {
  name,
  locale: z.enum(LOCALES).optional(),
  timeZone: timeZone.optional(),
  profileId: id.nullable().optional(),
  roleId: id.nullable().optional(),
  isAdmin: z.boolean().optional(),
  isIntegration: z.boolean().optional(),
  permissionSetIds: idList.optional(),
  teamIds: idList.optional(),
};
export const userInput = z.strictObject({
  ...userShape,
  email: z.email().max(254),
  password: z.string().min(10).max(1024).optional(),
});
export const userPatch = z.strictObject({
  ...userShape,
  name: name.optional(),
  active: z.boolean().optional(),
  password: z.string().min(10).max(1024).optional(),
});

export const granteeInput = z.strictObject({ type: z.enum(['user', 'team', 'role', 'roleAndSubordinates']), id });
export const shareAccess = z.enum(['read', 'edit']);

export const sharingRuleInput = z
  .strictObject({
    object: apiName,
    name,
    description,
    /** Share the records this filter matches (the same filter tree lists take)… */
    criteria: z.unknown().optional(),
    /** …or the records owned by members of this role, role-and-subordinates, team or user. */
    ownedBy: granteeInput.optional(),
    sharedWith: granteeInput,
    access: shareAccess,
  })
  .refine((r) => (r.criteria === undefined) !== (r.ownedBy === undefined), {
    params: { code: 'invalidValue', detail: 'give exactly one of criteria and ownedBy' },
    path: ['criteria'],
  });
export const sharingRulePatch = z.strictObject({
  name: name.optional(),
  description,
  criteria: z.unknown().optional(),
  ownedBy: granteeInput.optional(),
  sharedWith: granteeInput.optional(),
  access: shareAccess.optional(),
});

export const manualShareInput = z.strictObject({ grantee: granteeInput, access: shareAccess });

export type SharingRuleInput = z.output<typeof sharingRuleInput>;
export type GranteeInput = z.output<typeof granteeInput>;

/** Parses an access-management input, throwing every problem at once as a 400 naming each field. */
export function parseAccessInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw definitionError([{ field: 'body', code: 'wrongType', params: { expected: 'a JSON object' } }]);
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) return r.data;
  throw definitionError(problemsFromZod(r.error.issues));
}

/** Objects and fields a grant names must exist, so a typo is caught instead of silently granting nothing. */
export function grantProblems(grant: PermissionGrant, metadata: WorkspaceMetadata, prefix: string = 'permissions'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const has = (o: string) => Object.hasOwn(metadata.objects, o);
  for (const o of Object.keys(grant.objects ?? {})) if (!has(o)) problems.push({ field: `${prefix}.objects.${o.slice(0, 100)}`, code: 'unknownObject', params: { object: o.slice(0, 100) } });
  for (const [o, fields] of Object.entries(grant.fields ?? {})) {
    if (!has(o)) {
      problems.push({ field: `${prefix}.fields.${o.slice(0, 100)}`, code: 'unknownObject', params: { object: o.slice(0, 100) } });
      continue;
    }
    const known = new Set(metadata.objects[o]!.fields.map((f) => f.apiName));
    for (const f of Object.keys(fields)) if (!known.has(f)) problems.push({ field: `${prefix}.fields.${o}.${f.slice(0, 100)}`, code: 'unknownField', params: { field: f.slice(0, 100) } });
  }
  return problems;
}
