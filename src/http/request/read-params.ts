// Reads a route's parameters through their schema (src/schema/params.ts): the checked, typed values,
// or an AppError whose problem document lists every parameter at fault. Unknown parameters are ignored.

import type { z } from 'zod';
import { AppError, type ErrorCode, type FieldProblem } from '../../domain/errors.js';
import { TargetPathParamsSchema } from '../../schema/params.js';
import { decodeTargetPath } from './request-target.js';

export function readParams<S extends z.ZodType>(schema: S, values: unknown, where: { in: 'path' | 'query'; code: ErrorCode }): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const errors: FieldProblem[] = parsed.error.issues.map((issue) => ({ in: where.in, name: String(issue.path[0] ?? '(query)'), detail: issue.message }));
  const detail = errors.map((e) => e.detail).join('; ');
  // An invalid target also says which rule it broke (`empty`, `too-long`, …), as it always has.
  const first = parsed.error.issues[0];
  const problem = first?.code === 'custom' ? (first.params as { problem?: unknown } | undefined)?.problem : undefined;
  throw new AppError(where.code, {
    detail: `${detail}.`,
    errors,
    ...(typeof problem === 'string' ? { extra: { problem } } : {}),
  });
}

export const readQuery = <S extends z.ZodType>(schema: S, query: unknown, code: ErrorCode = 'invalid_parameter'): z.output<S> => readParams(schema, query, { in: 'query', code });

/** The `{target}` of a path, from its raw (still percent-encoded) tail; throws invalid_target naming it. */
export function readTargetPath(rawTail: string): string {
  const target = decodeTargetPath(rawTail);
  if (target === null) {
    const detail = 'target is not valid percent-encoding';
    throw new AppError('invalid_target', { detail: 'The target is not valid percent-encoding.', errors: [{ in: 'path', name: 'target', detail }] });
  }
  return readParams(TargetPathParamsSchema, { target }, { in: 'path', code: 'invalid_target' }).target;
}
