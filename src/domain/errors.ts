// The one registry of error codes: status, title and public text for each.
// Callers match on `code` (or the class), never on message text; `cause` keeps the original.
// Answered as RFC 9457 problem details (src/http/response/errors.ts, src/schema/answers.ts).

import { z } from 'zod';

export const ERROR_CODES = {
  invalid_target: { status: 400, text: 'The target is not a valid registry/name or name.' },
  invalid_parameter: { status: 400, text: 'A query parameter has a value the service does not accept.' },
  invalid_query: { status: 400, text: 'The search query or its limit is not valid.' },
  not_found: { status: 404, text: 'No entity matches this target.' },
  ambiguous: { status: 409, text: 'Several entities match this name; qualify it with its registry.' },
  unauthorized: { status: 401, text: 'A valid bearer token is required.' },
  invalid_import: { status: 400, text: 'The import was rejected; nothing was changed.' },
  invalid_set: { status: 400, text: 'The set body is not {"purls": [...]} with one to 5,000 package URLs.' },
  invalid_batch: { status: 400, text: 'The batch body is not {"targets": [...]} with one or more strings.' },
  invalid_seal: { status: 400, text: 'The seal body is not valid; nothing was changed.' },
  seal_not_found: { status: 404, text: 'No seal has this id.' },
  seal_revoked: { status: 409, text: 'The seal is revoked: a revocation is final, so it cannot be changed.' },
  invalid_entity: { status: 400, text: 'The entity is not valid.' },
  payload_too_large: { status: 413, text: 'The request body is too large.' },
  request_timeout: { status: 408, text: 'The request took longer than the service allows; nothing was changed.' },
  unsupported_media_type: { status: 415, text: 'The request body has a type or encoding this route does not take.' },
  bad_request: { status: 400, text: 'The request could not be read.' },
  route_not_found: { status: 404, text: 'No such route.' },
  rate_limited: { status: 429, text: 'Too many uncached requests from this client; retry after the time Retry-After gives.' },
  store_unavailable: { status: 503, text: 'The score store is not available right now.' },
  internal: { status: 500, text: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; text: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What was wrong with one parameter or body field: problem documents list them under `errors`. */
export const FieldProblemSchema = z
  .object({
    in: z.enum(['path', 'query', 'body']),
    name: z.string().meta({ description: 'The parameter, or the body field (`dimensions.security`, `aliases[2]`).' }),
    detail: z.string(),
  })
  .strict()
  .meta({ id: 'FieldProblem' });
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

/** The request's budget refused the work (the miss limit answers it): passed up, never taken for a failure. */
export const isRateLimited = (error: unknown): boolean => error instanceof AppError && error.code === 'rate_limited';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Safe to show a client: says what was wrong with *their* input. */
  readonly detail: string | undefined;
  /** Extra public fields for the JSON body, e.g. the candidates of an ambiguous name. */
  readonly extra: Record<string, unknown> | undefined;
  /** Field by field, what a validation found wrong. */
  readonly errors: readonly FieldProblem[] | undefined;
  /** CDN purge tags of what the answer was worked out from (an unknown or ambiguous target's). */
  readonly purgeTags: readonly string[];

  constructor(
    code: ErrorCode,
    options: { detail?: string; extra?: Record<string, unknown>; errors?: readonly FieldProblem[]; purgeTags?: readonly string[]; cause?: unknown } = {},
  ) {
    super(options.detail ?? ERROR_CODES[code].text, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.detail = options.detail;
    this.extra = options.extra;
    this.errors = options.errors;
    this.purgeTags = options.purgeTags ?? [];
  }
}
