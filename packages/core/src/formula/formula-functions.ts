import type { Decimal } from 'decimal.js';
import { raw, sql, type Sql } from '../query/sql.ts';
import type { FormulaType, FormulaValue, Position, TypedNode } from './formula-nodes.ts';
import { FormulaFault, TYPE_NAMES } from './formula-problem.ts';
import {
  chars,
  dateInZone,
  dateParts,
  dayNumber,
  daysInMonth,
  dec,
  FormulaDecimal,
  fromDayNumber,
  lowerAscii,
  makeDate,
  num,
  NUMBER_TEXT,
  trimSpaces,
  upperAscii,
} from './formula-values.ts';

/**
 * The function library: for each function, its signature check, its
 * JavaScript meaning and its SQL, side by side so the two compilations
 * cannot drift. `FUNCTIONS` is typed over every name, so a function lacking
 * either implementation does not compile.
 *
 * Blank (null) rules: a function given a blank argument returns blank,
 * except where its entry says otherwise (IF, CASE, AND, OR, NOT, ISBLANK,
 * BLANKVALUE, MIN, MAX, CONTAINS, BEGINS, ISPICKVAL, ISCHANGED, PRIORVALUE).
 * Whole-number arguments (counts, positions, months, digits) are truncated
 * toward zero and clamped to a documented range, so no input makes the
 * database raise an error.
 */

/** What the caller supplies when evaluating: the clock and time zone come from here, never from the machine. */
export type FormulaContext = {
  readonly now: Date;
  /** IANA zone, e.g. Asia/Shanghai: what "today" means. */
  readonly timeZone: string;
  readonly user: { readonly id: string; readonly name: string; readonly email: string };
};

export type JsEnv = {
  readonly ctx: FormulaContext;
  readonly nodes: readonly TypedNode[];
  /** The value of a field before this update (its current value on create); rule contexts only. */
  prior(node: TypedNode): FormulaValue;
  readonly isUpdate: boolean;
};
export type SqlEnv = { readonly ctx: FormulaContext; readonly nodes: readonly TypedNode[] };

export type FunctionSpec = {
  /** The result type, or a FormulaFault naming the argument at fault. */
  check(args: readonly TypedNode[], call: { name: string; pos: Position }): FormulaType;
  js(args: readonly FormulaValue[], env: JsEnv): FormulaValue;
  sql(args: readonly Sql[], env: SqlEnv): Sql;
  /** Only in validation rules and conditions, where there is a record before and after the write. */
  ruleOnly?: boolean;
};

// ---- signatures ------------------------------------------------------------------

type Param = FormulaType | 'any';

/** Picklist values are text; everything else must match exactly. */
export const accepts = (expected: Param, actual: FormulaType): boolean => expected === 'any' || expected === actual || (expected === 'text' && actual === 'picklist');

function argCount(call: { name: string; pos: Position }, count: number, min: number, max: number): void {
  if (count >= min && count <= max) return;
  const expected = min === max ? String(min) : max === Infinity ? `${min}+` : `${min}–${max}`;
  throw new FormulaFault('formulaArgCount', call.pos, { function: call.name, expected, count });
}

function argType(call: { name: string }, arg: TypedNode, index: number, expected: Param): void {
  if (accepts(expected, arg.type)) return;
  throw new FormulaFault('formulaArgType', arg.pos, { function: call.name, index: index + 1, expected: expected === 'any' ? '' : TYPE_NAMES[expected], actual: TYPE_NAMES[arg.type] });
}

/** Fixed parameters; the last `optional` of them may be left out. */
const signature =
  (params: readonly Param[], result: FormulaType, optional: number = 0): FunctionSpec['check'] =>
  (args, call) => {
    argCount(call, args.length, params.length - optional, params.length);
    args.forEach((a, i) => argType(call, a, i, params[i]!));
    return result;
  };

