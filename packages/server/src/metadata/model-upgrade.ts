import { upgradeTexts, type FieldInput, type ItemTexts, type Locale, type LocalizedText, type ObjectDef, type ObjectInput, type WorkspaceMetadata } from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { bumpAccessVersion } from '../access/access-store.ts';
import { recordSecurityEvent } from '../auth/security-audit.ts';
import type { Queryable } from '../db/port.ts';
import { approvalProcesses, assignmentRules, automationRules, installObjects, processes, updateField, updateObject, validationRules } from './metadata-service.ts';
import { lockMetadataForChange, readMetadata } from './metadata-store.ts';

/**
 * Brings a workspace up to a model package (the standard model): adds what
 * the workspace never received and leaves everything else alone. Each item
 * — role, object, field, picklist value, rule — is remembered once the
 * workspace has it, so an item that is remembered but gone was removed by
 * the customer and stays removed; an item present under its name (possibly
 * deactivated or otherwise changed) is not added again, and only its
 * wording may follow the package (below). A new workspace is the same
 * operation from nothing.
 *
 * Workspaces created before items were remembered have no memory: their
 * first upgrade treats what they hold as theirs and adds what is missing
 * (a standard field they had deleted comes back once).
 *
 * Wording follows the package too: each item also remembers the texts
 * (labels, plural labels, help text, rule messages) the package gave it, so
 * when the package rewords an item, each language the workspace still shows
 * exactly as shipped takes the new wording, and a language its administrator
 * changed keeps theirs (see upgradeTexts in core). Items remembered before
 * texts were are compared with `textsBefore`: what the package shipped then.
 */

export type ModelRole = { key: string; name: string; parent?: string };
export type PartKind = 'validationRules' | 'processes' | 'approvalProcesses' | 'assignmentRules' | 'automationRules';
export type ModelPart = {
  object: string;
  kind: PartKind;
  definition: { apiName: string } & Record<string, unknown>;
  /** Role keys the definition names: without them the part waits (a customer removed the role). */
  roles: string[];
  /** Item keys of other parts it refers to (an automation rule to its assignment rule). */
  needs?: string[];
};
export type ModelPackage = {
  objects: { object: ObjectInput; fields: FieldInput[] }[];
  extraFields: { object: string; fields: FieldInput[] }[];
  roles: ModelRole[];
  /** Rules, with role ids filled in from the workspace. */
  parts: (roleIds: Readonly<Record<string, string>>) => ModelPart[];
  /** Texts that have changed since items were first remembered without them, as they were then, by item key. */
  textsBefore?: Readonly<Record<string, ItemTexts>>;
};

/** A text of an item that took the package's new wording: `{item: 'value:case.status.new', text: 'label', locales: ['zh-TW']}`. */
export type Relabel = { item: string; text: string; locales: Locale[] };
export type UpgradeResult = { hash: string; applied: string[]; skipped: string[]; relabelled: Relabel[] };

const PART_API = { validationRules, processes, approvalProcesses, assignmentRules, automationRules } as const;
const partKey = (p: Pick<ModelPart, 'kind' | 'object' | 'definition'>) => `${p.kind}:${p.object}.${p.definition.apiName}`;
const fieldSetsOf = (pkg: ModelPackage) => [...pkg.objects.map((o) => ({ object: o.object.apiName, fields: o.fields, own: true })), ...pkg.extraFields.map((e) => ({ ...e, own: false }))];

/** Only the texts an item has: what is stored and compared is the same JSON whichever way it was built. */
const texts = (all: Record<string, unknown>): ItemTexts => Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as ItemTexts;

