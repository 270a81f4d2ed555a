/**
 * A tiny SQL builder: every interpolated value becomes a $n parameter and
 * every identifier passes through one quoting function. Nothing else can
 * put text into a statement, so user input never reaches SQL unparameterised.
 */

type Chunk = { text: string } | { param: unknown } | { ident: string };

export type Sql = { readonly kind: 'sql'; readonly chunks: readonly Chunk[] };
export type Ident = { readonly kind: 'ident'; readonly name: string };
export type Rendered = { text: string; values: unknown[] };

const MAX_IDENT = 63;

/** A quoted identifier. Names come from metadata, but are still checked so a bad one fails loudly rather than producing odd SQL. */
export function ident(name: string): Ident {
  if (name.length === 0 || name.length > MAX_IDENT || name.includes('\u0000')) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return { kind: 'ident', name };
}

/** schema.table, both quoted. */
export function qualified(schema: string, table: string): Sql {
  return sql`${ident(schema)}.${ident(table)}`;
}

const isSql = (v: unknown): v is Sql => typeof v === 'object' && v !== null && (v as Sql).kind === 'sql';
const isIdent = (v: unknown): v is Ident => typeof v === 'object' && v !== null && (v as Ident).kind === 'ident';

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const chunks: Chunk[] = [];
  strings.forEach((s, i) => {
    if (s) chunks.push({ text: s });
    if (i < values.length) {
      const v = values[i];
      if (isSql(v)) chunks.push(...v.chunks);
      else if (isIdent(v)) chunks.push({ ident: v.name });
      else chunks.push({ param: v });
    }
  });
  return { kind: 'sql', chunks };
}

/**
 * Literal SQL text from the program itself (keywords, operators, type names
 * from the field-type table). Never pass user input here.
 */
export function raw(text: string): Sql {
  return { kind: 'sql', chunks: [{ text }] };
}

export function join(parts: readonly (Sql | Ident)[], separator: string = ', '): Sql {
  const chunks: Chunk[] = [];
  parts.forEach((p, i) => {
    if (i > 0) chunks.push({ text: separator });
    if (isSql(p)) chunks.push(...p.chunks);
    else chunks.push({ ident: p.name });
  });
  return { kind: 'sql', chunks };
}

export const empty: Sql = { kind: 'sql', chunks: [] };
export const isEmpty = (s: Sql): boolean => s.chunks.length === 0;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Renders to text with $1..$n placeholders and the matching values, starting after `offset` existing parameters. */
export function render(statement: Sql, offset: number = 0): Rendered {
  let text = '';
  const values: unknown[] = [];
  for (const c of statement.chunks) {
    if ('text' in c) text += c.text;
    else if ('ident' in c) text += quoteIdent(c.ident);
    else {
      values.push(c.param);
      text += `$${offset + values.length}`;
    }
  }
  return { text, values };
}