/** The common type of values that may stand for one another (IF branches, CASE results, MIN arguments). */
export function unify(a: FormulaType, b: FormulaType): FormulaType | undefined {
  if (a === b) return a;
  if ((a === 'text' && b === 'picklist') || (a === 'picklist' && b === 'text')) return 'text';
  return undefined;
}
function unifyAll(call: { name: string }, nodes: readonly TypedNode[]): FormulaType {
  let type = nodes[0]!.type;
  for (const n of nodes.slice(1)) {
    const u = unify(type, n.type);
    if (!u) throw new FormulaFault('formulaMismatch', n.pos, { function: call.name, expected: TYPE_NAMES[type], actual: TYPE_NAMES[n.type] });
    type = u;
  }
  return type;
}

// ---- shared pieces ---------------------------------------------------------------

const D = (v: FormulaValue | undefined): Decimal => v as Decimal;
const S = (v: FormulaValue | undefined): string => v as string;
const isBlank = (v: FormulaValue): boolean => v === null || v === '';
/** Blank in, blank out. */
const strict =
  (fn: (args: readonly FormulaValue[], env: JsEnv) => FormulaValue) =>
  (args: readonly FormulaValue[], env: JsEnv): FormulaValue =>
    args.some((a) => a === null) ? null : fn(args, env);

/** A whole number from a decimal: truncated toward zero, then clamped. */
export const wholeJs = (v: FormulaValue | undefined, lo: number, hi: number): number => Math.min(hi, Math.max(lo, D(v).trunc().toNumber()));
/** The same in SQL, still blank when the value is blank (least/greatest would skip a null). */
export const wholeSql = (v: Sql, lo: number, hi: number): Sql =>
  sql`(case when trunc(${v}) < ${raw(String(lo))} then ${raw(String(lo))} when trunc(${v}) > ${raw(String(hi))} then ${raw(String(hi))} else trunc(${v}) end)::int`;
const MAX_CHARS = 1_000_000;

/** Equality of two non-blank values of one type. */
export function sameValue(a: FormulaValue, b: FormulaValue): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'object' && typeof b === 'object') return a.eq(b);
  return a === b;
}

/** Date results outside years 1–9999 are blank, in SQL as in fromDayNumber(). */
export const dateInRange = (d: Sql): Sql => sql`(case when extract(year from ${d}) between 1 and 9999 then ${d} end)`;

const textFormat = (env: { nodes: readonly TypedNode[] }): number => {
  const node = env.nodes[1];
  return node && node.kind === 'literal' ? (String(node.value).split('.')[1] ?? '').length : 0;
};

