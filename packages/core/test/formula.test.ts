import { describe, expect, it } from 'vitest';
import {
  checkFormula,
  compileFormulaSql,
  evaluateFormula,
  formatMessage,
  FORMULA_LIMITS,
  FUNCTION_NAMES,
  parseFormula,
  render,
  toApiValue,
  type FieldDef,
  type FieldType,
  type FormulaContext,
  type WorkspaceMetadata,
} from '@mainline/core';

/** The formula language on its own: parsing, type errors with positions, and every function's meaning in JavaScript. */

const field = (apiName: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  apiName,
  type,
  label: { en: apiName },
  required: false,
  unique: false,
  externalId: false,
  system: false,
  ...extra,
});
const choice = (apiName: string, order: number) => ({ apiName, order, active: true, label: { en: apiName } });
const metadata: WorkspaceMetadata = {
  schema: 'f',
  version: 1,
  objects: {
    deal: {
      apiName: 'deal',
      label: { en: 'Deal' },
      fields: [
        field('id', 'id', { system: true }),
        field('name', 'text', { system: true }),
        field('amount', 'currency'),
        field('qty', 'integer'),
        field('won', 'boolean'),
        field('closeDate', 'date'),
        field('closedAt', 'datetime'),
        field('stage', 'picklist', { values: [choice('open', 1), choice('negotiation', 2), choice('won', 3)] }),
        field('tags', 'multiPicklist', { values: [choice('a', 1)] }),
        field('account', 'lookup', { target: 'account' }),
      ],
    },
    account: {
      apiName: 'account',
      label: { en: 'Account' },
      fields: [field('id', 'id', { system: true }), field('name', 'text', { system: true }), field('lastOrderDate', 'date'), field('parent', 'lookup', { target: 'account' })],
    },
  },
};
const context: FormulaContext = { now: new Date('2026-03-01T20:30:00.000Z'), timeZone: 'Asia/Shanghai', user: { id: '0190A000-0000-7000-8000-000000000001', name: '张三', email: 'z@example.cn' } };
const RECORD = {
  id: '0190a000-0000-7000-8000-0000000000aa',
  name: '华东精密 Acme',
  amount: { amount: '200000.50', currency: 'CNY' },
  qty: 3,
  won: null,
  closeDate: '2026-01-31',
  closedAt: '2026-02-28T17:00:00.000Z',
  stage: 'negotiation',
  'account.name': '东方',
  'account.lastOrderDate': '2025-11-01',
};

function check(source: string, opts: { rule?: boolean } = {}) {
  return checkFormula({ metadata, object: 'deal', source, ...opts });
}
function run(source: string, record: Record<string, unknown> = RECORD, prior?: Record<string, unknown>): unknown {
  const r = check(source, { rule: true });
  if (!r.ok) throw new Error(formatMessage(r.problem.code, r.problem.params, 'en'));
  return toApiValue(evaluateFormula(r.tree, { record, prior, context }));
}
function problem(source: string, locale: 'en' | 'zh-CN' = 'en') {
  const r = check(source);
  if (r.ok) throw new Error(`${source} type-checked as ${r.type}`);
  return { line: r.problem.line, column: r.problem.column, code: r.problem.code, message: formatMessage(r.problem.code, r.problem.params, locale) };
}

