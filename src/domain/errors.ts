// The one registry of error codes: status, public text and badge message for each.
// Callers match on `code` (or the class), never on message text; `cause` keeps the original.

export const ERROR_CODES = {
  invalid_target: { status: 400, text: 'The target is not a valid registry/name or name.' },
  invalid_parameter: { status: 400, text: 'A query parameter has a value the service does not accept.' },
  invalid_query: { status: 400, text: 'The search query or its limit is not valid.' },
  not_found: { status: 404, text: 'No entity matches this target.' },
  ambiguous: { status: 409, text: 'Several entities match this name; qualify it with its registry.' },
  unauthorized: { status: 401, text: 'A valid bearer token is required.' },
  invalid_import: { status: 400, text: 'The import was rejected; nothing was changed.' },
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

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Safe to show a client: says what was wrong with *their* input. */
  readonly detail: string | undefined;
  /** Extra public fields for the JSON body, e.g. the candidates of an ambiguous name. */
  readonly extra: Record<string, unknown> | undefined;
  /** CDN purge tags of what the answer was worked out from (an unknown or ambiguous target's). */
  readonly purgeTags: readonly string[];

  constructor(code: ErrorCode, options: { detail?: string; extra?: Record<string, unknown>; purgeTags?: readonly string[]; cause?: unknown } = {}) {
    super(options.detail ?? ERROR_CODES[code].text, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.detail = options.detail;
    this.extra = options.extra;
    this.purgeTags = options.purgeTags ?? [];
  }
}
