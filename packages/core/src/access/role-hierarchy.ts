/**
 * The role hierarchy: a manager's role sits above the roles of the people
 * they manage. Records owned by anyone in a role below yours are yours to
 * see (and, where the object allows editing, to edit).
 */
export type RoleNode = { id: string; parentId: string | null };

function childrenOf(roles: readonly RoleNode[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const r of roles) {
    if (!r.parentId) continue;
    const list = children.get(r.parentId) ?? [];
    list.push(r.id);
    children.set(r.parentId, list);
  }
  return children;
}

/** Every role strictly below roleId. */
export function rolesBelow(roles: readonly RoleNode[], roleId: string): string[] {
  const children = childrenOf(roles);
  const out: string[] = [];
  const seen = new Set<string>([roleId]);
  const stack = [...(children.get(roleId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** roleId and every role above it, nearest first. */
export function roleAndAbove(roles: readonly RoleNode[], roleId: string): string[] {
  const byId = new Map(roles.map((r) => [r.id, r]));
  const out: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null = roleId; id && !seen.has(id); id = byId.get(id)?.parentId ?? null) {
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** Whether giving roleId the parent parentId would put a role above itself. */
export function wouldCreateCycle(roles: readonly RoleNode[], roleId: string, parentId: string | null): boolean {
  if (!parentId) return false;
  return parentId === roleId || rolesBelow(roles, roleId).includes(parentId);
}
