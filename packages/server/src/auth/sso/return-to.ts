import { type DomainError, validationError } from '@mainline/core';

const BASE = 'http://mainline.invalid';

/**
 * Where to send the user after signing in: a path on this site only, or
 * the login would be an open redirect. `//evil.com` and `/\evil.com` are
 * read by browsers as other hosts, so anything that does not resolve to
 * this origin is refused. Answers the normalised path, or undefined.
 */
export function safeReturnTo(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return '/';
  if (value.length > 2000 || !value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  const url = URL.parse(value, BASE);
  if (!url || url.origin !== BASE) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

export const returnToProblem = (): DomainError =>
  validationError([{ field: 'returnTo', code: 'invalidValue', params: { detail: 'must be a path on this site, such as /records/account' } }]);
