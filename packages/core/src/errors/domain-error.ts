import type { Locale } from '../metadata/types.ts';
import { formatMessage, type MessageCode } from './messages.ts';

/** One problem with one field (or query parameter), reported with a path such as "budget" or "filter.and[2].value". */
export type FieldProblem = {
  field: string;
  code: MessageCode;
  params?: Record<string, unknown>;
};

/** HTTP status of each top-level error code; one table so codes never drift. */
export const ERROR_STATUS = {
  invalidJson: 400,
  validationFailed: 400,
  invalidQuery: 400,
  unknownObject: 404,
  notFound: 404,
  unauthenticated: 401,
  forbidden: 403,
  invalidCredentials: 401,
  accountLocked: 423,
  rateLimited: 429,
  payloadTooLarge: 413,
  conflict: 409,
  recordLocked: 409,
  compositeFailed: 400,
  ssoStateInvalid: 400,
  ssoProviderDisabled: 403,
  ssoDenied: 401,
  ssoFailed: 502,
  ssoEmailRequired: 403,
  ssoEmailNotVerified: 409,
  ssoEmailInOtherWorkspace: 409,
  ssoAccountInactive: 403,
  validationRuleFailed: 422,
  internal: 500,
} as const satisfies Partial<Record<MessageCode, number>>;
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The one error class the domain throws. The HTTP layer turns it into
 * RFC 9457 problem+json; `developerMessage` is logged, never shown.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Record<string, unknown>;
  readonly errors: FieldProblem[];

  constructor(opts: { code: ErrorCode; params?: Record<string, unknown>; errors?: FieldProblem[]; status?: number; developerMessage?: string }) {
    super(opts.developerMessage ?? formatMessage(opts.code, opts.params ?? {}, 'en'));
    this.name = 'DomainError';
    this.code = opts.code;
    this.status = opts.status ?? ERROR_STATUS[opts.code];
    this.params = opts.params ?? {};
    this.errors = opts.errors ?? [];
  }
}

export function validationError(errors: FieldProblem[], code: ErrorCode = 'validationFailed'): DomainError {
  return new DomainError({ code, errors });
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: { field: string; code: string; message: string; rule?: string }[];
  [extra: string]: unknown;
};

/** Renders a domain error as problem+json in the caller's language. */
export function toProblem(error: DomainError, locale: Locale): Problem {
  const message = formatMessage(error.code, error.params, locale);
  const problem: Problem = {
    type: `https://mainline.dev/problems/${error.code}`,
    title: message,
    status: error.status,
    code: error.code,
    detail: error.errors.length > 0 ? error.errors.map((e) => formatMessage(e.code, { field: e.field, ...e.params }, locale)).join(' ') : message,
  };
  if (error.errors.length > 0) {
    problem.errors = error.errors.map((e) => ({
      field: e.field,
      code: e.code,
      message: formatMessage(e.code, { field: e.field, ...e.params }, locale),
      // A broken validation rule is named, so a client can tell which one.
      ...(typeof e.params?.rule === 'string' ? { rule: e.params.rule } : {}),
    }));
  }
  for (const [key, value] of Object.entries(error.params)) if (!(key in problem)) problem[key] = value;
  return problem;
}
