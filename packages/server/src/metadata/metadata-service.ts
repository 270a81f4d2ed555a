import {
  DomainError,
  brokenFormulaFields,
  defineField,
  defineObject,
  defineProcess,
  defineValidationRule,
  defineAutomationRule,
  patchAutomationRule,
  automationRuleProblems,
  defineAssignmentRule,
  patchAssignmentRule,
  defineApprovalProcess,
  patchApprovalProcess,
  approvalProcessProblems,
  type ApprovalProcess,
  assignmentRuleProblems,
  type AutomationRule,
  patchProcess,
  processDefinitionProblems,
  patchValidationRule,
  validationRuleProblems,
  fieldReferences,
  listColumnExists,
  isParentLookup,
  patchField,
  patchObject,
  referencesTo,
  type FieldDef,
  type ObjectDef,
  type WorkspaceMetadata,
} from '@mainline/core';
import type { Database, Queryable } from '../db/port.ts';
import { addFieldColumns, createObjectTable, dropFieldColumns, dropObjectTable } from '../schema/schema-manager.ts';
import { applyFieldChanges } from '../schema/apply-field-changes.ts';
import { dropWebhookSecret, issueWebhookSecret } from '../automation/webhook-delivery.ts';
import { bumpMetadataVersion, deleteObjectDefinition, lockMetadataForChange, readMetadata, saveObjectDefinition } from './metadata-store.ts';
import { syncSearchIndex } from '../search/search-index.ts';

/**
 * Metadata changes: validate with the pure definitions in core, apply DDL,
 * store the definition, bring the search index in line and bump the
 * workspace's metadata version — all in one transaction, serialised per workspace.
 */

type Change<T> = (tx: Queryable, metadata: WorkspaceMetadata) => Promise<T>;

export async function changeMetadata<T>(db: Database | Queryable, workspaceId: string, change: Change<T>): Promise<T> {
  const body = async (tx: Queryable) => {
    const ws = await lockMetadataForChange(tx, workspaceId);
    const metadata = await readMetadata(tx, { id: workspaceId, ...ws });
    const result = await change(tx, metadata);
    // Whatever the change did to fields (added, retyped, made searchable or not, deleted), the search index follows in the same transaction.
    await syncSearchIndex(tx, await readMetadata(tx, { id: workspaceId, ...ws }));
    await bumpMetadataVersion(tx, workspaceId);
    return result;
  };
  return 'transaction' in db ? db.transaction(body) : body(db);
}

export function requireObject(metadata: WorkspaceMetadata, apiName: string): ObjectDef {
  const object = Object.hasOwn(metadata.objects, apiName) ? metadata.objects[apiName] : undefined;
  if (!object) throw new DomainError({ code: 'unknownObject', params: { object: apiName.slice(0, 100) } });
  return object;
}

export function requireField(object: ObjectDef, apiName: string): FieldDef {
  const field = object.fields.find((f) => f.apiName === apiName);
  if (!field) throw new DomainError({ code: 'notFound', status: 404, errors: [{ field: apiName.slice(0, 100), code: 'unknownField' }] });
  return field;
}

export const createObject = (db: Database | Queryable, workspaceId: string, input: unknown): Promise<ObjectDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = defineObject(input, { existing: md.objects });
    await createObjectTable(tx, md.schema, object);
    await saveObjectDefinition(tx, workspaceId, object);
    return object;
  });

export const updateObject = (db: Database | Queryable, workspaceId: string, apiName: string, input: unknown): Promise<ObjectDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = patchObject(requireObject(md, apiName), input);
    await saveObjectDefinition(tx, workspaceId, object);
    return object;
  });

export const deleteObject = (db: Database | Queryable, workspaceId: string, apiName: string): Promise<void> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, apiName);
    const { [apiName]: _gone, ...rest } = md.objects;
    const rollups = brokenFormulaFields({ ...md, objects: rest }).map((f) => ({ object: f.split('.')[0]!, field: f.split('.')[1]! }));
    const refs = [...referencesTo(apiName, md.objects).filter((r) => r.object !== apiName), ...rollups.filter((r) => r.object !== apiName)];
    if (refs.length > 0) {
      throw new DomainError({ code: 'conflict', errors: [{ field: apiName, code: 'referencedBy', params: { by: refs.map((r) => `${r.object}.${r.field}`).join(', ') } }] });
    }
    await dropObjectTable(tx, md.schema, object);
    await deleteObjectDefinition(tx, workspaceId, apiName);
  });

