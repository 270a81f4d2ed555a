import { createHmac, randomBytes } from 'node:crypto';
import { quoteIdent } from '@mainline/core';
import type { Queryable } from '../db/port.ts';

/**
 * Outbound webhooks signed per the Standard Webhooks specification:
 * `webhook-id` (the same on every retry: receivers deduplicate on it),
 * `webhook-timestamp` (seconds) and `webhook-signature`
 * ("v1," + base64 HMAC-SHA256 of "id.timestamp.body" keyed with the
 * secret's bytes). Each rule has its own secret, shown once when made.
 */

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Makes the rule's secret if it has none; answers it only when it was made now (it is shown once). */
export async function issueWebhookSecret(q: Queryable, schema: string, object: string, rule: string): Promise<string | undefined> {
  const { rows } = await q.query<{ secret: string }>(
    `insert into ${quoteIdent(schema)}._automation_secrets (object, rule, secret) values ($1, $2, $3) on conflict do nothing returning secret`,
    [object, rule, newWebhookSecret()],
  );
  return rows[0]?.secret;
}

export async function dropWebhookSecret(q: Queryable, schema: string, object: string, rule: string): Promise<void> {
  await q.query(`delete from ${quoteIdent(schema)}._automation_secrets where object = $1 and rule = $2`, [object, rule]);
}

export async function sendWebhook(input: { q: Queryable; schema: string; object: string; rule: string; url: string; id: string; now: Date; payload: unknown; timeoutMs: number }): Promise<void> {
  const { rows } = await input.q.query<{ secret: string }>(`select secret from ${quoteIdent(input.schema)}._automation_secrets where object = $1 and rule = $2`, [input.object, input.rule]);
  if (!rows[0]) throw new Error(`webhook ${input.url}: the rule has no signing secret`);
  const timestamp = Math.floor(input.now.getTime() / 1000);
  const body = JSON.stringify(input.payload);
  let res: Response;
  try {
    res = await fetch(input.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': input.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(rows[0].secret, input.id, timestamp, body) },
      body,
      signal: AbortSignal.timeout(input.timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    throw new Error(`webhook ${input.url} could not be reached: ${(error as Error).message}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`webhook ${input.url} answered HTTP ${res.status}`);
}
