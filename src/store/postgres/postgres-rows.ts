// Rows of the PostgreSQL store: the columns, the mapping back to Entity, and the COPY text encoding
// of an entity for the staging table. No I/O here: parser threads load it too.

import { toIsoSeconds } from '../../domain/entity-record.js';
import { DIMENSIONS, foldName, foldShortName, type Entity } from '../../domain/entity.js';
import { entityFromColumns, type EntityColumns } from '../entity-columns.js';

export type PgEntityRow = EntityColumns & {
  id: string;
  /** null when there are none (saves a column's worth of empty arrays at a million rows). */
  aliases: string[] | null;
  updated_at: Date;
};

export const PG_COLUMNS =
  'id, registry, name, category, score, security, privacy, reliability, transparency, maintenance, popularity, description, author, source_url, aliases, updated_at';

/** Staging columns in COPY order; `line` orders repeats of one entity within an import. */
export const STAGED_COLUMNS = [
  'line', 'registry', 'name', 'name_key', 'short_key', 'category', 'score', ...DIMENSIONS,
  'description', 'author', 'source_url', 'aliases', 'alias_keys', 'updated_at',
] as const;

/** The columns an upsert writes (everything staged but the line number). */
export const WRITTEN_COLUMNS = STAGED_COLUMNS.filter((c) => c !== 'line');

export function toEntity(row: PgEntityRow): Entity {
  return entityFromColumns(row, row.aliases ?? [], toIsoSeconds(row.updated_at));
}

/**
 * One line of COPY … FROM STDIN (text format) for the staging table, newline included: the store's
 * bulk form (store.ts: EncodeBulkRow), which an import's parser threads load from this module.
 */
export function encodeBulkRow(entity: Entity, line: number): string {
  const d = entity.dimensions;
  const hasAliases = entity.aliases.length > 0;
  const fields = [
    String(line),
    copyText(entity.registry),
    copyText(entity.name),
    copyText(foldName(entity.name)),
    copyText(foldShortName(entity.name)),
    copyText(entity.category),
    String(entity.score),
    ...DIMENSIONS.map((dimension) => (d[dimension] === undefined ? NULL : String(d[dimension]))),
    entity.description === null ? NULL : copyText(entity.description),
    entity.author === null ? NULL : copyText(entity.author),
    entity.sourceUrl === null ? NULL : copyText(entity.sourceUrl),
    hasAliases ? copyText(arrayLiteral(entity.aliases)) : NULL,
    hasAliases ? copyText(arrayLiteral(entity.aliases.map(foldName))) : NULL,
    entity.updatedAt,
  ];
  return `${fields.join('\t')}\n`;
}

const NULL = '\\N';
const COPY_SPECIAL = /[\\\t\n\r]/;

/** COPY text format: backslash, tab, newline and carriage return are backslash-escaped. */
function copyText(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal with every element quoted, so commas, braces and NULL-looking names stay text. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