export const createField = (db: Database | Queryable, workspaceId: string, objectName: string, input: unknown): Promise<FieldDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const field = defineField(input, { object, existing: md.objects });
    await addFieldColumns(tx, md.schema, object, field);
    // A new field shows in lists at once; administrators trim the columns afterwards.
    const listColumns = object.listColumns && object.listColumns.length < 30 ? { listColumns: [...object.listColumns, field.apiName] } : {};
    await saveObjectDefinition(tx, workspaceId, { ...object, ...listColumns, fields: [...object.fields, field] });
    return field;
  });

export const updateField = (db: Database | Queryable, workspaceId: string, objectName: string, fieldName: string, input: unknown): Promise<FieldDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const current = requireField(object, fieldName);
    const { field, changes } = patchField(current, input, { object, existing: md.objects });
    const next = { ...object, fields: object.fields.map((f) => (f.apiName === fieldName ? field : f)) };
    refuseBreakingRules(md, next, fieldName);
    await applyFieldChanges(tx, { schema: md.schema, object, before: current, after: field, changes });
    await saveObjectDefinition(tx, workspaceId, next);
    return field;
  });

export const deleteField = (db: Database | Queryable, workspaceId: string, objectName: string, fieldName: string): Promise<void> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const field = requireField(object, fieldName);
    if (field.system) throw new DomainError({ code: 'conflict', errors: [{ field: fieldName, code: 'systemFieldLocked' }] });
    const refs = fieldReferences({ object: objectName, field: fieldName }, md.objects);
    if (refs.length > 0) {
      throw new DomainError({ code: 'conflict', errors: [{ field: fieldName, code: 'referencedBy', params: { by: refs.map((r) => `${r.object}.${r.field} (${r.via})`).join(', ') } }] });
    }
    const columns = object.listColumns?.filter((c) => c.split('.')[0] !== fieldName);
    // Implicit access through a deleted lookup ends with it (records are then reached only by their own sharing).
    const { implicitParentAccess, ...kept } = object;
    const parent = implicitParentAccess && implicitParentAccess !== fieldName ? { implicitParentAccess } : {};
    const next = { ...kept, ...parent, ...(columns ? { listColumns: columns } : {}), fields: object.fields.filter((f) => f.apiName !== fieldName) };
    refuseBreakingRules(md, next, fieldName);
    await dropFieldColumns(tx, md.schema, object, field);
    await saveObjectDefinition(tx, workspaceId, next);
  });

/**
 * A field change or deletion must not leave a validation rule or a formula
 * field (of any object: both reach fields through lookups) that no longer
 * type-checks.
 */
function refuseBreakingRules(md: WorkspaceMetadata, changed: ObjectDef, fieldName: string): void {
  const after: WorkspaceMetadata = { ...md, objects: { ...md.objects, [changed.apiName]: changed } };
  const broken = Object.values(after.objects).flatMap((o) => [
    ...(o.validationRules ?? []).filter((r) => validationRuleProblems(r, { metadata: after, object: o }).length > 0).map((r) => `${o.apiName} validation rule ${r.apiName}`),
    ...(o.processes ?? []).filter((p) => processDefinitionProblems(p, { metadata: after, object: o }).length > 0).map((p) => `${o.apiName} process ${p.apiName}`),
    ...(o.automationRules ?? []).filter((r) => automationRuleProblems(r, { metadata: after, object: o }).length > 0).map((r) => `${o.apiName} automation rule ${r.apiName}`),
    ...(o.assignmentRules ?? []).filter((r) => assignmentRuleProblems(r, { metadata: after, object: o }).length > 0).map((r) => `${o.apiName} assignment rule ${r.apiName}`),
    ...brokenFormulaFields(after).filter((f) => f.startsWith(`${o.apiName}.`)).map((f) => `${f} (formula)`),
    ...(o.approvalProcesses ?? []).filter((p) => approvalProcessProblems(p, { metadata: after, object: o }).length > 0).map((p) => `${o.apiName} approval process ${p.apiName}`),
  ]);
  if (broken.length > 0) throw new DomainError({ code: 'conflict', errors: [{ field: fieldName, code: 'referencedBy', params: { by: broken.join(', ') } }] });
}

/**
 * Parts of an object definition kept as named lists (validation rules,
 * processes): each is created, changed and deleted as a metadata change,
 * checked against the whole workspace by its own define/patch functions.
 */