/** The wording the package ships, by item key (roles are named in one language and have none). */
function packageTexts(pkg: ModelPackage, parts: ModelPart[]): Map<string, ItemTexts> {
  const out = new Map<string, ItemTexts>();
  for (const { object } of pkg.objects) {
    // The object's name field is labelled with the object (a quote's number), not as an item of its own.
    out.set(`object:${object.apiName}`, texts({ label: object.label, pluralLabel: object.pluralLabel, description: object.description, nameLabel: object.nameField?.label }));
  }
  for (const { object, fields } of fieldSetsOf(pkg)) {
    for (const f of fields) {
      out.set(`field:${object}.${f.apiName}`, texts({ label: f.label, helpText: f.helpText }));
      for (const v of f.values ?? []) out.set(`value:${object}.${f.apiName}.${v.apiName}`, texts({ label: v.label }));
    }
  }
  for (const p of parts) out.set(partKey(p), texts({ label: p.definition.label, message: p.definition.message }));
  return out;
}

export async function applyModelPackage(tx: Queryable, ws: { workspaceId: string; actorId: string | null }, pkg: ModelPackage, hash: string): Promise<UpgradeResult> {
  const { workspaceId } = ws;
  // Two processes starting at once upgrade each workspace once: the second finds every item remembered.
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`mainline.standard-model:${workspaceId}`]);
  const memory = (await tx.query<{ item: string; texts: ItemTexts | null }>('select item, texts from mainline.standard_model_items where workspace_id = $1', [workspaceId])).rows;
  const marked = new Set(memory.map((r) => r.item));
  const applied: string[] = [];
  const present: string[] = [];
  const skipped: string[] = [];
  /** What to do with an item: 'add' when it never reached the workspace, undefined when it is there or was removed. */
  const decide = (key: string, exists: boolean): 'add' | undefined => {
    if (exists) {
      if (!marked.has(key)) present.push(key);
      return undefined;
    }
    return marked.has(key) ? undefined : 'add';
  };

  const before = await metadataOf(tx, workspaceId);
  const fresh = marked.size === 0 && Object.keys(before.objects).length === 0;
  const roleIds = await applyRoles(tx, workspaceId, pkg.roles, decide, applied, present);

  // Objects, then fields of objects the workspace already has: one package install, so lookups may point anywhere.
  const newObjects = pkg.objects.filter((o) => decide(`object:${o.object.apiName}`, Object.hasOwn(before.objects, o.object.apiName)) === 'add');
  const creating = new Set(newObjects.map((o) => o.object.apiName));
  const extra = new Map<string, FieldInput[]>();
  const fieldSets = fieldSetsOf(pkg);
  for (const { object, fields, own } of fieldSets) {
    const current = before.objects[object];
    for (const f of fields) {
      const key = `field:${object}.${f.apiName}`;
      if (creating.has(object)) {
        applied.push(key);
        if (!own) extra.set(object, [...(extra.get(object) ?? []), f]);
      } else if (current && decide(key, current.fields.some((x) => x.apiName === f.apiName)) === 'add') {
        applied.push(key);
        extra.set(object, [...(extra.get(object) ?? []), f]);
      }
    }
  }
  applied.push(...newObjects.map((o) => `object:${o.object.apiName}`));
  if (newObjects.length > 0 || extra.size > 0) {
    await installObjects(tx, workspaceId, { objects: newObjects, extraFields: [...extra].map(([object, fields]) => ({ object, fields })) });
  }

  // Picklist values the workspace's fields lack (fields just added came with all of theirs).
  const afterFields = await metadataOf(tx, workspaceId);
  for (const { object, fields } of fieldSets) {
    for (const f of fields) {
      if (!f.values || !afterFields.objects[object]) continue;
      const current = afterFields.objects[object].fields.find((x) => x.apiName === f.apiName);
      if (!current) continue;
      const valueKey = (v: { apiName: string }) => `value:${object}.${f.apiName}.${v.apiName}`;
      if (applied.includes(`field:${object}.${f.apiName}`)) {
        applied.push(...f.values.map(valueKey));
        continue;
      }
      const missing = f.values.filter((v) => decide(valueKey(v), (current.values ?? []).some((x) => x.apiName === v.apiName)) === 'add');
      if (missing.length === 0) continue;
      // The whole list: existing values by name only, so each keeps its label, order and activity as the customer
      // left them; new ones go after them (the model's positions may be taken).
      const added = missing.map(({ order: _order, ...v }) => v);
      await updateField(tx, workspaceId, object, f.apiName, { values: [...(current.values ?? []).map((v) => ({ apiName: v.apiName })), ...added] });
      applied.push(...missing.map(valueKey));
    }
  }

  // Rules, after the objects, fields and roles they name.
  const have = new Set([...marked, ...present, ...applied]);
  const parts = pkg.parts(roleIds);
  for (const part of parts) {
    const key = partKey(part);
    const object: ObjectDef | undefined = afterFields.objects[part.object];
    if (!object) continue;
    const exists = ((object[part.kind] ?? []) as { apiName: string }[]).some((r) => r.apiName === part.definition.apiName);
    if (decide(key, exists) !== 'add') continue;
    if (part.roles.some((r) => !roleIds[r]) || (part.needs ?? []).some((k) => !have.has(k))) {
      skipped.push(key);
      continue;
    }
    await PART_API[part.kind].create(tx, workspaceId, part.object, part.definition);
    applied.push(key);
    have.add(key);
  }

  // Wording, for items the workspace had before this upgrade (those just added came with the package's).
  const shipped = packageTexts(pkg, parts);
  const remembered = new Map(memory.map((r) => [r.item, r.texts]));
  const shippedBefore = (item: string): ItemTexts => remembered.get(item) ?? { ...shipped.get(item), ...pkg.textsBefore?.[item] };
  const relabelled = fresh ? [] : await applyTexts(tx, workspaceId, await metadataOf(tx, workspaceId), shipped, shippedBefore, new Set(applied));

  // Every item remembered with the wording it was last given (removed ones too: harmless, and they stay removed).
  const remember = [...new Set([...applied, ...present, ...memory.filter((r) => shipped.has(r.item)).map((r) => r.item)])];
  if (remember.length > 0) {
    await tx.query(
      `insert into mainline.standard_model_items (workspace_id, item, texts) select $1, i, t::jsonb from unnest($2::text[], $3::text[]) as u(i, t)
         on conflict (workspace_id, item) do update set texts = excluded.texts where standard_model_items.texts is distinct from excluded.texts`,
      [workspaceId, remember, remember.map((item) => (shipped.has(item) ? JSON.stringify(shipped.get(item)) : null))],
    );
  }
  await tx.query('update mainline.workspaces set standard_model_hash = $2 where id = $1', [workspaceId, hash]);
  if (!fresh && (applied.length > 0 || relabelled.length > 0)) {
    const detail = { hash, applied, ...(skipped.length > 0 ? { skipped } : {}), ...(relabelled.length > 0 ? { relabelled } : {}) };
    await recordSecurityEvent(tx, { workspaceId, userId: ws.actorId, event: 'standardModel.upgraded', detail });
  }
  return { hash, applied, skipped, relabelled };
}

