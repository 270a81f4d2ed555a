import { describe, expect, it } from 'vitest';
import {
  actorReach,
  defineObject,
  effectivePermissions,
  granteeKey,
  metadataViewFor,
  parseGranteeKey,
  recordVisibility,
  render,
  roleAndAbove,
  rolesBelow,
  wouldCreateCycle,
  type ObjectDef,
  type WorkspaceMetadata,
} from '../src/index.ts';

const deal = (sharingModel?: 'private' | 'publicRead' | 'publicReadWrite'): ObjectDef => {
  const o = defineObject({ apiName: 'deal', label: { en: 'Deal' }, ...(sharingModel ? { sharingModel } : {}) }, { existing: {} });
  return { ...o, fields: [...o.fields, { apiName: 'secret', type: 'text', label: { en: 'Secret' }, required: false, unique: false, externalId: false }] };
};

describe('effective permissions', () => {
  it('unions profile and permission sets, and a grant implies what it needs', () => {
    const p = effectivePermissions({ isAdmin: false, profile: { allObjects: { read: true } }, permissionSets: [{ objects: { deal: { modifyAll: true } } }] });
    expect(p.object('deal')).toEqual({ read: true, create: false, edit: true, delete: true, viewAll: true, modifyAll: true });
    expect(p.object('account')).toEqual({ read: true, create: false, edit: false, delete: false, viewAll: false, modifyAll: false });
    // An object the profile names explicitly does not fall back to allObjects.
    const q = effectivePermissions({ isAdmin: false, profile: { allObjects: { read: true, edit: true }, objects: { deal: { read: true } } }, permissionSets: [] });
    expect(q.object('deal').edit).toBe(false);
    expect(q.object('contact').edit).toBe(true);
  });

  it('field security starts from the profile and sets only open fields further; system fields cannot be hidden', () => {
    const p = effectivePermissions({
      isAdmin: false,
      profile: { allObjects: { read: true, edit: true }, fields: { deal: { secret: 'hidden', amount: 'readOnly', name: 'hidden' } } },
      permissionSets: [{ fields: { deal: { amount: 'editable', secret: 'readOnly' } } }, { fields: { deal: { secret: 'hidden' } } }],
    });
    expect(p.field('deal', 'secret')).toBe('readOnly');
    expect(p.field('deal', 'amount')).toBe('editable');
    expect(p.field('deal', 'other')).toBe('editable');
    expect(p.field('deal', 'name')).toBe('editable');
    expect(p.field('deal', 'createdAt')).toBe('readOnly');
  });

  it('an API key narrows its user, never widens', () => {
    const admin = effectivePermissions({ isAdmin: true, profile: null, permissionSets: [], apiKey: { access: 'read', objects: ['account'] } });
    expect(admin.object('account')).toMatchObject({ read: true, viewAll: true, create: false, edit: false, delete: false, modifyAll: false });
    expect(admin.object('deal').read).toBe(false);
    expect(admin.viewAllData).toBe(false);
    expect(admin.modifyAllData).toBe(false);
    const user = effectivePermissions({ isAdmin: false, profile: { allObjects: { read: true } }, permissionSets: [], apiKey: { access: 'readWrite' } });
    expect(user.object('deal').edit).toBe(false);
  });

  it('the metadata view leaves out unreadable objects and hidden fields', () => {
    const metadata: WorkspaceMetadata = { schema: 'ws', version: 1, objects: { deal: deal(), other: { ...deal(), apiName: 'other' } } };
    const p = effectivePermissions({ isAdmin: false, profile: { objects: { deal: { read: true } }, fields: { deal: { secret: 'hidden' } } }, permissionSets: [] });
    const view = metadataViewFor(metadata, p);
    expect(Object.keys(view.objects)).toEqual(['deal']);
    expect(view.objects.deal!.fields.map((f) => f.apiName)).not.toContain('secret');
    expect(metadata.objects.deal!.fields.map((f) => f.apiName)).toContain('secret');
  });
});

