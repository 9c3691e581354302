// The JSON answers of the public API, declared once (the operator's, of the system and admin
// routes, in operator-answers.ts): the services build them (their TypeScript types are inferred
// from here), the OpenAPI document describes them (openapi-document.ts),
// and the HTTP suite checks every answer it receives against that document. Examples are the
// sample catalogue's (data/sample.ndjson), so the docs show what `npm start` answers.

import { z } from 'zod';
import { DIMENSIONS } from '../domain/entity.js';
import { GRADES } from '../domain/grade.js';
import { METRICS } from '../domain/badge-options.js';
import { ERROR_CODES, FieldProblemSchema, type ErrorCode } from '../domain/errors.js';
import { EntityRecordSchema } from '../domain/entity-record.js';
import { MAX_SET_PURLS, SET_ID } from '../domain/dependency-set.js';

export const GradeSchema = z.enum(GRADES).meta({ id: 'Grade', description: 'Letter grade from the score and the configured scale (A ≥ 80, B ≥ 70, C ≥ 60, D ≥ 40 by default).' });

const ScoreSchema = z.number().min(0).max(100).meta({ description: 'Trust score, 0–100, at most one decimal.', example: 74 });

export const DimensionsSchema = z
  .object(Object.fromEntries(DIMENSIONS.map((d) => [d, ScoreSchema.optional()])) as Record<(typeof DIMENSIONS)[number], z.ZodOptional<typeof ScoreSchema>>)
  .strict()
  .meta({ id: 'Dimensions', description: 'Scores per dimension; a dimension the pipeline did not rate is absent.' });

const TargetPathSchema = z.string().meta({
  description: "The entity's percent-encoded `registry/name` path, as badge and report URLs spell it.",
  example: 'web/OpenRouter',
});

export const BadgeLinksSchema = z
  .object({
    svg: z.url(),
    png: z.url(),
    report: z.url().meta({ description: 'The human report page every snippet links to.' }),
    json: z.url().meta({ description: 'The JSON report.' }),
    markdown: z.string(),
    html: z.string(),
    picture: z.string().meta({ description: 'HTML `<picture>` showing the dark badge to readers who prefer a dark colour scheme.' }),
    rst: z.string(),
    asciidoc: z.string(),
  })
  .strict()
  .meta({ id: 'BadgeLinks', description: 'Badge URLs and ready-to-paste snippets, each escaped for its own syntax.' });

export const RECOMMENDATIONS = ['recommended', 'use_with_caution', 'not_recommended'] as const;

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: 'A UTC day, `YYYY-MM-DD`.', example: '2026-03-24' });

export const HistoryPointSchema = z
  .object({
    day: DaySchema,
    updated_at: z.string().meta({ description: 'When that score was published.', example: '2026-03-24T00:00:00Z' }),
    score: ScoreSchema,
    dimensions: DimensionsSchema,
  })
  .strict()
  .meta({ id: 'HistoryPoint', description: "One day's score: the day's last write that changed the score or a dimension." });

const changeOver = (days: number) =>
  z.number().nullable().meta({ description: `Score now minus the score ${days} days ago; null when the history does not reach back that far.`, example: -3.5 });

export const TrendSchema = z
  .object({
    change_30d: changeOver(30),
    change_90d: changeOver(90),
    change_365d: changeOver(365),
    last_change: DaySchema.nullable().meta({ description: 'The day of the last change of score or a dimension; null when it never changed.' }),
  })
  .strict()
  .meta({ id: 'Trend' });

export const DataVersionSchema = z
  .object({
    version: z.int().min(1).meta({ description: 'The catalogue import this answer reads from.' }),
    imported_at: z.string().meta({ example: '2026-11-24T12:00:00Z' }),
  })
  .strict()
  .meta({ id: 'DataVersion' });

const AlternativeSchema = z
  .object({ registry: z.string(), name: z.string(), score: ScoreSchema, grade: GradeSchema, target: TargetPathSchema })
  .strict();

export const EntityReportSchema = z
  .object({
    target: z.string().meta({ description: 'The target as asked (NFC-normalised).', example: 'openrouter' }),
    entity: EntityRecordSchema.omit({ score: true, dimensions: true, updated_at: true }),
    score: ScoreSchema,
    grade: GradeSchema,
    verified: z.boolean().meta({ description: 'Score at or above the trust threshold (70 by default).' }),
    recommendation: z.enum(RECOMMENDATIONS).meta({ description: '`recommended` when verified; `not_recommended` for a D or an F; else `use_with_caution`.' }),
    dimensions: DimensionsSchema,
    updated_at: z.string().meta({ description: 'When the score was published (ISO-8601, UTC, whole seconds).', example: '2026-03-24T00:00:00Z' }),
    alternatives: z.array(AlternativeSchema).max(5).meta({ description: 'Up to five entities of the same category, same registry first, then best score.' }),
    badge: BadgeLinksSchema,
    trend: TrendSchema,
    data_version: DataVersionSchema.nullable().meta({ description: 'The catalogue import the report reads from; null before any import.' }),
  })
  .strict()
  .meta({ id: 'EntityReport', description: 'One entity: its score, grade, dimensions, trend and badge links.' });