type PartKey = 'validationRules' | 'processes' | 'automationRules' | 'assignmentRules' | 'approvalProcesses';
type PartOf<K extends PartKey> = NonNullable<ObjectDef[K]>[number];
type PartContext = { metadata: WorkspaceMetadata; object: ObjectDef };

/** `verify` runs in the change's transaction for checks that need the database (users and roles of the workspace). */
type Verify<K extends PartKey> = (tx: Queryable, workspaceId: string, part: PartOf<K>) => Promise<void>;

function objectParts<K extends PartKey>(
  key: K,
  what: string,
  define: (input: unknown, ctx: PartContext) => PartOf<K>,
  patch: (current: PartOf<K>, input: unknown, ctx: PartContext) => PartOf<K>,
  verify?: Verify<K>,
) {
  const list = (object: ObjectDef): PartOf<K>[] => (object[key] ?? []) as PartOf<K>[];
  const require = (object: ObjectDef, apiName: string): PartOf<K> => {
    const found = list(object).find((p) => p.apiName === apiName);
    if (!found) throw new DomainError({ code: 'notFound', status: 404, errors: [{ field: apiName.slice(0, 100), code: 'invalidValue', params: { detail: `no ${what} of this name` } }] });
    return found;
  };
  const withParts = (object: ObjectDef, parts: PartOf<K>[]): ObjectDef => {
    const { [key]: _old, ...rest } = object;
    return (parts.length > 0 ? { ...rest, [key]: parts } : rest) as ObjectDef;
  };
  return {
    require,
    create: (db: Database | Queryable, workspaceId: string, objectName: string, input: unknown): Promise<PartOf<K>> =>
      changeMetadata(db, workspaceId, async (tx, md) => {
        const object = requireObject(md, objectName);
        const part = define(input, { metadata: md, object });
        await verify?.(tx, workspaceId, part);
        await saveObjectDefinition(tx, workspaceId, withParts(object, [...list(object), part]));
        return part;
      }),
    update: (db: Database | Queryable, workspaceId: string, objectName: string, name: string, input: unknown): Promise<PartOf<K>> =>
      changeMetadata(db, workspaceId, async (tx, md) => {
        const object = requireObject(md, objectName);
        const part = patch(require(object, name), input, { metadata: md, object });
        await verify?.(tx, workspaceId, part);
        await saveObjectDefinition(tx, workspaceId, withParts(object, list(object).map((p) => (p.apiName === name ? part : p))));
        return part;
      }),
    remove: (db: Database | Queryable, workspaceId: string, objectName: string, name: string): Promise<void> =>
      changeMetadata(db, workspaceId, async (tx, md) => {
        const object = requireObject(md, objectName);
        require(object, name);
        await saveObjectDefinition(tx, workspaceId, withParts(object, list(object).filter((p) => p.apiName !== name)));
      }),
  };
}

export const validationRules = objectParts('validationRules', 'validation rule', defineValidationRule, patchValidationRule);
export const processes = objectParts('processes', 'process', defineProcess, patchProcess);
export const assignmentRules = objectParts('assignmentRules', 'assignment rule', defineAssignmentRule, patchAssignmentRule);

/** Named approvers must be users and roles of this workspace: ids of another tenant's are refused like unknown ones. */
async function verifyApprovers(tx: Queryable, workspaceId: string, process: ApprovalProcess): Promise<void> {
  const users = process.steps.flatMap((s) => ('user' in s.approver ? [s.approver.user] : []));
  const roles = process.steps.flatMap((s) => ('role' in s.approver ? [s.approver.role] : []));
  const foundUsers = new Set((await tx.query<{ id: string }>('select id from mainline.users where workspace_id = $1 and active and id = any($2::uuid[])', [workspaceId, users])).rows.map((r) => r.id));
  const foundRoles = new Set((await tx.query<{ id: string }>('select id from mainline.roles where workspace_id = $1 and id = any($2::uuid[])', [workspaceId, roles])).rows.map((r) => r.id));
  const problems = process.steps.flatMap((s, i) => {
    if ('user' in s.approver && !foundUsers.has(s.approver.user)) return [{ field: `steps[${i}].approver.user`, code: 'referenceNotFound' as const }];
    if ('role' in s.approver && !foundRoles.has(s.approver.role)) return [{ field: `steps[${i}].approver.role`, code: 'referenceNotFound' as const }];
    return [];
  });
  if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
}
export const approvalProcesses = objectParts('approvalProcesses', 'approval process', defineApprovalProcess, patchApprovalProcess, verifyApprovers);

