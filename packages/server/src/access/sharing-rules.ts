import { DomainError, compileMatchingIds, granteeKey, ident, qualified, render, sql, type FilterNode, type ObjectDef, type Sql, type WorkspaceMetadata } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import type { SharingRuleRow } from './access-store.ts';

/**
 * Sharing rules, kept as share rows so that reads need only one indexed
 * EXISTS. Rows are recomputed in the transaction of whatever changes them:
 * a record write (for that record), a rule change (for the rule), or a
 * change of role or team membership (for rules that share by owner).
 */

const causeOf = (rule: SharingRuleRow): string => `rule:${rule.id}`;

/** Who owns the records a rule shares by owner, as a predicate on the owner column. */
function ownedBySql(rule: SharingRuleRow, alias: string): Sql {
  const owner = sql`${ident(alias)}.${ident('ownerId')}`;
  const by = rule.definition.ownedBy!;
  switch (by.type) {
    case 'user':
      return sql`${owner} = ${by.id}::uuid`;
    case 'team':
      return sql`${owner} in (select m.user_id from mainline.team_members m where m.team_id = ${by.id}::uuid)`;
    case 'role':
      return sql`${owner} in (select u.id from mainline.users u where u.role_id = ${by.id}::uuid)`;
    case 'roleAndSubordinates':
      return sql`${owner} in (select u.id from mainline.users u where u.role_id in (
        with recursive below(id) as (select ${by.id}::uuid union select r.id from mainline.roles r join below b on r.parent_id = b.id) select id from below))`;
  }
}

/** The ids of the records a rule shares (optionally among `ids`); undefined when its criteria no longer fit the metadata. */
export function ruleMatches(metadata: WorkspaceMetadata, rule: SharingRuleRow, ids?: readonly string[]): Sql | undefined {
  const restrict = (alias: string): Sql[] => (ids ? [sql`${ident(alias)}.${ident('id')} = any(${[...ids]}::uuid[])`] : []);
  try {
    return compileMatchingIds({
      metadata,
      object: rule.object,
      filter: rule.definition.criteria as FilterNode | undefined,
      where: (alias) => {
        const terms = [...restrict(alias), ...(rule.definition.ownedBy ? [ownedBySql(rule, alias)] : [])];
        return terms.length === 0 ? sql`true` : sql`${terms.reduce((a, b) => sql`${a} and ${b}`)}`;
      },
    });
  } catch (error) {
    // A field the criteria used was deleted since: the rule shares nothing until an administrator fixes it.
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

async function insertShares(q: Queryable, metadata: WorkspaceMetadata, rule: SharingRuleRow, ids?: readonly string[]): Promise<void> {
  const matches = ruleMatches(metadata, rule, ids);
  if (!matches) return;
  const r = render(sql`insert into ${qualified(metadata.schema, '_shares')} (object, record_id, grantee, access, cause)
    select ${rule.object}, m.id, ${granteeKey(rule.definition.sharedWith)}, ${rule.definition.access}, ${causeOf(rule)} from (${matches}) m
    on conflict do nothing`);
  await q.query(r.text, r.values);
}

/** Re-applies every rule of the object to these records (after they were created or changed). */
export async function applySharingRules(ctx: { tx: Queryable; metadata: WorkspaceMetadata; access: { sharingRules: readonly SharingRuleRow[] } }, object: ObjectDef, ids: readonly string[]): Promise<void> {
  const rules = ctx.access.sharingRules.filter((r) => r.object === object.apiName);
  if (rules.length === 0 || ids.length === 0) return;
  const d = render(sql`delete from ${qualified(ctx.metadata.schema, '_shares')} where object = ${object.apiName} and record_id = any(${[...ids]}::uuid[]) and cause like 'rule:%'`);
  await ctx.tx.query(d.text, d.values);
  for (const rule of rules) await insertShares(ctx.tx, ctx.metadata, rule, ids);
}

/** A deleted record's shares go with it. */
export async function dropRecordShares(ctx: { tx: Queryable; metadata: WorkspaceMetadata }, object: ObjectDef, ids: readonly string[]): Promise<void> {
  const d = render(sql`delete from ${qualified(ctx.metadata.schema, '_shares')} where object = ${object.apiName} and record_id = any(${[...ids]}::uuid[])`);
  await ctx.tx.query(d.text, d.values);
}

/** Recomputes one rule over all records of its object (after it was created or changed); `removed` only drops its shares. */
export async function recomputeRule(q: Queryable, metadata: WorkspaceMetadata, rule: SharingRuleRow, opts: { removed?: boolean } = {}): Promise<void> {
  const d = render(sql`delete from ${qualified(metadata.schema, '_shares')} where cause = ${causeOf(rule)}`);
  await q.query(d.text, d.values);
  if (!opts.removed && Object.hasOwn(metadata.objects, rule.object)) await insertShares(q, metadata, rule);
}

/** After roles or team memberships change: the rules that share by owner now match other records. */
export async function recomputeOwnerRules(q: Queryable, metadata: WorkspaceMetadata, rules: readonly SharingRuleRow[]): Promise<void> {
  for (const rule of rules) if (rule.definition.ownedBy) await recomputeRule(q, metadata, rule);
}