describe('parsing', () => {
  it('follows precedence: * before +, + before &, & before comparison, && before ||', () => {
    expect(run('1 + 2 * 3')).toBe('7');
    expect(run('(1 + 2) * 3')).toBe('9');
    expect(run('10 - 4 - 3')).toBe('3');
    expect(run('"a" & "b" = "ab"')).toBe(true);
    expect(run('TRUE || FALSE && FALSE')).toBe(true);
    expect(run('-2 * -3')).toBe('6');
    expect(run('1 == 1 && 1 != 2 && 1 <> 2')).toBe(true);
  });
  it('reads literals, escapes, Chinese text and dotted paths, and case-insensitive function names', () => {
    expect(run('"say \\"hi\\"" & \'单引号\'')).toBe('say "hi"单引号');
    expect(run('if(true, account.name, "")')).toBe('东方');
    expect(run('.5 + 0.25')).toBe('0.75');
  });
  it('produces frozen nodes with positions', () => {
    const r = parseFormula('1 +\n  foo');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.isFrozen(r.tree)).toBe(true);
    expect(r.tree).toMatchObject({ kind: 'binary', op: '+', pos: { line: 1, column: 3 }, right: { kind: 'field', path: 'foo', pos: { line: 2, column: 3 } } });
  });
  it('reports syntax errors with line and column, columns counting characters', () => {
    expect(problem('IF(TRUE, 1')).toMatchObject({ code: 'formulaExpected', line: 1, column: 11 });
    expect(problem('"中文" & \n  # ')).toMatchObject({ code: 'formulaUnexpected', line: 2, column: 3 });
    expect(problem('"中文中文" & 名称')).toMatchObject({ code: 'formulaUnexpected', line: 1, column: 10 });
    expect(problem('"open')).toMatchObject({ code: 'formulaUnterminatedText', line: 1, column: 1 });
    expect(problem('1 +')).toMatchObject({ code: 'formulaIncomplete' });
    expect(problem('')).toMatchObject({ code: 'formulaEmpty' });
    expect(problem('1 2')).toMatchObject({ code: 'formulaUnexpected', column: 3 });
  });
  it('caps length and nesting so hostile input is refused, not a stack overflow', () => {
    expect(problem('1+'.repeat(FORMULA_LIMITS.length))).toMatchObject({ code: 'formulaTooLong' });
    expect(problem('('.repeat(1000) + '1' + ')'.repeat(1000))).toMatchObject({ code: 'formulaTooDeep' });
    expect(problem('-'.repeat(2000) + '1')).toMatchObject({ code: 'formulaTooDeep' });
    expect(problem(Array.from({ length: 100 }, () => '1').join(' + '))).toMatchObject({ code: 'formulaTooDeep' });
    expect(problem('1' + '0'.repeat(60))).toMatchObject({ code: 'formulaNumberTooLong' });
  });
});

describe('type checking', () => {
  it('infers the result type', () => {
    expect(check('IF(AND(amount > 100000, stage = "negotiation"), "key", "normal")')).toMatchObject({ ok: true, type: 'text' });
    expect(check('DATEDIFF(TODAY(), account.lastOrderDate) > 90')).toMatchObject({ ok: true, type: 'boolean', paths: ['account.lastOrderDate'] });
    expect(check('TEXT(amount, "0.00") & " " & name')).toMatchObject({ ok: true, type: 'text' });
    expect(check('closeDate + 30')).toMatchObject({ ok: true, type: 'date' });
    expect(check('stage')).toMatchObject({ ok: true, type: 'picklist' });
  });
  it('names the wrong field or type, where it is, in the administrator language', () => {
    expect(problem('amount + nmae')).toMatchObject({ code: 'formulaUnknownField', line: 1, column: 10, message: 'Line 1, column 10: there is no field "nmae".' });
    expect(problem('amount + nmae', 'zh-CN').message).toBe('第 1 行第 10 列：不存在字段 "nmae"。');
    expect(problem('name.x')).toMatchObject({ code: 'formulaNotLookup' });
    expect(problem('account.parent.parent.name')).toMatchObject({ code: 'formulaTooManyHops' });
    expect(problem('tags')).toMatchObject({ code: 'formulaFieldNotUsable' });
    expect(problem('amount & "x"')).toMatchObject({ code: 'formulaOperandTypes', column: 8, message: 'Line 1, column 8: & cannot combine a number and text.' });
    expect(problem('amount & "x"', 'zh-CN').message).toBe('第 1 行第 8 列：运算符 & 不能用于数字和文本。');
    expect(problem('LEN(amount)')).toMatchObject({ code: 'formulaArgType', column: 5, message: 'Line 1, column 5: argument 1 of LEN must be text, not a number.' });
    expect(problem('LEFT("a")')).toMatchObject({ code: 'formulaArgCount', message: 'Line 1, column 1: LEFT takes 2 arguments, not 1.' });
    expect(problem('IF(won, 1, "one")')).toMatchObject({ code: 'formulaMismatch', column: 12 });
    expect(problem('NOPE(1)')).toMatchObject({ code: 'formulaUnknownFunction' });
    expect(problem('stage = "wonn"')).toMatchObject({ code: 'formulaNotPicklistValue', column: 9 });
    expect(problem('ISPICKVAL(stage, "x")')).toMatchObject({ code: 'formulaNotPicklistValue' });
    expect(problem('ISPICKVAL(name, "x")')).toMatchObject({ code: 'formulaArgType' });
    expect(problem('ISCHANGED(amount)')).toMatchObject({ code: 'formulaRuleOnly' });
    expect(problem('TEXT(amount, "#,##0")')).toMatchObject({ code: 'formulaTextFormat' });
    expect(problem('closeDate < closedAt')).toMatchObject({ code: 'formulaOperandTypes' });
    expect(problem('won < TRUE')).toMatchObject({ code: 'formulaOperandTypes' });
    expect(problem('$User.phone')).toMatchObject({ code: 'formulaUnknownGlobal' });
    expect(problem('CASE(stage, "open", 1, 2, 3)')).toMatchObject({ code: 'formulaCaseElse' });
    expect(checkFormula({ metadata, object: 'deal', source: 'amount', returnType: 'text' })).toMatchObject({ ok: false, problem: { code: 'formulaReturnType' } });
    expect(checkFormula({ metadata, object: 'deal', source: 'stage', returnType: 'text' })).toMatchObject({ ok: true, type: 'text' });
    expect(checkFormula({ metadata, object: 'deal', source: 'ISCHANGED(account.name)', rule: true })).toMatchObject({ ok: false, problem: { code: 'formulaNeedsField' } });
  });
});