const automationRuleParts = objectParts('automationRules', 'automation rule', defineAutomationRule, patchAutomationRule);
type WithSecret = AutomationRule & { webhookSecret?: string };
/** A rule that calls a webhook gets a signing secret the first time it has one; the secret is answered only then. */
async function withWebhookSecret(db: Database | Queryable, workspaceId: string, object: string, rule: AutomationRule): Promise<WithSecret> {
  if (!rule.actions.some((a) => a.type === 'webhook')) return rule;
  const { rows } = await db.query<{ schema_name: string }>('select schema_name from mainline.workspaces where id = $1', [workspaceId]);
  const secret = await issueWebhookSecret(db, rows[0]!.schema_name, object, rule.apiName);
  return secret ? { ...rule, webhookSecret: secret } : rule;
}
export const automationRules = {
  require: automationRuleParts.require,
  create: async (db: Database | Queryable, workspaceId: string, objectName: string, input: unknown): Promise<WithSecret> =>
    withWebhookSecret(db, workspaceId, objectName, await automationRuleParts.create(db, workspaceId, objectName, input)),
  update: async (db: Database | Queryable, workspaceId: string, objectName: string, name: string, input: unknown): Promise<WithSecret> =>
    withWebhookSecret(db, workspaceId, objectName, await automationRuleParts.update(db, workspaceId, objectName, name, input)),
  remove: async (db: Database | Queryable, workspaceId: string, objectName: string, name: string): Promise<void> => {
    await automationRuleParts.remove(db, workspaceId, objectName, name);
    const { rows } = await db.query<{ schema_name: string }>('select schema_name from mainline.workspaces where id = $1', [workspaceId]);
    await dropWebhookSecret(db, rows[0]!.schema_name, objectName, name);
  },
};

/**
 * Installs a package of objects and fields (the standard model, later
 * customers' packages) in one metadata change: every object is defined
 * first, so fields may point at any object of the package whatever the
 * order; then the tables, then their columns and constraints. Each
 * definition goes through the same checks as the metadata API.
 */
export const installObjects = (
  db: Database | Queryable,
  workspaceId: string,
  pkg: { objects: { object: unknown; fields: unknown[] }[]; extraFields?: { object: string; fields: unknown[] }[] },
): Promise<ObjectDef[]> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const existing: Record<string, ObjectDef> = { ...md.objects };
    const created = pkg.objects.map((p) => {
      const object = defineObject(p.object, { existing });
      existing[object.apiName] = object;
      return object.apiName;
    });
    const system = new Map(created.map((name) => [name, existing[name]!]));
    const added = new Map<string, FieldDef[]>();
    const fieldsOf = [...pkg.objects.map((p, i) => ({ object: created[i]!, fields: p.fields })), ...(pkg.extraFields ?? [])];
    for (const { object: name, fields } of fieldsOf) {
      for (const input of fields) {
        const object = existing[name];
        if (!object) throw new DomainError({ code: 'unknownObject', params: { object: name } });
        const field = defineField(input, { object, existing });
        existing[name] = { ...object, fields: [...object.fields, field] };
        added.set(name, [...(added.get(name) ?? []), field]);
      }
    }
    for (const name of created) {
      const object = existing[name]!;
      const unknown = (object.listColumns ?? []).filter((c) => !listColumnExists(object, c));
      if (unknown.length > 0) throw new DomainError({ code: 'validationFailed', errors: unknown.map((c) => ({ field: `${name}.listColumns`, code: 'unknownField' as const, params: { field: c } })) });
      if (object.implicitParentAccess && !isParentLookup(object, object.implicitParentAccess)) {
        throw new DomainError({ code: 'validationFailed', errors: [{ field: `${name}.implicitParentAccess`, code: 'unknownField', params: { field: object.implicitParentAccess } }] });
      }
    }
    for (const object of system.values()) await createObjectTable(tx, md.schema, object);
    for (const [name, fields] of added) {
      const object = existing[name]!;
      for (const field of fields) await addFieldColumns(tx, md.schema, object, field);
    }
    for (const name of new Set([...created, ...added.keys()])) await saveObjectDefinition(tx, workspaceId, existing[name]!);
    // Objects keep the package's order (metadata lists by creation): one transaction would give them all the same time.
    await tx.query(
      `update mainline.object_metadata m set created_at = m.created_at + o.n * interval '1 millisecond'
         from unnest($2::text[]) with ordinality as o(api_name, n) where m.workspace_id = $1 and m.api_name = o.api_name`,
      [workspaceId, created],
    );
    return created.map((name) => existing[name]!);
  });
