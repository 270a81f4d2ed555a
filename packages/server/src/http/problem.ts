import { DomainError, LOCALES, toProblem, type Locale } from '@mainline/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The caller's language: Accept-Language first, then the user's preference, then zh-CN. */
export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  if (typeof header === 'string') {
    for (const part of header.split(',')) {
      const tag = part.split(';')[0]!.trim().toLowerCase();
      if (tag === 'zh-tw' || tag === 'zh-hk' || tag.startsWith('zh-hant')) return 'zh-TW';
      if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
      if (tag === 'en' || tag.startsWith('en-')) return 'en';
    }
  }
  const userLocale = request.actor?.locale;
  return userLocale && (LOCALES as readonly string[]).includes(userLocale) ? userLocale : 'zh-CN';
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: DomainError): FastifyReply {
  return reply.code(error.status).type('application/problem+json').send(toProblem(error, requestLocale(request)));
}

/** Fastify's own errors (parsing, limits, routing) mapped to our codes. */
function fromFastifyError(error: FastifyError): DomainError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError({ code: 'payloadTooLarge', params: { limit: error.message.match(/\d+/)?.[0] ?? 'the' }, errors: [{ field: 'body', code: 'outOfRange', params: { detail: 'request body too large' } }] });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError({ code: 'invalidJson', status: 415, errors: [{ field: 'content-type', code: 'invalidFormat', params: { format: 'media type (use application/json)' } }] });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError({ code: 'invalidJson', errors: [{ field: 'body', code: 'invalidFormat', params: { format: 'JSON document' } }] });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError({ code: 'invalidJson', errors: [{ field: 'content-length', code: 'invalidValue', params: { detail: 'does not match the body' } }] });
    default:
      break;
  }
  // JSON.parse and secure-json-parse (prototype poisoning) failures surface as 400 SyntaxErrors.
  if (error.statusCode === 400 && (error instanceof SyntaxError || /JSON|prototype|__proto__|constructor/i.test(error.message))) {
    return new DomainError({ code: 'invalidJson', errors: [{ field: 'body', code: 'invalidFormat', params: { format: 'JSON document' } }] });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new DomainError({ code: 'invalidQuery', status: error.statusCode, developerMessage: error.message });
  }
  return undefined;
}

export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const domain = error instanceof DomainError ? error : fromFastifyError(error);
    if (domain) return sendProblem(reply, request, domain);
    // Unknown errors: details go to the log only.
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, new DomainError({ code: 'internal' }));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, new DomainError({ code: 'notFound', status: 404, errors: [{ field: 'path', code: 'invalidValue', params: { detail: `no route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}` } }] })),
  );
}