export const HistoryAnswerSchema = z
  .object({
    target: z.string(),
    entity: z.object({ registry: z.string(), name: z.string() }).strict(),
    days: z.int().min(1).max(3650),
    points: z.array(HistoryPointSchema).meta({ description: 'Oldest first; the newest is the score in force.' }),
    trend: TrendSchema,
  })
  .strict()
  .meta({ id: 'HistoryAnswer', description: 'The score history of one entity over the last `days` days.' });

export const SearchResultSchema = z
  .object({
    registry: z.string(), name: z.string(), category: z.string(), description: z.string().nullable(),
    score: ScoreSchema, grade: GradeSchema, target: TargetPathSchema,
  })
  .strict()
  .meta({ id: 'SearchResult' });

export const SearchAnswerSchema = z
  .object({
    results: z.array(SearchResultSchema).meta({ description: 'Exact names first, then best score first; then registry and name.' }),
    total: z.int().min(0).meta({ description: 'Matches in all: up to 200 of each kind (name, last segment, alias) are ranked.' }),
    more: z.boolean().meta({ description: 'Some kind of match had more than 200: `total` is a lower bound, and a longer `q` narrows it.' }),
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the page after; null on the last page.' }),
    suggestions: z.array(SearchResultSchema).meta({
      description: 'When nothing matches (first page only): entities whose name, last segment or alias is one typo away from `q` — a character missing, extra, changed, or two swapped — best score first. Empty otherwise.',
    }),
  })
  .strict()
  .meta({ id: 'SearchAnswer' });

export const EmbedAnswerSchema = z
  .object({
    target: z.string(),
    entity: z.object({ registry: z.string(), name: z.string(), category: z.string() }).strict(),
    score: ScoreSchema,
    grade: GradeSchema,
    rated_metrics: z.array(z.enum(METRICS)).meta({ description: '`trust` and the dimensions this entity has a score for (others draw `n/a`).' }),
    alt: z.string().meta({ description: "The badge's accessible name, which the snippets use as alt text.", example: 'trust: B · 74/100' }),
    badge: BadgeLinksSchema,
  })
  .strict()
  .meta({ id: 'EmbedAnswer' });

export const BatchRequestSchema = z
  .object({
    targets: z.array(z.string().meta({ description: 'A target (`npm/sharp`, `openrouter`), a package URL (`pkg:npm/%40types/node@20.1.0`) or a registry address.' }))
      .min(1)
      .meta({ description: 'Up to BATCH_MAX_TARGETS items (default 1,000), answered in this order.' }),
  })
  .strict()
  .meta({ id: 'BatchRequest' });

const BatchInputSchema = z.string().meta({ description: 'The item as given.' });

export const BATCH_STATUSES = ['found', 'unknown', 'ambiguous', 'invalid', 'unsupported'] as const;

export const BatchItemSchema = z
  .discriminatedUnion('status', [
    z.object({
      input: BatchInputSchema,
      status: z.literal('found'),
      target: TargetPathSchema,
      entity: z.object({ registry: z.string(), name: z.string(), category: z.string() }).strict(),
      score: ScoreSchema,
      grade: GradeSchema,
      verified: z.boolean().meta({ description: 'Score at or above the trust threshold (TRUST_THRESHOLD).' }),
      report: z.url().meta({ description: 'The report page.' }),
    }).strict(),
    z.object({ input: BatchInputSchema, status: z.literal('unknown'), target: z.string().meta({ description: 'What was looked up.' }) }).strict(),
    z.object({
      input: BatchInputSchema,
      status: z.literal('ambiguous'),
      candidates: z.array(SearchResultSchema).meta({ description: 'Up to 50 entities the bare name names; qualify it with its registry.' }),
      more_candidates: z.boolean(),
    }).strict(),
    z.object({ input: BatchInputSchema, status: z.literal('invalid'), reason: z.string() }).strict(),
    z.object({ input: BatchInputSchema, status: z.literal('unsupported'), reason: z.string().meta({ description: 'A package URL type the catalogue has no registry for.' }) }).strict(),
  ])
  .meta({ id: 'BatchItem', description: "One item's outcome. Only `found` carries a score." });

export const BatchSummarySchema = z
  .object({
    items: z.int().min(0),
    ...Object.fromEntries(BATCH_STATUSES.map((s) => [s, z.int().min(0)])) as Record<(typeof BATCH_STATUSES)[number], z.ZodInt>,
    grades: z.object(Object.fromEntries(GRADES.map((g) => [g, z.int().min(0)])) as Record<(typeof GRADES)[number], z.ZodInt>).strict()
      .meta({ description: 'Found items per grade.' }),
    lowest_grade: GradeSchema.nullable().meta({ description: 'The worst grade found; null when nothing was found.' }),
    below_threshold: z.int().min(0).meta({ description: 'Found items scoring below the trust threshold.' }),
    threshold: ScoreSchema.meta({ description: 'The trust threshold in force (TRUST_THRESHOLD).' }),
  })
  .strict()
  .meta({ id: 'BatchSummary' });

