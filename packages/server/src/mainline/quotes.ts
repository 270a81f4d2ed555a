import { DomainError, amountText, configurationProblems, parseExcludes, priceDocument, validationError, type FieldProblem, type VolumeTier } from '@mainline/core';
import { z } from 'zod';
import type { ObjectBehaviour } from '../records/object-behaviours.ts';
import { createRecords, lockRecord, updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import { refuseDerived } from './derived-fields.ts';
import { internal } from './internal-writes.ts';
import { all, eq, findRecords } from './record-queries.ts';

/**
 * Quotes: lines priced from the quote's price book (list price, volume
 * tier, line discount), the quote discount and tax on top, every amount
 * exact (see core/mainline/pricing.ts). Totals and line amounts are derived:
 * callers cannot write them, and any change to a line re-prices the quote in
 * the same transaction. Configurable products expand into a parent line and
 * one line per chosen option; assemblies into their bill of materials.
 */

const CLOSED = new Set(['accepted', 'rejected', 'superseded']);
const LINE_DERIVED = ['unitPrice', 'netAmount'];
const QUOTE_DERIVED = ['subtotal', 'discountAmount', 'taxAmount', 'total'];

const amount = (v: unknown): string => amountText(v) ?? '0';
const money = (value: string, currency: string) => ({ amount: value, currency });

function refuseWhenClosed(quote: Record<string, unknown>, action: string): void {
  if (CLOSED.has(quote.status as string)) throw new DomainError({ code: 'conflict', errors: [{ field: 'status', code: 'invalidTransition', params: { action, value: quote.status } }] });
}

async function priceBookOf(ctx: WriteContext, quote: Record<string, unknown>): Promise<Record<string, unknown>> {
  const books = quote.priceBook
    ? await findRecords(ctx, 'priceBook', eq('id', quote.priceBook))
    : await findRecords(ctx, 'priceBook', all(eq('isStandard', true), eq('active', true), eq('currency', quote.currency ?? 'CNY')), { limit: 1 });
  if (!books[0]) throw validationError([{ field: 'priceBook', code: 'notPriced', params: { detail: 'the quote has no price book, and there is no active standard price book in its currency' } }]);
  return books[0];
}

async function entriesOf(ctx: WriteContext, priceBookId: unknown): Promise<Map<string, Record<string, unknown>>> {
  const entries = await findRecords(ctx, 'priceBookEntry', all(eq('priceBook', priceBookId), eq('active', true)), { system: true });
  return new Map(entries.map((e) => [e.product as string, e]));
}

/** Re-prices every line and the quote's totals from the stored lines. */
export async function repriceQuote(ctx: WriteContext, quoteId: string): Promise<Record<string, unknown>> {
  const [quote] = await findRecords(ctx, 'quote', eq('id', quoteId), { system: true });
  if (!quote) throw new DomainError({ code: 'notFound' });
  const currency = (quote.currency as string) ?? 'CNY';
  const lines = await findRecords(ctx, 'quoteLineItem', eq('quote', quoteId), { system: true, sort: [{ field: 'lineNumber', direction: 'asc' }] });
  const book = quote.priceBook ? quote.priceBook : (await findRecords(ctx, 'priceBook', all(eq('isStandard', true), eq('currency', currency)), { system: true, limit: 1 }))[0]?.id;
  const entries = book ? await entriesOf(ctx, book) : new Map<string, Record<string, unknown>>();
  const doc = priceDocument({
    currency,
    discount: quote.discount as string,
    taxRate: quote.taxRate as string,
    lines: lines.map((l) => ({ quantity: l.quantity as string, listPrice: amount(l.listPrice), discount: l.discount as string, tiers: (entries.get(l.product as string)?.tiers as VolumeTier[] | undefined) ?? null })),
  });
  const sys = internal(ctx);
  for (const [i, line] of lines.entries()) {
    const priced = doc.lines[i]!;
    if (amount(line.unitPrice) !== priced.unitPrice || amount(line.netAmount) !== priced.netAmount) {
      await updateRecord(sys, 'quoteLineItem', line.id as string, { unitPrice: money(priced.unitPrice, currency), netAmount: money(priced.netAmount, currency) });
    }
  }
  return updateRecord(sys, 'quote', quoteId, {
    subtotal: money(doc.subtotal, currency),
    discountAmount: money(doc.discountAmount, currency),
    taxAmount: money(doc.taxAmount, currency),
    total: money(doc.total, currency),
  });
}

const choice = z.strictObject({ option: z.uuid(), quantity: z.number().int().min(1).max(100_000).default(1) });
const addProductBody = z.strictObject({
  product: z.uuid(),
  quantity: z.union([z.string().regex(/^\d{1,12}(\.\d{1,4})?$/), z.number().positive().max(1e12)]).default(1),
  discount: z.union([z.string().regex(/^\d{1,3}(\.\d{1,4})?$/), z.number().min(0).max(100)]).optional(),
  options: z.array(choice).max(100).optional(),
});

function inputProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') || 'body', code: i.code === 'unrecognized_keys' ? 'unknownField' : 'invalidValue', params: { detail: i.message } }));
}

