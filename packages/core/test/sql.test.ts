import { describe, expect, it } from 'vitest';
import { ident, join, raw, render, sql } from '../src/query/sql.ts';

describe('sql builder', () => {
  it('turns values into parameters and quotes identifiers', () => {
    const q = sql`select ${join([ident('name'), ident('we"ird')])} from ${ident('ws')}.${ident('project')} where ${ident('name')} = ${"x'; drop table y; --"} and n > ${3}`;
    expect(render(q)).toEqual({
      text: 'select "name", "we""ird" from "ws"."project" where "name" = $1 and n > $2',
      values: ["x'; drop table y; --", 3],
    });
  });
  it('numbers parameters after an offset and splices nested fragments', () => {
    const inner = sql`a = ${1} and ${raw('b is null')}`;
    expect(render(sql`where ${inner} or c = ${2}`, 2)).toEqual({ text: 'where a = $3 and b is null or c = $4', values: [1, 2] });
  });
  it('refuses identifiers that cannot be real names', () => {
    expect(() => ident('')).toThrow();
    expect(() => ident('a'.repeat(64))).toThrow();
    expect(() => ident('a\u0000b')).toThrow();
  });
});