export const BatchAnswerSchema = z
  .object({ results: z.array(BatchItemSchema).meta({ description: 'One per item, in input order.' }), summary: BatchSummarySchema })
  .strict()
  .meta({ id: 'BatchAnswer' });

export const SetRequestSchema = z
  .object({
    purls: z.array(z.string()).min(1).max(MAX_SET_PURLS)
      .meta({ description: `1 to ${MAX_SET_PURLS} package URLs (\`pkg:npm/sharp@0.33.5\`); versions are dropped and repeats kept once, so the same packages give the same set.` }),
  })
  .strict()
  .meta({ id: 'SetRequest' });

export const SetCreatedSchema = z
  .object({
    id: z.string().regex(SET_ID).meta({ description: 'The hash of the set\'s content: the same packages, the same id.' }),
    packages: z.int().min(1).meta({ description: 'Distinct packages kept.' }),
    created: z.boolean().meta({ description: 'False when the same set was stored before (201 vs 200).' }),
    badge: z.object({ svg: z.url(), png: z.url() }).strict(),
    page: z.url().meta({ description: 'The set\'s page: every package, weakest first.' }),
    markdown: z.string().meta({ description: 'The badge linked to the page, for a README.' }),
  })
  .strict()
  .meta({ id: 'SetCreated' });

export const SetReportSchema = z
  .object({
    id: z.string().regex(SET_ID),
    packages: z.array(z.string()).meta({ description: 'The set\'s package URLs (without versions), in the order of `results`.' }),
    results: z.array(BatchItemSchema),
    summary: BatchSummarySchema,
  })
  .strict()
  .meta({ id: 'SetReport', description: 'A dependency set, each package answered as POST /v1/preflight answers it.' });

/** shields.io's endpoint badge schema (shields.io/badges/endpoint-badge): what shields reads. */
export const ShieldsBodySchema = z
  .object({
    schemaVersion: z.literal(1),
    label: z.string(),
    message: z.string().min(1),
    color: z.string().regex(/^[0-9a-f]{6}$/).meta({ description: 'Hex, without `#`; every colour reaches 4.5:1 against white text.' }),
    labelColor: z.string().regex(/^[0-9a-f]{6}$/).optional(),
    cacheSeconds: z.int().min(0).optional().meta({ description: 'How long shields may keep it; shields ignores values below its own default.' }),
    isError: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'ShieldsEndpoint', description: "shields.io's endpoint badge body (schemaVersion 1)." });

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** RFC 9457 problem details, with the stable `code` tools match on and the fields a problem adds. */
export const ProblemSchema = z
  .object({
    type: z.url().meta({ description: "This problem type's section of the API docs (`/docs/api#problem-<code>`)." }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    instance: z.string().meta({ description: 'This occurrence: `urn:trustbadge:request:<X-Request-Id>`.' }),
    code: z.enum(ERROR_CODE_LIST),
    errors: z.array(FieldProblemSchema).optional().meta({ description: 'What was wrong, parameter by parameter or field by field.' }),
    candidates: z.array(SearchResultSchema).optional().meta({ description: 'An ambiguous name: the entities it names, by registry and name, up to 50.' }),
    more_candidates: z.boolean().optional().meta({ description: 'An ambiguous name that names more than 50 entities: search (`/v1/search?q=`) pages through them all.' }),
    retry_after_seconds: z.int().min(1).optional(),
    problem: z.string().optional().meta({ description: 'An invalid target: which rule it broke (`empty`, `too-long`, `bad-character`, `bad-segment`).' }),
    line: z.int().min(1).optional().meta({ description: 'A refused import: the NDJSON line at fault.' }),
    max_ratio: z.number().optional().meta({ description: 'A refused gzip import: the largest expansion allowed.' }),
  })
  .strict()
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 problem details (`application/problem+json`).' });

export type BadgeLinks = z.infer<typeof BadgeLinksSchema>;
export type EntityReport = z.infer<typeof EntityReportSchema>;
export type HistoryAnswer = z.infer<typeof HistoryAnswerSchema>;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export type SearchResult = z.infer<typeof SearchResultSchema>;
export type SearchAnswer = z.infer<typeof SearchAnswerSchema>;
export type BatchItem = z.infer<typeof BatchItemSchema>;
export type BatchSummary = z.infer<typeof BatchSummarySchema>;
export type BatchAnswer = z.infer<typeof BatchAnswerSchema>;
export type SetCreated = z.infer<typeof SetCreatedSchema>;
export type SetReport = z.infer<typeof SetReportSchema>;
export type EmbedAnswer = z.infer<typeof EmbedAnswerSchema>;
export type ShieldsBody = z.infer<typeof ShieldsBodySchema>;
export type Problem = z.infer<typeof ProblemSchema>;
