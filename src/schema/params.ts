// The request parameters of the JSON routes, declared once: the routes read their query with these
// schemas (readParams), and the OpenAPI document describes the same schemas. Badge parameters are
// the domain's own (badge-options.ts); the target rule is target.ts's, named here for the docs.

import { z } from 'zod';
import { MAX_TARGET_CHARS, parseTarget } from '../domain/target.js';
import { describeTextProblem } from '../domain/text-rules.js';

export const MAX_QUERY_CHARS = 100;
export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_RESULTS = 20;

/** A query parameter repeated (`?q=a&q=b`) arrives as an array: one value is asked for. */
const once = (param: string, example: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${param} is required, e.g. ${example}` : `${param} may be given once`) });

export const TargetSchema = z.string().check((ctx) => {
  const parsed = parseTarget(ctx.value);
  if (!parsed.ok) ctx.issues.push({ code: 'custom', message: parsed.message, input: ctx.value, params: { problem: parsed.problem } });
}).meta({
  description:
    '`registry/name` (`github/haotian-liu/LLaVA`, `npm/@types/node`) or a bare name or alias (`openrouter`), ' +
    `at most ${MAX_TARGET_CHARS} characters, percent-encoded where a URL needs it. Case does not matter.`,
  example: 'web/OpenRouter',
});

export const PreflightQuerySchema = z.object({
  target: once('target', '/v1/preflight?target=github/owner/repo').pipe(TargetSchema),
});

export const SearchQuerySchema = z.object({
  q: once('q', '/v1/search?q=openr')
    .trim()
    .check((ctx) => {
      const chars = [...ctx.value].length;
      const problem = chars === 0 || chars > MAX_QUERY_CHARS ? `q must be 1 to ${MAX_QUERY_CHARS} characters` : describeTextProblem(ctx.value);
      if (problem !== null) ctx.issues.push({ code: 'custom', message: problem.startsWith('q ') ? problem : `q ${problem}`, input: ctx.value });
    })
    .meta({ description: `1–${MAX_QUERY_CHARS} characters: a prefix of names, their last segment and aliases, case-insensitively; \`registry/prefix\` for one registry's names; or a pasted registry address or package URL.`, example: 'openr' }),
  limit: once('limit', '/v1/search?q=openr&limit=5')
    .regex(/^\d{1,2}$/, `limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}`)
    .transform(Number)
    .pipe(z.number().min(1, `limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}`).max(MAX_SEARCH_RESULTS, `limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}`))
    .optional()
    .meta({ description: `Results at most, 1–${MAX_SEARCH_RESULTS} (default ${DEFAULT_SEARCH_LIMIT}).`, example: '5' }),
  cursor: once('cursor', '/v1/search?q=openr&cursor=…')
    .optional()
    .meta({ description: 'The `next_cursor` of the page before, with the same `q`: the page after it.' }),
});

/** In a path the target keeps its `/` (`/badge/github/haotian-liu/LLaVA.svg`): the one parameter that may. */
export const TargetPathParamsSchema = z.object({
  target: TargetSchema.meta({ description: `${TargetSchema.description} In a path its \`/\` stay as they are.` }),
});

export const DEFAULT_HISTORY_DAYS = 365;
export const MAX_HISTORY_DAYS = 3650;

export const HistoryQuerySchema = z.object({
  days: once('days', '/v1/history/npm/sharp?days=90')
    .regex(/^\d{1,4}$/, `days must be a whole number from 1 to ${MAX_HISTORY_DAYS}`)
    .transform(Number)
    .pipe(z.number().min(1, `days must be a whole number from 1 to ${MAX_HISTORY_DAYS}`).max(MAX_HISTORY_DAYS, `days must be a whole number from 1 to ${MAX_HISTORY_DAYS}`))
    .optional()
    .meta({ description: `How far back, in days: 1–${MAX_HISTORY_DAYS} (default ${DEFAULT_HISTORY_DAYS}).`, example: '90' }),
});