type Texted = { label?: LocalizedText; pluralLabel?: LocalizedText; description?: LocalizedText; helpText?: LocalizedText; message?: LocalizedText };
/** A patch setting each changed text (null clears one the package dropped). */
const patchOf = (changes: { text: string; value: LocalizedText | undefined }[]) => Object.fromEntries(changes.map((c) => [c.text, c.value ?? null]));

/**
 * Rewords what the package rewords (see upgradeTexts), through the same
 * metadata service as an administrator's edit: one change per object, field
 * or rule, so metadata versions and caches follow.
 */
async function applyTexts(
  tx: Queryable,
  workspaceId: string,
  md: WorkspaceMetadata,
  shipped: Map<string, ItemTexts>,
  before: (item: string) => ItemTexts,
  justAdded: ReadonlySet<string>,
): Promise<Relabel[]> {
  const relabelled: Relabel[] = [];
  /** Only items the package ships texts for: a customer's own object, field or rule has none. */
  const changesOf = (item: string, current: Texted & { nameLabel?: LocalizedText }) => {
    if (justAdded.has(item) || !shipped.has(item)) return [];
    const changes = upgradeTexts(current, before(item), shipped.get(item) ?? {});
    relabelled.push(...changes.map((c) => ({ item, text: c.text, locales: c.locales })));
    return changes;
  };
  for (const object of Object.values(md.objects)) {
    const own = `object:${object.apiName}`;
    const nameLabel = object.fields.find((f) => f.apiName === 'name')?.label;
    const { nameLabel: newNameLabel, ...objectPatch } = patchOf(changesOf(own, { ...object, nameLabel }));
    if (Object.keys(objectPatch).length > 0) await updateObject(tx, workspaceId, object.apiName, objectPatch);
    if (newNameLabel) await updateField(tx, workspaceId, object.apiName, 'name', { label: newNameLabel });
    for (const field of object.fields) {
      const fieldPatch = patchOf(changesOf(`field:${object.apiName}.${field.apiName}`, field));
      // The whole list, as values are patched: by name, and a new label where the package rewords one.
      const values = (field.values ?? []).map((v) => ({ apiName: v.apiName, ...patchOf(changesOf(`value:${object.apiName}.${field.apiName}.${v.apiName}`, v)) }));
      const reworded = values.some((v) => 'label' in v);
      if (Object.keys(fieldPatch).length > 0 || reworded) await updateField(tx, workspaceId, object.apiName, field.apiName, { ...fieldPatch, ...(reworded ? { values } : {}) });
    }
    for (const kind of Object.keys(PART_API) as PartKind[]) {
      for (const part of (object[kind] ?? []) as ({ apiName: string } & Texted)[]) {
        const partPatch = patchOf(changesOf(partKey({ kind, object: object.apiName, definition: part }), part));
        if (Object.keys(partPatch).length > 0) await PART_API[kind].update(tx, workspaceId, object.apiName, part.apiName, partPatch);
      }
    }
  }
  return relabelled;
}

