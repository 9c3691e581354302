// What every JSON body route checks first and reports last: the body's media type (a 415 saying
// what to send), and a schema's findings as field problems. Reading the bytes is parseRecordJson's.

import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, type FieldProblem } from '../../domain/errors.js';

/** Refuses a body that is not application/json (or one of `alsoTaken`) with 415 and `detail`; no body passes on. */
export function requireJson(detail: string, ...alsoTaken: string[]): RequestHandler {
  const types = ['application/json', ...alsoTaken];
  return (req, _res, next) => next(req.is(types) === false ? new AppError('unsupported_media_type', { detail }) : undefined);
}

/** A body schema's issues, each naming its field by path (`origins.0`), or `body` for the whole. */
export function bodyProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ in: 'body', name: issue.path.join('.') || 'body', detail: issue.message }));
}
