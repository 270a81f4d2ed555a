import type { ApprovalApprover, LocalizedText } from '@mainline/core';
import type { Queryable } from '../db/port.ts';

/**
 * Who approves a step, resolved from the workspace's users and roles as
 * they are now: the named user, the submitter's manager (an active user
 * whose role is the parent of the submitter's role) or every active user of
 * a role. `why` says, in each language, whom the step needs — for the
 * refusal a wrong approver gets and for a step nobody can approve.
 */
export type ResolvedApprovers = { userIds: string[]; why: LocalizedText };

export async function resolveApprovers(q: Queryable, input: { workspaceId: string; approver: ApprovalApprover; submitterId: string }): Promise<ResolvedApprovers> {
  const { workspaceId, approver } = input;
  if ('user' in approver) {
    const { rows } = await q.query<{ id: string; name: string }>('select id, name from mainline.users where workspace_id = $1 and active and id = $2', [workspaceId, approver.user]);
    const name = rows[0]?.name ?? approver.user;
    return { userIds: rows.map((r) => r.id), why: { en: `the step is approved by ${name}.`, 'zh-CN': `该步骤由 ${name} 审批。`, 'zh-TW': `該步驟由 ${name} 簽核。` } };
  }
  if ('role' in approver) {
    const role = await q.query<{ name: string }>('select name from mainline.roles where workspace_id = $1 and id = $2', [workspaceId, approver.role]);
    const name = role.rows[0]?.name ?? approver.role;
    return { userIds: await usersOfRole(q, workspaceId, approver.role), why: { en: `the step needs a user of the role ${name}.`, 'zh-CN': `该步骤需要角色“${name}”的用户审批。`, 'zh-TW': `該步驟需要角色「${name}」的使用者簽核。` } };
  }
  const { rows } = await q.query<{ parent_id: string | null; name: string | null }>(
    `select r.parent_id, p.name from mainline.users u left join mainline.roles r on r.id = u.role_id left join mainline.roles p on p.id = r.parent_id
      where u.workspace_id = $1 and u.id = $2`,
    [workspaceId, input.submitterId],
  );
  const parent = rows[0]?.parent_id ?? null;
  if (!parent) return { userIds: [], why: { en: 'the step needs the submitter’s manager, and the submitter’s role has no parent role.', 'zh-CN': '该步骤需要提交人的上级审批，但提交人的角色没有上级角色。', 'zh-TW': '該步驟需要提交人的上級簽核，但提交人的角色沒有上級角色。' } };
  const name = rows[0]!.name ?? parent;
  return { userIds: await usersOfRole(q, workspaceId, parent), why: { en: `the step needs the submitter’s manager (a user of the role ${name}).`, 'zh-CN': `该步骤需要提交人的上级（角色“${name}”的用户）审批。`, 'zh-TW': `該步驟需要提交人的上級（角色「${name}」的使用者）簽核。` } };
}

async function usersOfRole(q: Queryable, workspaceId: string, roleId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>('select id from mainline.users where workspace_id = $1 and active and role_id = $2 order by id', [workspaceId, roleId]);
  return rows.map((r) => r.id);
}
