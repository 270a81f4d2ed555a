import { describe, expect, it } from 'vitest';
import { offeredAction } from '../src/actions/action-inputs.ts';
import type { RecordAccess } from '../src/api/records.ts';

const open: RecordAccess = { read: true, edit: true, delete: true, share: true };
const readOnly: RecordAccess = { read: true, edit: false, delete: false, share: false };
const pending = (decide: boolean, recall: boolean): RecordAccess => ({
  read: true,
  edit: false,
  delete: false,
  share: true,
  locked: { reason: 'approvalPending', process: '重点客户审批', approvalProcess: 'keyAccount', approvalRequest: 'r1', message: '', decide, recall },
});
const offered = (canEdit: boolean, access: RecordAccess) =>
  ['place', 'submitForApproval', 'approve', 'reject', 'recall'].filter((name) => offeredAction(name, canEdit, access));

describe('the actions a record page offers', () => {
  it('an editor of a record with nothing pending gets the business actions and submit, nothing to decide or recall', () => {
    expect(offered(true, open)).toEqual(['place', 'submitForApproval']);
  });
  it('a reader of a record they cannot change gets none', () => {
    expect(offered(false, readOnly)).toEqual([]);
    // The object permission alone is not enough: the record's own access decides.
    expect(offered(false, open)).toEqual([]);
  });
  it('while it awaits approval: the approver decides, the submitter recalls, an administrator does both, others get nothing', () => {
    expect(offered(false, pending(true, false))).toEqual(['approve', 'reject']);
    expect(offered(false, pending(false, true))).toEqual(['recall']);
    expect(offered(false, pending(true, true))).toEqual(['approve', 'reject', 'recall']);
    expect(offered(false, pending(false, false))).toEqual([]);
  });
});
