// Validates one record of the import format (an NDJSON line, or an admin PUT body) into an Entity.
// Pure: the clock comes in as an argument; every problem is reported, field by field.

import { DIMENSIONS, isDimension, type Dimensions, type Entity } from './entity.js';

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
const FORBIDDEN_IN_TEXT = /[\p{Cc}\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

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

  const registry = checkText(record.registry, 'registry', LIMITS.registryChars, true, fail);
  if (registry !== null && !REGISTRY_PATTERN.test(registry)) {
    fail('registry', 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const name = checkText(record.name, 'name', LIMITS.nameChars, true, fail);
  if (name !== null && !isCleanName(name)) {
    fail('name', 'must not start or end with "/" or white space, nor contain an empty, "." or ".." segment');
  }
  const category = checkText(record.category, 'category', LIMITS.categoryChars, true, fail);
  if (category !== null && !REGISTRY_PATTERN.test(category)) {
    fail('category', 'must be lowercase letters, digits, ".", "_" or "-"');
  }
  const score = checkScore(record.score, 'score', true, fail);
  const dimensions = checkDimensions(record.dimensions, fail);
  const description = checkText(record.description, 'description', LIMITS.descriptionChars, false, fail);
  const author = checkText(record.author, 'author', LIMITS.authorChars, false, fail);
  const sourceUrl = checkText(record.source_url, 'source_url', LIMITS.sourceUrlChars, false, fail);
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

function checkText(value: unknown, field: string, maxChars: number, required: boolean, fail: Fail): string | null {
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
  if (required && text.trim() === '') fail(field, 'must not be empty');
  else if ([...text].length > maxChars) fail(field, `must be at most ${maxChars} characters`);
  else if (!text.isWellFormed() || FORBIDDEN_IN_TEXT.test(text)) fail(field, 'must not contain control or invisible formatting characters');
  else return text;
  return null;
}

function isCleanName(name: string): boolean {
  if (name.trim() !== name) return false;
  return name.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && s.trim() === s);
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
  // Scores are published with one decimal; more means the pipeline and this service disagree.
  if (Math.abs(Math.round(value * 10) - value * 10) > 1e-6) {
    fail(field, 'must have at most one decimal');
    return null;
  }
  return Math.round(value * 10) / 10;
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
    const text = checkText(alias, `aliases[${i}]`, LIMITS.nameChars, true, fail);
    if (text !== null && !isCleanName(text)) fail(`aliases[${i}]`, 'must be a clean name');
    else if (text !== null) aliases.push(text);
  });
  return aliases;
}

function checkDate(value: unknown, now: Date, fail: Fail): string | null {
  if (value === undefined || value === null) return toIsoSeconds(now);
  if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
    fail('updated_at', 'must be an ISO-8601 date, e.g. 2026-03-24T00:00:00Z');
    return null;
  }
  const date = new Date(value);
  if (date.getTime() > now.getTime() + 24 * 3600 * 1000) {
    fail('updated_at', 'must not be in the future');
    return null;
  }
  return toIsoSeconds(date);
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
