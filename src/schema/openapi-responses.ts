// The building blocks of the OpenAPI document's answers: the headers a CDN or a client reads, JSON and
// image answers, and problem details grouped by status with their real examples.

import type { z } from 'zod';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import { ProblemSchema } from './answers.js';
import { EXAMPLES } from './examples.js';

export const header = (description: string, example?: string) => ({ description, schema: { type: 'string' as const, ...(example ? { example } : {}) } });

/** Headers of answers a CDN may keep (badges, reports, search, embeds, shields). */
export const CACHED_HEADERS = {
  'Cache-Control': header('How long browsers and CDNs may keep the answer; `no-store` when a write overtook it.', 'public, max-age=300, stale-while-revalidate=86400'),
  ETag: header('A strong validator of the body; send it back in `If-None-Match` for a `304`.'),
  'Surrogate-Key': header('CDN purge tags of everything the answer shows (also as `Cache-Tag`).'),
  'X-Request-Id': header('This request, as the access log names it.'),
};

/** On answers that spent this client's budget (work beyond memory), per draft-ietf-httpapi-ratelimit-headers. */
export const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': header('The budgets this answer counted against.', '"misses";q=60;w=60'),
  RateLimit: header('What is left of them.', '"misses";r=59;t=60'),
};

const problem = (description: string, example?: unknown) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema, ...(example !== undefined ? { example } : {}) } },
});

/** Examples of problems, by code: real answers (examples.ts). */
const PROBLEM_EXAMPLES: Partial<Record<ErrorCode, unknown>> = { ambiguous: EXAMPLES.ambiguous, invalid_query: EXAMPLES.invalidQuery };

/** The error answers of a route, by the codes it can give, and `default` for any other (a 404 for a route a deployment lacks, say). */
export function problems(...codes: ErrorCode[]): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  const responses: ZodOpenApiResponsesObject = { default: problem('Any other error, as problem details.') };
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const answer = problem(
      list.map((code) => `\`${code}\`: ${ERROR_CODES[code].text}`).join(' '),
      list.map((code) => PROBLEM_EXAMPLES[code]).find((example) => example !== undefined),
    );
    responses[String(status) as `${1 | 2 | 3 | 4 | 5}${string}`] =
      status === 429
        ? { ...answer, headers: { 'Retry-After': header('Seconds until the budget allows another request.', '17'), ...RATE_LIMIT_HEADERS } }
        : answer;
  }
  return responses;
}

export const json = <T extends z.ZodType>(schema: T, description: string, extra: { headers?: ZodOpenApiResponseObject['headers']; example?: unknown } = {}): ZodOpenApiResponseObject => ({
  description,
  headers: extra.headers ?? CACHED_HEADERS,
  content: { 'application/json': { schema, ...(extra.example !== undefined ? { example: extra.example } : {}) } },
});

export const NOT_MODIFIED = { '304': { description: 'Not modified: the `If-None-Match` validator still matches.', headers: CACHED_HEADERS } };
export const STORE_ERRORS = ['rate_limited', 'store_unavailable', 'internal'] as const;

export const ADMIN_ERRORS = ['unauthorized', 'store_unavailable', 'internal'] as const;

/** An image answer (badges, share cards): every outcome is a picture, never JSON. */
export const imageAnswer = (type: 'image/svg+xml' | 'image/png', description: string): ZodOpenApiResponseObject => ({
  description,
  headers: { ...CACHED_HEADERS, ...RATE_LIMIT_HEADERS },
  content: { [type]: { schema: type === 'image/png' ? { type: 'string' as const, contentMediaType: 'image/png' } : { type: 'string' as const } } },
});