const TEXT_SQL: Record<FormulaType, (x: Sql) => Sql> = {
  number: (x) => sql`trim_scale(${x})::text`,
  text: (x) => x,
  picklist: (x) => x,
  boolean: (x) => sql`(${x})::text`,
  date: (x) => sql`to_char(${x}, 'YYYY-MM-DD')`,
  datetime: (x) => sql`to_char(${x} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
};
const TEXT_JS: Record<FormulaType, (x: FormulaValue) => string> = {
  number: (x) => D(x).toFixed(),
  text: (x) => S(x),
  picklist: (x) => S(x),
  boolean: (x) => String(x),
  date: (x) => S(x),
  datetime: (x) => `${S(x).slice(0, 19)}Z`,
};

const tz = (env: SqlEnv): Sql => sql`${env.ctx.timeZone}::text`;

// ---- the table -------------------------------------------------------------------

export const FUNCTION_NAMES = [
  'IF', 'CASE', 'AND', 'OR', 'NOT', 'ISBLANK', 'BLANKVALUE',
  'ROUND', 'FLOOR', 'CEILING', 'ABS', 'MIN', 'MAX', 'MOD',
  'LEN', 'LEFT', 'RIGHT', 'MID', 'FIND', 'UPPER', 'LOWER', 'TRIM', 'SUBSTITUTE', 'CONTAINS', 'BEGINS', 'TEXT', 'VALUE',
  'TODAY', 'NOW', 'DATE', 'DATEVALUE', 'YEAR', 'MONTH', 'DAY', 'ADDMONTHS', 'DATEDIFF', 'WEEKDAY',
  'ISPICKVAL', 'PRIORVALUE', 'ISCHANGED',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export const FUNCTIONS: Record<FunctionName, FunctionSpec> = {
  // ---- logic: a blank condition counts as false ----
  IF: {
    check: (args, call) => {
      argCount(call, args.length, 3, 3);
      argType(call, args[0]!, 0, 'boolean');
      return unifyAll(call, args.slice(1));
    },
    js: ([c, a, b]) => (c === true ? a! : b!),
    sql: ([c, a, b]) => sql`(case when ${c} then ${a} else ${b} end)`,
  },
  CASE: {
    // CASE(value, match1, result1, …, else): the first match equal to value; a blank value matches nothing.
    check: (args, call) => {
      argCount(call, args.length, 4, Infinity);
      if (args.length % 2 !== 0) throw new FormulaFault('formulaCaseElse', call.pos, { function: call.name });
      const matches = args.filter((_, i) => i % 2 === 1 && i < args.length - 1);
      unifyAll(call, [args[0]!, ...matches]);
      return unifyAll(call, [...args.filter((_, i) => i % 2 === 0 && i > 0)]);
    },
    js: (args) => {
      for (let i = 1; i < args.length - 1; i += 2) if (sameValue(args[0]!, args[i]!)) return args[i + 1]!;
      return args[args.length - 1]!;
    },
    sql: (args) => {
      const arms: Sql[] = [];
      for (let i = 1; i < args.length - 1; i += 2) arms.push(sql`when ${args[0]} = ${args[i]} then ${args[i + 1]} `);
      return sql`(case ${arms.reduce((a, b) => sql`${a}${b}`, sql``)}else ${args[args.length - 1]} end)`;
    },
  },
  AND: {
    check: (args, call) => {
      argCount(call, args.length, 1, Infinity);
      args.forEach((a, i) => argType(call, a, i, 'boolean'));
      return 'boolean';
    },
    js: (args) => args.every((a) => a === true),
    sql: (args) => sql`(${args.map((a) => sql`coalesce(${a}, false)`).reduce((a, b) => sql`${a} and ${b}`)})`,
  },
  OR: {
    check: (args, call) => {
      argCount(call, args.length, 1, Infinity);
      args.forEach((a, i) => argType(call, a, i, 'boolean'));
      return 'boolean';
    },
    js: (args) => args.some((a) => a === true),
    sql: (args) => sql`(${args.map((a) => sql`coalesce(${a}, false)`).reduce((a, b) => sql`${a} or ${b}`)})`,
  },
  NOT: { check: signature(['boolean'], 'boolean'), js: ([a]) => a !== true, sql: ([a]) => sql`(not coalesce(${a}, false))` },
  ISBLANK: {
    // Empty text is blank too.
    check: signature(['any'], 'boolean'),
    js: ([a]) => isBlank(a!),
    sql: ([a], env) => (accepts('text', env.nodes[0]!.type) ? sql`(${a} is null or ${a} = '')` : sql`(${a} is null)`),
  },
  BLANKVALUE: {
    check: (args, call) => {
      argCount(call, args.length, 2, 2);
      return unifyAll(call, args);
    },
    js: ([a, b]) => (isBlank(a!) ? b! : a!),
    sql: ([a, b], env) => (accepts('text', env.nodes[0]!.type) ? sql`coalesce(nullif(${a}, ''), ${b})` : sql`coalesce(${a}, ${b})`),
  },

  // ---- math ----
  ROUND: {
    // Half away from zero; digits from -30 to 30 (negative rounds to tens, hundreds, …).
    check: signature(['number', 'number'], 'number'),
    js: strict(([x, n]) => {
      const digits = wholeJs(n!, -30, 30);
      if (digits >= 0) return num(D(x).toDecimalPlaces(digits, FormulaDecimal.ROUND_HALF_UP));
      const unit = new FormulaDecimal(10).pow(-digits);
      return num(D(x).div(unit).toDecimalPlaces(0, FormulaDecimal.ROUND_HALF_UP).times(unit));
    }),
    sql: ([x, n]) => sql`round(${x}, ${wholeSql(n!, -30, 30)})`,
  },
  FLOOR: { check: signature(['number'], 'number'), js: strict(([x]) => num(D(x).floor())), sql: ([x]) => sql`floor(${x})` },
  CEILING: { check: signature(['number'], 'number'), js: strict(([x]) => num(D(x).ceil())), sql: ([x]) => sql`ceil(${x})` },
  ABS: { check: signature(['number'], 'number'), js: strict(([x]) => D(x).abs()), sql: ([x]) => sql`abs(${x})` },
  MIN: minMax((c) => c < 0, 'least'),
  MAX: minMax((c) => c > 0, 'greatest'),
  MOD: {
    // Sign of the dividend, as PostgreSQL's mod(); MOD(x, 0) is blank.
    check: signature(['number', 'number'], 'number'),
    js: strict(([a, b]) => (D(b).isZero() ? null : num(D(a).mod(D(b))))),
    sql: ([a, b]) => sql`mod(${a}, nullif(${b}, 0))`,
  },

  // ---- text: positions and lengths count characters (one per Chinese character) ----
  LEN: { check: signature(['text'], 'number'), js: strict(([s]) => dec(chars(S(s)).length)), sql: ([s]) => sql`char_length(${s})::numeric` },
  LEFT: {
    check: signature(['text', 'number'], 'text'),
    js: strict(([s, n]) => chars(S(s)).slice(0, wholeJs(n!, 0, MAX_CHARS)).join('')),
    sql: ([s, n]) => sql`left(${s}, ${wholeSql(n!, 0, MAX_CHARS)})`,
  },
  RIGHT: {
    check: signature(['text', 'number'], 'text'),
    js: strict(([s, n]) => {
      const count = wholeJs(n!, 0, MAX_CHARS);
      return count === 0 ? '' : chars(S(s)).slice(-count).join('');
    }),
    sql: ([s, n]) => sql`right(${s}, ${wholeSql(n!, 0, MAX_CHARS)})`,
  },
  MID: {
    // MID(text, start, count): start from 1.
    check: signature(['text', 'number', 'number'], 'text'),
    js: strict(([s, start, count]) => {
      const from = wholeJs(start!, 1, MAX_CHARS) - 1;
      return chars(S(s)).slice(from, from + wholeJs(count!, 0, MAX_CHARS)).join('');
    }),
    sql: ([s, start, count]) => sql`substr(${s}, ${wholeSql(start!, 1, MAX_CHARS)}, ${wholeSql(count!, 0, MAX_CHARS)})`,
  },
  FIND: {
    // FIND(search, text): position of the first match from 1, 0 when absent; case-sensitive.
    check: signature(['text', 'text'], 'number'),
    js: strict(([search, s]) => {
      const at = S(s).indexOf(S(search));
      return dec(at < 0 ? 0 : chars(S(s).slice(0, at)).length + 1);
    }),
    sql: ([search, s]) => sql`strpos(${s}, ${search})::numeric`,
  },
  UPPER: { check: signature(['text'], 'text'), js: strict(([s]) => upperAscii(S(s))), sql: ([s]) => sql`upper(${s} collate "C")` },
  LOWER: { check: signature(['text'], 'text'), js: strict(([s]) => lowerAscii(S(s))), sql: ([s]) => sql`lower(${s} collate "C")` },
  TRIM: { check: signature(['text'], 'text'), js: strict(([s]) => trimSpaces(S(s))), sql: ([s]) => sql`btrim(${s}, ' ')` },
  SUBSTITUTE: {
    check: signature(['text', 'text', 'text'], 'text'),
    js: strict(([s, from, to]) => (S(from) === '' ? S(s) : S(s).split(S(from)).join(S(to)))),
    sql: ([s, from, to]) => sql`replace(${s}, ${from}, ${to})`,
  },
  CONTAINS: {
    check: signature(['text', 'text'], 'boolean'),
    js: ([s, sub]) => s !== null && sub !== null && S(s).includes(S(sub)),
    sql: ([s, sub]) => sql`coalesce(strpos(${s}, ${sub}) > 0, false)`,
  },
  BEGINS: {
    check: signature(['text', 'text'], 'boolean'),
    js: ([s, prefix]) => s !== null && prefix !== null && S(s).startsWith(S(prefix)),
    sql: ([s, prefix]) => sql`coalesce(starts_with(${s}, ${prefix}), false)`,
  },
  TEXT: {
    // TEXT(value) for any type; TEXT(number, "0.00") with a literal format of 0 to 10 decimal places.
    check: (args, call) => {
      argCount(call, args.length, 1, 2);
      const format = args[1];
      if (format) {
        argType(call, args[0]!, 0, 'number');
        if (format.kind !== 'literal' || typeof format.value !== 'string' || !/^0(\.0{1,10})?$/.test(format.value)) {
          throw new FormulaFault('formulaTextFormat', format.pos, { function: call.name });
        }
      }
      return 'text';
    },
    js: (args, env) => {
      const [x] = args;
      if (x === null || x === undefined) return null;
      if (env.nodes.length === 2) return num(D(x).toDecimalPlaces(textFormat(env), FormulaDecimal.ROUND_HALF_UP)).toFixed(textFormat(env));
      return TEXT_JS[env.nodes[0]!.type](x);
    },
    sql: ([x], env) => (env.nodes.length === 2 ? sql`round(${x}, ${raw(String(textFormat(env)))})::text` : TEXT_SQL[env.nodes[0]!.type](x!)),
  },
  VALUE: {
    // Plain decimals only ("-12.50"); anything else, or more than 50 characters, is blank.
    check: signature(['text'], 'number'),
    js: strict(([s]) => {
      const t = trimSpaces(S(s));
      return t.length <= 50 && NUMBER_TEXT.test(t) ? dec(t) : null;
    }),
    sql: ([s]) => sql`(case when char_length(btrim(${s}, ' ')) <= 50 and btrim(${s}, ' ') ~ '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$' then btrim(${s}, ' ')::numeric end)`,
  },

  // ---- dates: TODAY and DATEVALUE use the context's time zone ----
  TODAY: { check: signature([], 'date'), js: (_a, env) => dateInZone(env.ctx.now, env.ctx.timeZone), sql: (_a, env) => sql`(${env.ctx.now.toISOString()}::timestamptz at time zone ${tz(env)})::date` },
  NOW: { check: signature([], 'datetime'), js: (_a, env) => env.ctx.now.toISOString(), sql: (_a, env) => sql`${env.ctx.now.toISOString()}::timestamptz` },
  DATE: {
    // DATE(year, month, day); a day that does not exist (30 February) is blank.
    check: signature(['number', 'number', 'number'], 'date'),
    js: strict(([y, m, d]) => makeDate(D(y).trunc().toNumber(), D(m).trunc().toNumber(), D(d).trunc().toNumber())),
    sql: ([y, m, d]) => {
      const [yy, mm, dd] = [sql`trunc(${y})`, sql`trunc(${m})`, sql`trunc(${d})`];
      const first = sql`make_date(${yy}::int, ${mm}::int, 1)`;
      return sql`(case when ${yy} between 1 and 9999 and ${mm} between 1 and 12 and ${dd} between 1 and 31 then (case when ${dd} <= extract(day from ${first} + interval '1 month' - interval '1 day') then make_date(${yy}::int, ${mm}::int, ${dd}::int) end) end)`;
    },
  },
  DATEVALUE: {
    check: signature(['datetime'], 'date'),
    js: strict(([x], env) => dateInZone(new Date(S(x)), env.ctx.timeZone)),
    sql: ([x], env) => sql`(${x} at time zone ${tz(env)})::date`,
  },
  YEAR: { check: signature(['date'], 'number'), js: strict(([x]) => dec(dateParts(S(x)).y)), sql: ([x]) => sql`extract(year from ${x})` },
  MONTH: { check: signature(['date'], 'number'), js: strict(([x]) => dec(dateParts(S(x)).m)), sql: ([x]) => sql`extract(month from ${x})` },
  DAY: { check: signature(['date'], 'number'), js: strict(([x]) => dec(dateParts(S(x)).d)), sql: ([x]) => sql`extract(day from ${x})` },
  ADDMONTHS: {
    // The end of a month stays in range: ADDMONTHS(DATE(2026,1,31), 1) is 2026-02-28. Months from -12000 to 12000.
    check: signature(['date', 'number'], 'date'),
    js: strict(([x, n]) => {
      const { y, m, d } = dateParts(S(x));
      const total = y * 12 + (m - 1) + wholeJs(n!, -12000, 12000);
      const [ny, nm] = [Math.floor(total / 12), (total % 12) + 1];
      return ny < 1 || ny > 9999 ? null : makeDate(ny, nm, Math.min(d, daysInMonth(ny, nm)));
    }),
    sql: ([x, n]) => dateInRange(sql`(${x} + make_interval(months => ${wholeSql(n!, -12000, 12000)}))::date`),
  },
  DATEDIFF: {
    // DATEDIFF(later, earlier): whole days from earlier to later.
    check: signature(['date', 'date'], 'number'),
    js: strict(([a, b]) => dec(dayNumber(S(a)) - dayNumber(S(b)))),
    sql: ([a, b]) => sql`(${a} - ${b})::numeric`,
  },
  WEEKDAY: {
    // 1 = Sunday … 7 = Saturday.
    check: signature(['date'], 'number'),
    js: strict(([x]) => dec((((dayNumber(S(x)) % 7) + 7 + 4) % 7) + 1)),
    sql: ([x]) => sql`(extract(dow from ${x}) + 1)`,
  },

  // ---- picklists and changes ----
  ISPICKVAL: {
    check: (args, call) => {
      argCount(call, args.length, 2, 2);
      if (args[0]!.type !== 'picklist') argType(call, args[0]!, 0, 'picklist');
      argType(call, args[1]!, 1, 'text');
      return 'boolean';
    },
    js: ([p, v]) => p !== null && p === v,
    sql: ([p, v]) => sql`coalesce(${p} = ${v}, false)`,
  },
  PRIORVALUE: {
    // The value before this update; on create, the value being created.
    check: (args, call) => {
      argCount(call, args.length, 1, 1);
      requireOwnField(call, args[0]!);
      return args[0]!.type;
    },
    js: (_args, env) => env.prior(env.nodes[0]!),
    sql: () => ruleOnlyInSql(),
    ruleOnly: true,
  },
  ISCHANGED: {
    // True when an update changes the field (blank to a value and back count); false on create.
    check: (args, call) => {
      argCount(call, args.length, 1, 1);
      requireOwnField(call, args[0]!);
      return 'boolean';
    },
    js: ([current], env) => {
      if (!env.isUpdate) return false;
      const before = env.prior(env.nodes[0]!);
      if (before === null || current === null) return before !== current;
      return !sameValue(before, current!);
    },
    sql: () => ruleOnlyInSql(),
    ruleOnly: true,
  },
};

function minMax(wins: (comparison: number) => boolean, fn: 'least' | 'greatest'): FunctionSpec {
  return {
    // Blanks are skipped; all blank gives blank. Numbers, dates or date-times.
    check: (args, call) => {
      argCount(call, args.length, 1, Infinity);
      const type = unifyAll(call, args);
      if (type !== 'number' && type !== 'date' && type !== 'datetime') argType(call, args[0]!, 0, 'number');
      return type;
    },
    js: (args) =>
      args.reduce<FormulaValue>((best, v) => {
        if (v === null) return best;
        if (best === null) return v;
        const c = typeof v === 'object' ? v.comparedTo(D(best)) : S(v) < S(best) ? -1 : S(v) > S(best) ? 1 : 0;
        return wins(c) ? v : best;
      }, null),
    sql: (args) => sql`${raw(fn)}(${args.reduce((a, b) => sql`${a}, ${b}`)})`,
  };
}

function requireOwnField(call: { name: string }, arg: TypedNode): void {
  if (arg.kind !== 'field' || arg.ref.joinPaths.length > 0) throw new FormulaFault('formulaNeedsField', arg.pos, { function: call.name });
}

function ruleOnlyInSql(): never {
  // The checker refuses these outside rule contexts, so this is a programming error.
  throw new Error('PRIORVALUE and ISCHANGED have no SQL form');
}

export const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(FUNCTIONS, name);
