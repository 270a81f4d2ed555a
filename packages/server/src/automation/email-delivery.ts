import nodemailer from 'nodemailer';
import { quoteIdent, type ObjectDef } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { fillTemplate } from './templates.ts';

/**
 * Email through the SMTP server the deployment configures (SMTP_URL, e.g.
 * smtp://user:pass@mail.example.com:587). The Message-ID is derived from
 * the job, so a message sent again after a crash carries the same id and
 * mail systems can drop the duplicate.
 */
export type Mailer = { send(message: { to: string; subject: string; text: string; messageId: string }): Promise<void>; close(): void };

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId, headers: { 'X-Mainline-Idempotency-Key': m.messageId } });
    },
    close: () => transport.close(),
  };
}

/** Who receives it: the owner, the record's contact, an email field of the record, or a fixed address. */
export async function emailRecipient(q: Queryable, input: { schema: string; workspaceId: string; object: ObjectDef; record: Record<string, unknown>; to: string }): Promise<string> {
  const { to, record } = input;
  if (to.includes('@')) return to;
  if (to === 'owner') {
    const { rows } = await q.query<{ email: string }>('select email from mainline.users where id = $1 and workspace_id = $2', [record.ownerId, input.workspaceId]);
    if (!rows[0]) throw new Error('email: the record has no owner in this workspace');
    return rows[0].email;
  }
  if (to === 'contact') {
    if (typeof record.contact !== 'string') throw new Error('email: the record has no contact');
    const { rows } = await q.query<{ email: string | null }>(`select email from ${quoteIdent(input.schema)}.contact where id = $1`, [record.contact]);
    if (!rows[0]?.email) throw new Error('email: the contact has no email address');
    return rows[0].email;
  }
  const address = record[to];
  if (typeof address !== 'string' || address === '') throw new Error(`email: the record's ${to} is empty`);
  return address;
}

export const renderEmail = (subject: string, body: string, record: Record<string, unknown>) => ({ subject: fillTemplate(subject, record), text: fillTemplate(body, record) });
