import { systemAccess } from '../access/record-access.ts';
import type { WriteContext } from '../records/write-context.ts';

/**
 * The context business logic uses to write what it derives (a member's
 * balance, a quote's totals): same transaction, same actor in history and
 * events, full access, and marked internal so guarded fields accept it.
 */
export const internal = (ctx: WriteContext): WriteContext => ({ ...ctx, access: systemAccess(ctx.metadata, ctx.actor.userId, ctx.access.sharingRules), internal: true });