async function metadataOf(tx: Queryable, workspaceId: string): Promise<WorkspaceMetadata> {
  const ws = await lockMetadataForChange(tx, workspaceId);
  return readMetadata(tx, { id: workspaceId, ...ws });
}

/** Roles by key: found by key, or adopted by name (a customer may have made one already), or created under their parent. */
async function applyRoles(
  tx: Queryable,
  workspaceId: string,
  roles: ModelRole[],
  decide: (key: string, exists: boolean) => 'add' | undefined,
  applied: string[],
  present: string[],
): Promise<Record<string, string>> {
  const { rows } = await tx.query<{ id: string; name: string; standard_key: string | null }>('select id, name, standard_key from mainline.roles where workspace_id = $1', [workspaceId]);
  const ids: Record<string, string> = {};
  for (const role of roles) {
    const key = `role:${role.key}`;
    const byKey = rows.find((r) => r.standard_key === role.key);
    if (decide(key, !!byKey) !== 'add') {
      if (byKey) ids[role.key] = byKey.id;
      continue;
    }
    const byName = rows.find((r) => r.name === role.name && r.standard_key === null);
    if (byName) {
      await tx.query('update mainline.roles set standard_key = $2 where id = $1', [byName.id, role.key]);
      ids[role.key] = byName.id;
      present.push(key);
      continue;
    }
    const id = uuidv7();
    await tx.query('insert into mainline.roles (id, workspace_id, name, parent_id, standard_key) values ($1, $2, $3, $4, $5)', [id, workspaceId, role.name, (role.parent && ids[role.parent]) ?? null, role.key]);
    ids[role.key] = id;
    applied.push(key);
  }
  if (applied.some((k) => k.startsWith('role:'))) await bumpAccessVersion(tx, workspaceId);
  return ids;
}