describe('meaning (JavaScript)', () => {
  const BLANK = { id: RECORD.id, name: '' };
  it('computes money in decimals without floating-point drift', () => {
    expect(run('0.1 + 0.2')).toBe('0.3');
    expect(run('amount * 3')).toBe('600001.5');
    expect(run('amount / 3')).toBe('66666.8333333333');
    expect(run('2 / 3')).toBe('0.6666666667');
    expect(run('1 / 0')).toBe(null);
    expect(run('qty * 0.1')).toBe('0.3');
    expect(run('-0 * 5')).toBe('0');
  });
  it('applies the blank rules', () => {
    expect(run('amount + 1', BLANK)).toBe(null);
    expect(run('"x" & stage & "y"', BLANK)).toBe('xy');
    expect(run('amount > 0', BLANK)).toBe(false);
    expect(run('amount <> 0', BLANK)).toBe(false);
    expect(run('NOT(amount > 0)', BLANK)).toBe(true);
    expect(run('IF(won, "y", "n")')).toBe('n');
    expect(run('ISBLANK(name)', BLANK)).toBe(true);
    expect(run('ISBLANK(won)')).toBe(true);
    expect(run('BLANKVALUE(name, "无名")', BLANK)).toBe('无名');
    expect(run('BLANKVALUE(amount, 0)', BLANK)).toBe('0');
    expect(run('LEN(stage)', BLANK)).toBe(null);
  });
  const cases: [string, unknown][] = [
    ['IF(amount > 100000, "key", "normal")', 'key'],
    ['CASE(stage, "open", 1, "negotiation", 2, 0)', '2'],
    ['CASE(stage, "open", 1, 0)', '0'],
    ['AND(TRUE, amount > 1, won)', false],
    ['OR(FALSE, won, qty = 3)', true],
    ['NOT(won)', true],
    ['ISBLANK(account.lastOrderDate)', false],
    ['BLANKVALUE(won, TRUE)', true],
    ['ROUND(2.345, 2)', '2.35'],
    ['ROUND(-2.345, 2)', '-2.35'],
    ['ROUND(1250, -2)', '1300'],
    ['ROUND(1.5, 0.9)', '2'],
    ['FLOOR(-1.5)', '-2'],
    ['CEILING(1.2)', '2'],
    ['ABS(-3.5)', '3.5'],
    ['MIN(3, qty, 1.5)', '1.5'],
    ['MAX(closeDate, account.lastOrderDate)', '2026-01-31'],
    ['MOD(-7, 3)', '-1'],
    ['MOD(7, 0)', null],
    ['LEN(name)', '9'],
    ['LEN("𠮷野家")', '3'],
    ['LEFT(name, 2)', '华东'],
    ['LEFT(name, -1)', ''],
    ['RIGHT(name, 4)', 'Acme'],
    ['MID(name, 3, 2)', '精密'],
    ['MID(name, 0, 1)', '华'],
    ['FIND("Acme", name)', '6'],
    ['FIND("x", name)', '0'],
    ['UPPER("abc 中文 é")', 'ABC 中文 é'],
    ['LOWER("ABC")', 'abc'],
    ['TRIM("  a b  ")', 'a b'],
    ['SUBSTITUTE(name, "精密", "重工")', '华东重工 Acme'],
    ['SUBSTITUTE("abc", "", "x")', 'abc'],
    ['CONTAINS(name, "精密")', true],
    ['CONTAINS(name, "acme")', false],
    ['BEGINS(name, "华东")', true],
    ['TEXT(amount)', '200000.5'],
    ['TEXT(amount, "0.00")', '200000.50'],
    ['TEXT(-0.001, "0.00")', '0.00'],
    ['TEXT(2.5, "0")', '3'],
    ['TEXT(closeDate)', '2026-01-31'],
    ['TEXT(closedAt)', '2026-02-28T17:00:00Z'],
    ['TEXT(qty > 1)', 'true'],
    ['TEXT(stage)', 'negotiation'],
    ['VALUE(" 12.50 ")', '12.5'],
    ['VALUE("1e3")', null],
    ['TODAY()', '2026-03-02'],
    ['NOW()', '2026-03-01T20:30:00.000Z'],
    ['$Now = NOW()', true],
    ['DATE(2024, 2, 29)', '2024-02-29'],
    ['DATE(2026, 2, 29)', null],
    ['DATE(2026, 13, 1)', null],
    ['DATEVALUE(closedAt)', '2026-03-01'],
    ['YEAR(closeDate)', '2026'],
    ['MONTH(closeDate)', '1'],
    ['DAY(closeDate)', '31'],
    ['ADDMONTHS(closeDate, 1)', '2026-02-28'],
    ['ADDMONTHS(closeDate, -13)', '2024-12-31'],
    ['DATEDIFF(TODAY(), account.lastOrderDate)', '121'],
    ['DATEDIFF(TODAY(), account.lastOrderDate) > 90', true],
    ['WEEKDAY(closeDate)', '7'],
    ['WEEKDAY(DATE(2026, 3, 1))', '1'],
    ['closeDate + 1', '2026-02-01'],
    ['closeDate - DATE(2025, 12, 31)', '31'],
    ['ISPICKVAL(stage, "negotiation")', true],
    ['$User.id = "0190a000-0000-7000-8000-000000000001"', true],
    ['$User.name & $User.email', '张三z@example.cn'],
    ['PRIORVALUE(stage)', 'negotiation'],
    ['ISCHANGED(stage)', false],
  ];
  it.each(cases)('%s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });
  it('has a case for every function in the table', () => {
    const used = new Set(cases.flatMap(([s]) => [...s.matchAll(/([A-Z]+)\(/g)].map((m) => m[1])));
    expect(FUNCTION_NAMES.filter((name) => !used.has(name))).toEqual([]);
  });
  it('compares against the value before an update', () => {
    const prior = { ...RECORD, stage: 'open', amount: { amount: '200000.5', currency: 'CNY' } };
    expect(run('PRIORVALUE(stage)', RECORD, prior)).toBe('open');
    expect(run('ISCHANGED(stage)', RECORD, prior)).toBe(true);
    expect(run('ISCHANGED(amount)', RECORD, prior)).toBe(false);
    expect(run('ISCHANGED(won)', RECORD, { ...RECORD, won: true })).toBe(true);
  });
  it('takes TODAY from the context clock and time zone', () => {
    const r = check('TODAY()');
    if (!r.ok) throw new Error('unexpected');
    expect(toApiValue(evaluateFormula(r.tree, { record: {}, context: { ...context, timeZone: 'America/New_York' } }))).toBe('2026-03-01');
  });
});

describe('SQL', () => {
  it('binds every literal as a parameter and quotes every identifier', () => {
    const r = check('IF(account.name = "东方\'; drop table x; --", amount * 2, 0)');
    if (!r.ok) throw new Error('unexpected');
    const { text, values } = render(compileFormulaSql(r.tree, context));
    expect(text).toBe('(case when coalesce("t1"."name" = $1::text collate "C", false) then ("t0"."amount"::numeric * $2::numeric) else $3::numeric end)');
    expect(values).toEqual(["东方'; drop table x; --", '2', '0']);
  });
});
