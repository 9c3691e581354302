// Rows of the embedded store's `entities` table and their mapping to and from Entity.
// No SQL runs here.

import { DIMENSIONS, foldShortName, type Entity } from '../../domain/entity.js';
import { entityFromColumns, type EntityColumns } from '../entity-columns.js';

export type EntityRow = EntityColumns & {
  id: number;
  /** JSON array of the aliases as spelled. */
  aliases: string;
  updated_at: string;
};

/** What reads select, in this order: rowFromValues reads a raw row by it. */
export const COLUMN_NAMES = [
  'id', 'registry', 'name', 'category', 'score', 'security', 'privacy', 'reliability', 'transparency', 'maintenance',
  'popularity', 'description', 'author', 'source_url', 'aliases', 'updated_at',
] as const;
export const COLUMNS = COLUMN_NAMES.join(', ');

/**
 * A row read in raw mode (an array in COLUMN_NAMES order) as an EntityRow. Object rows cost a
 * fifth of a lookup: better-sqlite3 builds them key by key, looking each column name up in V8's
 * string table per row (~14 µs per lookup on a million rows, ~11 raw). Tested against object rows.
 */
export function rowFromValues(values: unknown[]): EntityRow {
  const v = values as unknown as EntityRowValues;
  return {
    id: v[0], registry: v[1], name: v[2], category: v[3], score: v[4], security: v[5], privacy: v[6], reliability: v[7],
    transparency: v[8], maintenance: v[9], popularity: v[10], description: v[11], author: v[12], source_url: v[13],
    aliases: v[14], updated_at: v[15],
  };
}

/** An entity from a raw row: what every read of entities maps its rows with. */
export function entityFromValues(values: unknown[]): Entity {
  return toEntity(rowFromValues(values));
}

type EntityRowValues = { [I in keyof typeof COLUMN_NAMES & `${number}`]: EntityRow[(typeof COLUMN_NAMES)[I]] };

/** Columns written, in the order of rowValues(). */
export const WRITTEN = ['registry', 'name', 'name_key', 'short_key', 'category', 'score', ...DIMENSIONS, 'description', 'author', 'source_url', 'aliases', 'updated_at'] as const;

// Positional parameters: binding an array is measurably cheaper than named ones at a million rows.
export const INSERT_SQL = `INSERT INTO entities (${WRITTEN.join(', ')}) VALUES (${WRITTEN.map(() => '?').join(', ')})`;

/**
 * Positions in rowValues() of the columns whose values differ from `row`. short_key follows name;
 * registry and name_key identify the row and never change.
 */
export function changedColumns(row: EntityRow, values: readonly unknown[]): number[] {
  const changed: number[] = [];
  WRITTEN.forEach((column, i) => {
    if (column === 'registry' || column === 'name_key' || column === 'short_key') return;
    if (row[column] !== values[i]) changed.push(i);
    if (column === 'name' && row.name !== values[i]) changed.push(WRITTEN.indexOf('short_key'));
  });
  return changed;
}

export function toEntity(row: EntityRow): Entity {
  return entityFromColumns(row, row.aliases === '[]' ? [] : (JSON.parse(row.aliases) as string[]), row.updated_at);
}

/** The values of INSERT_SQL. */
export function rowValues(entity: Entity, nameKey: string): unknown[] {
  const d = entity.dimensions;
  return [
    entity.registry, entity.name, nameKey, foldShortName(entity.name), entity.category, entity.score,
    ...DIMENSIONS.map((dimension) => d[dimension] ?? null),
    entity.description, entity.author, entity.sourceUrl, JSON.stringify(entity.aliases), entity.updatedAt,
  ];
}