/** Adds a product (configured with its options, or expanded into its bill of materials) to a quote, priced from its price book. */
export async function addProductToQuote(ctx: WriteContext, quoteId: string, body: unknown): Promise<unknown> {
  const parsed = addProductBody.safeParse(body);
  if (!parsed.success) throw validationError(inputProblems(parsed.error));
  const input = parsed.data;
  const quote = await lockRecord(ctx, ctx.metadata.objects.quote!, quoteId, 'edit');
  refuseWhenClosed(quote, 'addProduct');
  const currency = (quote.currency as string) ?? 'CNY';
  const book = await priceBookOf(ctx, quote);
  const entries = await entriesOf(ctx, book.id);
  const [product] = await findRecords(ctx, 'product', eq('id', input.product));
  if (!product) throw validationError([{ field: 'product', code: 'referenceNotFound' }]);
  if (product.active === false) throw validationError([{ field: 'product', code: 'invalidValue', params: { detail: 'this product is no longer sold' } }]);
  const priceOf = (productId: string, field: string): string => {
    const entry = entries.get(productId);
    if (!entry) throw validationError([{ field, code: 'notPriced', params: { detail: `not in the price book "${String(book.name)}"` } }]);
    return amount(entry.listPrice);
  };

  const children: { product: string; quantity: string; listPrice: string }[] = [];
  if (product.configurable === true) {
    const options = await findRecords(ctx, 'productOption', eq('product', product.id), { system: true });
    const problems = configurationProblems(
      options.map((o) => ({ id: o.id as string, name: o.name as string, group: o.group as string, minSelect: Number(o.minSelect ?? 0), maxSelect: Number(o.maxSelect ?? 1), maxQuantity: Number(o.maxQuantity ?? 1), excludes: parseExcludes(o.excludes) })),
      input.options ?? [],
    );
    if (problems.length > 0) throw validationError(problems);
    const byId = new Map(options.map((o) => [o.id as string, o]));
    (input.options ?? []).forEach((c, i) => {
      const o = byId.get(c.option)!;
      children.push({ product: o.optionProduct as string, quantity: String(c.quantity * Number(input.quantity)), listPrice: priceOf(o.optionProduct as string, `options[${i}].option`) });
    });
  } else if ((input.options ?? []).length > 0) {
    throw validationError([{ field: 'options', code: 'invalidValue', params: { detail: 'this product has no options to configure' } }]);
  }
  // An assembly lists its components as lines of the quote at no extra charge: the assembly's price covers them.
  for (const c of await findRecords(ctx, 'bomComponent', eq('product', product.id), { system: true })) {
    children.push({ product: c.component as string, quantity: String(Number(c.quantity ?? 1) * Number(input.quantity)), listPrice: '0' });
  }

  const existing = await findRecords(ctx, 'quoteLineItem', eq('quote', quoteId), { system: true, sort: [{ field: 'lineNumber', direction: 'desc' }], limit: 1 });
  let lineNumber = Number(existing[0]?.lineNumber ?? 0);
  const sys = internal(ctx);
  const [parent] = await createRecords(sys, 'quoteLineItem', [
    { quote: quoteId, product: product.id, lineNumber: ++lineNumber, quantity: String(input.quantity), listPrice: money(priceOf(product.id as string, 'product'), currency), discount: input.discount === undefined ? '0' : String(input.discount) },
  ]);
  const lines = [parent!];
  if (children.length > 0) {
    lines.push(...(await createRecords(sys, 'quoteLineItem', children.map((c) => ({ quote: quoteId, product: c.product, parentLine: parent!.id, lineNumber: ++lineNumber, quantity: c.quantity, listPrice: money(c.listPrice, currency), discount: '0' })))));
  }
  const priced = await repriceQuote(ctx, quoteId);
  const stored = await findRecords(ctx, 'quoteLineItem', eq('quote', quoteId), { sort: [{ field: 'lineNumber', direction: 'asc' }] });
  return { quote: priced, lines: stored.filter((l) => lines.some((n) => n.id === l.id)) };
}

