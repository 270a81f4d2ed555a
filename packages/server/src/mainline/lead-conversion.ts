import { DomainError, isValidCreditCode, validationError } from '@mainline/core';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.ts';
import { createRecords, lockRecord, updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import { eq, findRecords } from './record-queries.ts';

/**
 * Lead conversion: in one transaction the lead becomes an account (a new
 * one, or an existing one the user picked), a contact and optionally an
 * opportunity, all through the one write path, and the lead records what
 * it became. Converting twice is refused. When no account is named and
 * the company looks like one that already exists (same credit code, same
 * name, or a contact with the lead's email), the user is asked to choose
 * rather than a duplicate being created.
 */

const body = z.strictObject({
  accountId: z.uuid().optional(),
  createNewAccount: z.boolean().optional(),
  opportunity: z.union([z.literal(false), z.strictObject({ name: z.string().min(1).max(255).optional(), amount: z.unknown().optional(), closeDate: z.string().optional() })]).optional(),
});

export type Duplicate = { id: string; name: string; matchedOn: 'creditCode' | 'name' | 'contactEmail' };

export async function findAccountDuplicates(ctx: WriteContext, lead: Record<string, unknown>): Promise<Duplicate[]> {
  const found = new Map<string, Duplicate>();
  const add = (rows: Record<string, unknown>[], matchedOn: Duplicate['matchedOn']) => {
    for (const r of rows) if (!found.has(r.id as string)) found.set(r.id as string, { id: r.id as string, name: r.name as string, matchedOn });
  };
  if (typeof lead.creditCode === 'string' && lead.creditCode) add(await findRecords(ctx, 'account', eq('creditCode', lead.creditCode), { limit: 5 }), 'creditCode');
  const company = typeof lead.company === 'string' && lead.company.trim() ? lead.company.trim() : undefined;
  if (company) add(await findRecords(ctx, 'account', eq('name', company), { limit: 5 }), 'name');
  if (typeof lead.email === 'string' && lead.email) {
    const contacts = await findRecords(ctx, 'contact', eq('email', lead.email), { limit: 5, fields: ['id', 'account', 'account.name'] });
    add(contacts.filter((c) => c.account).map((c) => ({ id: c.account, name: c['account.name'] })), 'contactEmail');
  }
  return [...found.values()];
}

export async function convertLead(ctx: WriteContext, leadId: string, input: unknown): Promise<unknown> {
  const options = parseInput(body, input ?? {});
  const lead = await lockRecord(ctx, ctx.metadata.objects.lead!, leadId, 'edit');
  if (lead.status === 'converted') throw new DomainError({ code: 'conflict', params: { at: String(lead.convertedAt ?? '') }, errors: [{ field: 'status', code: 'alreadyConverted', params: { at: String(lead.convertedAt ?? '') } }] });

  let accountId = options.accountId;
  if (!accountId) {
    const duplicates = await findAccountDuplicates(ctx, lead);
    if (duplicates.length > 0 && !options.createNewAccount) {
      throw new DomainError({
        code: 'conflict',
        params: { duplicates },
        errors: [{ field: 'accountId', code: 'duplicatesFound', params: { count: duplicates.length, names: duplicates.map((d) => d.name).join('、') } }],
      });
    }
    const creditCode = typeof lead.creditCode === 'string' && isValidCreditCode(lead.creditCode) ? lead.creditCode : undefined;
    const [account] = await createRecords(ctx, 'account', [
      {
        name: (lead.company as string | null) || (lead.name as string),
        industry: lead.industry ?? undefined,
        phone: lead.phone ?? undefined,
        province: lead.province ?? undefined,
        city: lead.city ?? undefined,
        type: 'customer',
        ...(creditCode ? { creditCode } : {}),
      },
    ]);
    accountId = account!.id as string;
  } else {
    const [existing] = await findRecords(ctx, 'account', eq('id', accountId), { limit: 1 });
    if (!existing) throw validationError([{ field: 'accountId', code: 'referenceNotFound' }]);
  }

  const [contact] = await createRecords(ctx, 'contact', [
    { name: lead.name, account: accountId, email: lead.email ?? undefined, mobile: lead.mobile ?? undefined, phone: lead.phone ?? undefined, title: lead.title ?? undefined },
  ]);
  let opportunity: Record<string, unknown> | undefined;
  if (options.opportunity !== false) {
    const o = options.opportunity ?? {};
    [opportunity] = await createRecords(ctx, 'opportunity', [
      {
        name: o.name ?? `${(lead.company as string | null) || (lead.name as string)} - ${ctx.actor.locale === 'en' ? 'opportunity' : '商机'}`,
        account: accountId,
        contact: contact!.id,
        campaign: lead.campaign ?? undefined,
        ...(o.amount !== undefined ? { amount: o.amount } : {}),
        ...(o.closeDate !== undefined ? { closeDate: o.closeDate } : {}),
      },
    ]);
  }
  const converted = await updateRecord(ctx, 'lead', leadId, {
    status: 'converted',
    convertedAt: ctx.now.toISOString(),
    convertedAccount: accountId,
    convertedContact: contact!.id,
    ...(opportunity ? { convertedOpportunity: opportunity.id } : {}),
  });
  const [account] = await findRecords(ctx, 'account', eq('id', accountId));
  return { lead: converted, account, contact, opportunity: opportunity ?? null };
}