describe('role hierarchy and reach', () => {
  const roles = [
    { id: 'ceo', parentId: null },
    { id: 'vp', parentId: 'ceo' },
    { id: 'east', parentId: 'vp' },
    { id: 'west', parentId: 'vp' },
    { id: 'rep', parentId: 'east' },
  ];
  it('walks down and up', () => {
    expect(rolesBelow(roles, 'vp').sort()).toEqual(['east', 'rep', 'west']);
    expect(rolesBelow(roles, 'rep')).toEqual([]);
    expect(roleAndAbove(roles, 'rep')).toEqual(['rep', 'east', 'vp', 'ceo']);
    expect(wouldCreateCycle(roles, 'vp', 'rep')).toBe(true);
    expect(wouldCreateCycle(roles, 'vp', 'vp')).toBe(true);
    expect(wouldCreateCycle(roles, 'rep', 'west')).toBe(false);
  });
  it('survives a cycle in stored data instead of looping', () => {
    const broken = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect(rolesBelow(broken, 'a')).toEqual(['b']);
    expect(roleAndAbove(broken, 'a')).toEqual(['a', 'b']);
  });
  it('a user reaches owners below their role and is named by their user, teams, role and every role-and-subordinates above', () => {
    const reach = actorReach({ userId: 'u1', roleId: 'east', roles, usersByRole: new Map([['rep', ['u2', 'u3']], ['west', ['u4']]]), teamIds: ['t1'] });
    expect(reach.ownerIds).toEqual(['u1', 'u2', 'u3']);
    expect(reach.grantees).toEqual(['u:u1', 't:t1', 'r:east', 'rs:east', 'rs:vp', 'rs:ceo']);
    expect(parseGranteeKey(granteeKey({ type: 'roleAndSubordinates', id: 'x' }))).toEqual({ type: 'roleAndSubordinates', id: 'x' });
    expect(parseGranteeKey('zz:1')).toBeUndefined();
  });
});

describe('record visibility predicate', () => {
  const reach = { userId: 'u1', ownerIds: ['u1', 'u2'], grantees: ['u:u1', 'rs:east'] };
  const standard = effectivePermissions({ isAdmin: false, profile: { allObjects: { read: true, edit: true, delete: true } }, permissionSets: [] });

  it('private objects: owner or hierarchy or a share, all as parameters', () => {
    const v = recordVisibility({ schema: 'ws_a', object: deal('private'), permissions: standard, reach, need: 'read' })!;
    const r = render(v('t0'));
    expect(r.text).toBe(
      `("t0"."ownerId" = any($1::uuid[]) or exists (select 1 from "ws_a"."_shares" s where s.object = $2 and s.record_id = "t0"."id" and s.grantee = any($3::text[])))`,
    );
    expect(r.values).toEqual([['u1', 'u2'], 'deal', ['u:u1', 'rs:east']]);
    const edit = render(recordVisibility({ schema: 'ws_a', object: deal('private'), permissions: standard, reach, need: 'edit' })!('t0'));
    expect(edit.text).toContain(`and s.access = 'edit'`);
    const del = render(recordVisibility({ schema: 'ws_a', object: deal('private'), permissions: standard, reach, need: 'delete' })!('t0'));
    expect(del.text).toBe(`"t0"."ownerId" = any($1::uuid[])`);
  });

  it('org-wide defaults and view/modify all lift the predicate exactly where they should', () => {
    const vis = (model: 'private' | 'publicRead' | 'publicReadWrite' | undefined, need: 'read' | 'edit' | 'delete', p = standard) =>
      recordVisibility({ schema: 'ws', object: deal(model), permissions: p, reach, need }) === undefined ? 'all' : 'some';
    expect([vis('publicRead', 'read'), vis('publicRead', 'edit'), vis('publicRead', 'delete')]).toEqual(['all', 'some', 'some']);
    expect([vis('publicReadWrite', 'read'), vis('publicReadWrite', 'edit'), vis('publicReadWrite', 'delete')]).toEqual(['all', 'all', 'some']);
    expect(vis(undefined, 'edit')).toBe('all');
    const viewAll = effectivePermissions({ isAdmin: false, profile: { objects: { deal: { viewAll: true, edit: true } } }, permissionSets: [] });
    expect([vis('private', 'read', viewAll), vis('private', 'edit', viewAll)]).toEqual(['all', 'some']);
    const admin = effectivePermissions({ isAdmin: true, profile: null, permissionSets: [] });
    expect([vis('private', 'read', admin), vis('private', 'edit', admin), vis('private', 'delete', admin)]).toEqual(['all', 'all', 'all']);
  });
});