/** Accepting a quote creates an order with the same lines and totals. */
export async function acceptQuote(ctx: WriteContext, quoteId: string): Promise<unknown> {
  const quote = await lockRecord(ctx, ctx.metadata.objects.quote!, quoteId, 'edit');
  refuseWhenClosed(quote, 'accept');
  if (!quote.account) throw validationError([{ field: 'account', code: 'required' }]);
  const repriced = await repriceQuote(ctx, quoteId);
  const lines = await findRecords(ctx, 'quoteLineItem', eq('quote', quoteId), { system: true, sort: [{ field: 'lineNumber', direction: 'asc' }] });
  if (lines.length === 0) throw validationError([{ field: 'lines', code: 'invalidValue', params: { detail: 'a quote without lines cannot be accepted' } }]);
  const [order] = await createRecords(ctx, 'order', [
    { account: quote.account, contact: quote.contact ?? undefined, quote: quoteId, opportunity: quote.opportunity ?? undefined, currency: quote.currency, orderDate: ctx.now.toISOString().slice(0, 10) },
  ]);
  const sys = internal(ctx);
  await createRecords(
    sys,
    'orderLineItem',
    lines.map((l) => ({ order: order!.id, product: l.product, lineNumber: l.lineNumber, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, netAmount: l.netAmount })),
  );
  const withTotals = await updateRecord(sys, 'order', order!.id as string, { subtotal: repriced.subtotal, taxAmount: repriced.taxAmount, total: repriced.total });
  const accepted = await updateRecord(ctx, 'quote', quoteId, { status: 'accepted' });
  return { quote: accepted, order: withTotals };
}

/** A new version of the quote with the same lines; the old one is marked superseded. */
export async function reviseQuote(ctx: WriteContext, quoteId: string): Promise<unknown> {
  const quote = await lockRecord(ctx, ctx.metadata.objects.quote!, quoteId, 'edit');
  refuseWhenClosed(quote, 'revise');
  const copy: Record<string, unknown> = { previousVersion: quoteId, version: Number(quote.version ?? 1) + 1, status: 'draft' };
  for (const f of ['title', 'account', 'contact', 'opportunity', 'priceBook', 'currency', 'discount', 'taxRate', 'validUntil', 'description']) if (quote[f] !== null && quote[f] !== undefined) copy[f] = quote[f];
  const [next] = await createRecords(ctx, 'quote', [copy]);
  const lines = await findRecords(ctx, 'quoteLineItem', eq('quote', quoteId), { system: true, sort: [{ field: 'lineNumber', direction: 'asc' }] });
  const sys = internal(ctx);
  const ids = new Map<string, string>();
  for (const l of lines) {
    const [made] = await createRecords(sys, 'quoteLineItem', [
      { quote: next!.id, product: l.product, parentLine: l.parentLine ? (ids.get(l.parentLine as string) ?? undefined) : undefined, lineNumber: l.lineNumber, quantity: l.quantity, listPrice: l.listPrice, discount: l.discount },
    ]);
    ids.set(l.id as string, made!.id as string);
  }
  const priced = await repriceQuote(ctx, next!.id as string);
  const old = await updateRecord(ctx, 'quote', quoteId, { status: 'superseded' });
  return { quote: priced, previous: old };
}

export const QUOTE_BEHAVIOURS: Record<string, ObjectBehaviour> = {
  quote: {
    async beforeCreate(ctx, _object, rows) {
      rows.forEach((row, i) => refuseDerived(ctx, row, QUOTE_DERIVED, rows.length > 1 ? `[${i}].` : ''));
    },
    async beforeUpdate(ctx, _object, before, values) {
      refuseDerived(ctx, values, QUOTE_DERIVED);
      if (!ctx.internal && CLOSED.has(before.status as string) && Object.keys(values).some((k) => k !== 'status')) {
        throw new DomainError({ code: 'conflict', errors: [{ field: 'status', code: 'invalidTransition', params: { action: 'edit', value: before.status } }] });
      }
    },
    async afterUpdate(ctx, _object, before, after) {
      if (!ctx.internal && (before.discount !== after.discount || before.taxRate !== after.taxRate || before.priceBook !== after.priceBook)) await repriceQuote(ctx, after.id as string);
    },
  },
  quoteLineItem: {
    async beforeCreate(ctx, _object, rows) {
      rows.forEach((row, i) => refuseDerived(ctx, row, LINE_DERIVED, rows.length > 1 ? `[${i}].` : ''));
    },
    async afterCreate(ctx, _object, records) {
      if (!ctx.internal) for (const q of new Set(records.map((r) => r.quote as string))) await repriceQuote(ctx, q);
    },
    async beforeUpdate(ctx, _object, _before, values) {
      refuseDerived(ctx, values, LINE_DERIVED);
    },
    async afterUpdate(ctx, _object, _before, after) {
      if (!ctx.internal) await repriceQuote(ctx, after.quote as string);
    },
    async afterDelete(ctx, _object, before, depth) {
      // A quote deleted with its lines needs no re-pricing.
      if (depth === 0) await repriceQuote(ctx, before.quote as string);
    },
  },
};

