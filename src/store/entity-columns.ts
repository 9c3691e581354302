// The columns both engines store an entity in, and the one mapping from them back to an Entity.
// Engines differ only in how aliases and dates come back; they hand those in already decoded.

import { DIMENSIONS, type Dimension, type Dimensions, type Entity } from '../domain/entity.js';

export type EntityColumns = {
  registry: string;
  name: string;
  category: string;
  score: number;
  description: string | null;
  author: string | null;
  source_url: string | null;
} & Record<Dimension, number | null>;

export function entityFromColumns(row: EntityColumns, aliases: string[], updatedAt: string): Entity {
  const dimensions: Dimensions = {};
  for (const d of DIMENSIONS) {
    const value = row[d];
    if (value !== null) dimensions[d] = value;
  }
  return {
    registry: row.registry,
    name: row.name,
    category: row.category,
    score: row.score,
    dimensions,
    description: row.description,
    author: row.author,
    sourceUrl: row.source_url,
    aliases,
    updatedAt,
  };
}
