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

export const COLUMNS =
  'id, registry, name, category, score, security, privacy, reliability, transparency, maintenance, popularity, description, author, source_url, aliases, updated_at';

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

