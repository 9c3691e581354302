// Validates one record of the import format (an NDJSON line, or an admin PUT body) into an Entity.
// Pure: the clock comes in as an argument; every problem is reported, field by field.

import { DIMENSIONS, isDimension, type Dimensions, type Entity } from './entity.js';
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

const KEYS = new Set([
  'registry', 'name', 'category', 'score', 'dimensions', 'description',
  'author', 'source_url', 'aliases', 'updated_at',
]);
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** One entity in the import format (an NDJSON line, a PUT body and its echo): snake_case, as published. */
export interface EntityRecord {
  registry: string;
  name: string;
  category: string;
  score: number;
  dimensions: Dimensions;
  description: string | null;
  author: string | null;
  source_url: string | null;
  aliases: string[];
  updated_at: string;
}

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

/** `now` fills `updated_at` when a record leaves it out. */
export function checkEntityRecord(input: unknown, now: Date): RecordCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(record)', message: 'must be a JSON object' }] };
  }
  const record = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => void errors.push({ field, message });

  for (const key of Object.keys(record)) if (!KEYS.has(key)) fail(key, 'is not a known field');

  const registry = checkText(record.registry, 'registry', LIMITS.registryChars, true, 'identity', fail);
  if (registry !== null && !REGISTRY_PATTERN.test(registry)) {
    fail('registry', 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const name = checkName(record.name, 'name', fail);
  const category = checkText(record.category, 'category', LIMITS.categoryChars, true, 'identity', fail);
  if (category !== null && !REGISTRY_PATTERN.test(category)) {
    fail('category', 'must be lowercase letters, digits, ".", "_" or "-"');
  }
  const score = checkScore(record.score, 'score', true, fail);
  const dimensions = checkDimensions(record.dimensions, fail);
  const description = checkText(record.description, 'description', LIMITS.descriptionChars, false, 'prose', fail);
  const author = checkText(record.author, 'author', LIMITS.authorChars, false, 'identity', fail);
  const sourceUrl = checkText(record.source_url, 'source_url', LIMITS.sourceUrlChars, false, 'identity', fail);
  if (sourceUrl !== null && !isHttpUrl(sourceUrl)) fail('source_url', 'must be an http(s) URL');
  const aliases = checkAliases(record.aliases, fail);
  const updatedAt = checkDate(record.updated_at, now, fail);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    entity: {
      registry: registry!,
      name: name!,
      category: category!,
      score: score!,
      dimensions,
      description,
      author,
      sourceUrl,
      aliases,
      updatedAt: updatedAt!,
    },
  };
}

export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}

type Fail = (field: string, message: string) => void;

function checkText(value: unknown, field: string, maxChars: number, required: boolean, kind: TextKind, fail: Fail): string | null {
  if (value === undefined || value === null) {
    if (required) fail(field, 'is required');
    return null;
  }
  if (typeof value !== 'string') {
    fail(field, 'must be a string');
    return null;
  }
  // Most catalogue text is printable ASCII: already NFC, one code unit per character, nothing
  // forbidden. Checking that first saves a third of a large import's validation time.
  if (PRINTABLE_ASCII.test(value)) {
    if (required && value.trim() === '') fail(field, 'must not be empty');
    else if (value.length > maxChars) fail(field, `must be at most ${maxChars} characters`);
    else return value;
    return null;
  }
  const text = value.normalize('NFC');
  const characterProblem = describeTextProblem(text, kind);
  if (required && text.trim() === '') fail(field, 'must not be empty');
  else if ([...text].length > maxChars) fail(field, `must be at most ${maxChars} characters`);
  else if (characterProblem !== null) fail(field, characterProblem);
  else return text;
  return null;
}

/** A name or an alias: identity text shaped as text-rules.ts says names are. */
function checkName(value: unknown, field: string, fail: Fail): string | null {
  const name = checkText(value, field, LIMITS.nameChars, true, 'identity', fail);
  if (name === null) return null;
  if (findNameProblem(name) !== null) {
    fail(field, NAME_RULE);
    return null;
  }
  return name;
}

function checkScore(value: unknown, field: string, required: boolean, fail: Fail): number | null {
  if (value === undefined || value === null) {
    if (required) fail(field, 'is required');
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    fail(field, 'must be a number from 0 to 100');
    return null;
  }
  // Scores are published with one decimal; more means the pipeline and this service disagree, and
  // rounding would decide for them (79.99999999 would become 80.0, a B an A). A number is kept only
  // when it is exactly the double nearest some n / 10, i.e. its own one-decimal rendering (what
  // Number(value.toFixed(1)) === value says, at a fifth of the cost). Precision the JSON text has
  // beyond a double's is lost before this sees it.
  if (Math.round(value * 10) / 10 !== value) {
    fail(field, `must have at most one decimal (${value} is not)`);
    return null;
  }
  return value;
}

function checkDimensions(value: unknown, fail: Fail): Dimensions {
  const dimensions: Dimensions = {};
  if (value === undefined || value === null) return dimensions;
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail('dimensions', 'must be an object');
    return dimensions;
  }
  for (const [key, score] of Object.entries(value)) {
    if (!isDimension(key)) {
      fail(`dimensions.${key}`, `is not a dimension (${DIMENSIONS.join(', ')})`);
      continue;
    }
    const checked = checkScore(score, `dimensions.${key}`, false, fail);
    if (checked !== null) dimensions[key] = checked;
  }
  return dimensions;
}

function checkAliases(value: unknown, fail: Fail): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    fail('aliases', 'must be an array of strings');
    return [];
  }
  if (value.length > LIMITS.aliases) {
    fail('aliases', `must hold at most ${LIMITS.aliases} names`);
    return [];
  }
  const aliases: string[] = [];
  value.forEach((alias, i) => {
    const text = checkName(alias, `aliases[${i}]`, fail);
    if (text !== null) aliases.push(text);
  });
  return aliases;
}

function checkDate(value: unknown, now: Date, fail: Fail): string | null {
  if (value === undefined || value === null) return toIsoSeconds(now);
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    fail('updated_at', 'must be an ISO-8601 date, e.g. 2026-03-24T00:00:00Z');
    return null;
  }
  const time = Date.parse(value);
  if (!isRealDateTime(value) || Number.isNaN(time)) {
    fail('updated_at', 'must be a real date and time: month 01-12, a day the month has, hour 00-23, minute and second 00-59, offset at most ±23:59');
    return null;
  }
  const date = new Date(time);
  if (date.getTime() > now.getTime() + 24 * 3600 * 1000) {
    fail('updated_at', 'must not be in the future');
    return null;
  }
  return toIsoSeconds(date);
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
