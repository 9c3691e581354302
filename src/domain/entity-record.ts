// One entity record of the import format (an NDJSON line, an admin PUT body and its echo), declared
// once as a zod schema: the import and PUT validate with it, its type is EntityRecord, and the
// OpenAPI document describes the PUT body and the echoes with it. Pure: the clock comes in as an
// argument; every problem is reported, field by field, in the words the import has always used.

import { z } from 'zod';
import { DIMENSIONS, type Dimensions, type Entity } from './entity.js';
import { NAME_RULE, describeTextProblem, findNameProblem, type TextKind } from './text-rules.js';

export const REGISTRY_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const LIMITS = Object.freeze({
  registryChars: 64,
  nameChars: 200,
  categoryChars: 64,
  descriptionChars: 2000,
  authorChars: 200,
  sourceUrlChars: 2048,
  aliases: 32,
});

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** zod's own messages name types in its words; the import speaks the published format's. */
const typed = (message: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? 'is required' : message) });

/**
 * Text as the record rules read it: the NFC form is what is measured and kept; `required` text
 * must not be blank; identity text must not hide characters (text-rules.ts); `extra` is a field's
 * own rule on top (a pattern, a name's shape), asked only of text that passed the rest.
 */
function text(maxChars: number, kind: TextKind, options: { required: boolean; extra?: (value: string) => string | null }) {
  return z
    .string(typed('must be a string'))
    .check((ctx) => {
      const problem = textProblem(ctx.value, maxChars, kind, options.required) ?? options.extra?.(ctx.value) ?? null;
      if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .meta({ maxLength: maxChars });
}

const matching = (regex: RegExp, message: string) => (value: string): string | null => (regex.test(value) ? null : message);

/** Printable ASCII is its own NFC form: most catalogue text skips the normaliser. */
const nfcOf = (value: string): string => (PRINTABLE_ASCII.test(value) ? value : value.normalize('NFC'));

function textProblem(value: string, maxChars: number, kind: TextKind, required: boolean): string | null {
  // Most catalogue text is printable ASCII: already NFC, one code unit per character, nothing
  // forbidden. Checking that first saves a third of a large import's validation time.
  if (PRINTABLE_ASCII.test(value)) {
    if (required && value.trim() === '') return 'must not be empty';
    return value.length > maxChars ? `must be at most ${maxChars} characters` : null;
  }
  const nfc = value.normalize('NFC');
  if (required && nfc.trim() === '') return 'must not be empty';
  if ([...nfc].length > maxChars) return `must be at most ${maxChars} characters`;
  return describeTextProblem(nfc, kind);
}

/** A name or an alias: identity text shaped as text-rules.ts says names are. */
const NameSchema = text(LIMITS.nameChars, 'identity', {
  required: true,
  extra: (value) => (findNameProblem(value.normalize('NFC')) === null ? null : NAME_RULE),
});

/**
 * Scores are published with one decimal; more means the pipeline and this service disagree, and
 * rounding would decide for them (79.99999999 would become 80.0, a B an A). A number is kept only
 * when it is exactly the double nearest some n / 10, i.e. its own one-decimal rendering (what
 * Number(value.toFixed(1)) === value says, at a fifth of the cost). Precision the JSON text has
 * beyond a double's is lost before this sees it.
 */
const ScoreSchema = z
  .number(typed('must be a number from 0 to 100'))
  .check((ctx) => {
    const value = ctx.value;
    if (!Number.isFinite(value) || value < 0 || value > 100) ctx.issues.push({ code: 'custom', message: 'must be a number from 0 to 100', input: value });
    else if (Math.round(value * 10) / 10 !== value) ctx.issues.push({ code: 'custom', message: `must have at most one decimal (${value} is not)`, input: value });
  })
  .meta({ minimum: 0, maximum: 100, description: 'Score 0–100 with at most one decimal.', example: 74 });

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const DimensionsSchema = z
  .object(Object.fromEntries(DIMENSIONS.map((d) => [d, optional(ScoreSchema)])) as Record<(typeof DIMENSIONS)[number], ReturnType<typeof optional<typeof ScoreSchema>>>, {
    error: 'must be an object',
  })
  .strict();

const DateSchema = z.string(typed('must be an ISO-8601 date, e.g. 2026-03-24T00:00:00Z')).check((ctx) => {
  if (!ISO_DATE.test(ctx.value)) {
    ctx.issues.push({ code: 'custom', message: 'must be an ISO-8601 date, e.g. 2026-03-24T00:00:00Z', input: ctx.value });
  } else if (!isRealDateTime(ctx.value) || Number.isNaN(Date.parse(ctx.value))) {
    ctx.issues.push({
      code: 'custom',
      message: 'must be a real date and time: month 01-12, a day the month has, hour 00-23, minute and second 00-59, offset at most ±23:59',
      input: ctx.value,
    });
  }
});

const SourceUrlSchema = text(LIMITS.sourceUrlChars, 'identity', { required: false, extra: (value) => (isHttpUrl(value) ? null : 'must be an http(s) URL') });

/** The import format's record, as written: snake_case, optional fields null or absent. */
export const EntityRecordInputSchema = z
  .object(
    {
      registry: text(LIMITS.registryChars, 'identity', {
        required: true,
        extra: matching(REGISTRY_PATTERN, 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit'),
      }).meta({ example: 'web' }),
      name: NameSchema.meta({ example: 'OpenRouter' }),
      category: text(LIMITS.categoryChars, 'identity', { required: true, extra: matching(REGISTRY_PATTERN, 'must be lowercase letters, digits, ".", "_" or "-"') }).meta({
        example: 'ai_tool',
      }),
      score: ScoreSchema,
      dimensions: optional(DimensionsSchema),
      description: optional(text(LIMITS.descriptionChars, 'prose', { required: false })),
      author: optional(text(LIMITS.authorChars, 'identity', { required: false })),
      source_url: optional(SourceUrlSchema),
      aliases: optional(z.array(NameSchema, { error: 'must be an array of strings' }).max(LIMITS.aliases, `must hold at most ${LIMITS.aliases} names`)),
      updated_at: optional(DateSchema).meta({ description: 'When the score was published; the import time when absent.', example: '2026-03-24T00:00:00Z' }),
    },
    { error: 'must be a JSON object' },
  )
  .strict()
  .meta({ id: 'EntityRecordInput', description: 'One entity in the import format (an NDJSON line or a PUT body).' });

/** One entity in the import format as the service echoes it: every field present. */
export const EntityRecordSchema = z
  .object({
    registry: z.string().meta({ example: 'web' }),
    name: z.string().meta({ example: 'OpenRouter' }),
    category: z.string().meta({ example: 'ai_tool' }),
    score: z.number().min(0).max(100).meta({ example: 74 }),
    dimensions: DimensionsSchema.meta({ id: 'RecordDimensions' }),
    description: z.string().nullable(),
    author: z.string().nullable(),
    source_url: z.string().nullable(),
    aliases: z.array(z.string()),
    updated_at: z.string().meta({ example: '2026-03-24T00:00:00Z' }),
  })
  .strict()
  .meta({ id: 'EntityRecord', description: 'One entity in the import format, every field present.' });

export type EntityRecord = z.infer<typeof EntityRecordSchema>;

/** The entity as the import format spells it. */
export function toEntityRecord(entity: Entity): EntityRecord {
  return {
    registry: entity.registry,
    name: entity.name,
    category: entity.category,
    score: entity.score,
    dimensions: entity.dimensions,
    description: entity.description,
    author: entity.author,
    source_url: entity.sourceUrl,
    aliases: entity.aliases,
    updated_at: entity.updatedAt,
  };
}

export interface FieldError {
  field: string;
  message: string;
}

export type RecordCheck = { ok: true; entity: Entity } | { ok: false; errors: FieldError[] };

/** `now` fills `updated_at` when a record leaves it out; a date more than a day ahead of it is refused. */
export function checkEntityRecord(input: unknown, now: Date): RecordCheck {
  const parsed = EntityRecordInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: capped(parsed.error.issues.flatMap(toFieldErrors)) };
  const record = parsed.data;
  const updatedAt = record.updated_at == null ? now : new Date(Date.parse(record.updated_at));
  if (updatedAt.getTime() > now.getTime() + 24 * 3600 * 1000) return { ok: false, errors: [{ field: 'updated_at', message: 'must not be in the future' }] };
  const nfc = (value: string | null | undefined): string | null => (value == null ? null : nfcOf(value));
  const dimensions: Dimensions = {};
  for (const [key, score] of Object.entries(record.dimensions ?? {})) if (score != null) dimensions[key as keyof Dimensions] = score;
  return {
    ok: true,
    entity: {
      registry: nfcOf(record.registry),
      name: nfcOf(record.name),
      category: nfcOf(record.category),
      score: record.score,
      dimensions,
      description: nfc(record.description),
      author: nfc(record.author),
      sourceUrl: nfc(record.source_url),
      aliases: (record.aliases ?? []).map(nfcOf),
      updatedAt: toIsoSeconds(updatedAt),
    },
  };
}

/**
 * A record can break the format in as many places as it has keys (an import line of a megabyte
 * held 100,000 unknown ones, and its error named each): the first MAX_FIELD_ERRORS are told, and
 * how many more there are.
 */
export const MAX_FIELD_ERRORS = 20;

function capped(errors: FieldError[]): FieldError[] {
  if (errors.length <= MAX_FIELD_ERRORS) return errors;
  return [...errors.slice(0, MAX_FIELD_ERRORS), { field: '(record)', message: `has ${errors.length - MAX_FIELD_ERRORS} more problems` }];
}

/** A zod issue in the import's words: `dimensions.security`, `aliases[2]`, one error per unknown key. */
function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  const base = issue.path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
  if (issue.code === 'unrecognized_keys') {
    const inDimensions = base === 'dimensions';
    return issue.keys.map((key) => ({
      field: base === '' ? key : `${base}.${key}`,
      message: inDimensions ? `is not a dimension (${DIMENSIONS.join(', ')})` : 'is not a known field',
    }));
  }
  return [{ field: base === '' ? '(record)' : base, message: issue.message }];
}

export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}

/**
 * Date.parse rolls impossible dates over (2026-02-30 becomes March 2nd, 24:00 the next day); this
 * does not. `text` matches ISO_DATE, so every field sits at a fixed place: the date at 0-9, the
 * time at 11-18, an offset in the last six characters.
 */
function isRealDateTime(text: string): boolean {
  const month = readTwoDigits(text, 5);
  const day = readTwoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(text.slice(0, 4)), month)) return false;
  if (text.length === 10) return true;
  if (readTwoDigits(text, 11) > 23 || readTwoDigits(text, 14) > 59) return false;
  if (text.charCodeAt(16) === 0x3a && readTwoDigits(text, 17) > 59) return false;
  if (text.endsWith('Z')) return true;
  return readTwoDigits(text, text.length - 5) <= 23 && readTwoDigits(text, text.length - 2) <= 59;
}

function readTwoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 0x30) * 10 + (text.charCodeAt(at + 1) - 0x30);
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** HTTP dates carry whole seconds; storing the same precision keeps 304s exact. */
export function toIsoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
