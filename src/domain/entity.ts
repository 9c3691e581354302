// The entity as the service sees it: what the score pipeline published, nothing derived.
// Pure types and lists; no I/O.

export const DIMENSIONS = [
  'security',
  'privacy',
  'reliability',
  'transparency',
  'maintenance',
  'popularity',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type Dimensions = Partial<Record<Dimension, number>>;

export interface Entity {
  registry: string;
  name: string;
  category: string;
  score: number;
  dimensions: Dimensions;
  description: string | null;
  author: string | null;
  sourceUrl: string | null;
  aliases: string[];
  /** ISO-8601 UTC, second precision. */
  updatedAt: string;
}

/** Names compare case-insensitively: this is the one folding every engine and index uses. */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export function isDimension(value: string): value is Dimension {
  return (DIMENSIONS as readonly string[]).includes(value);
}

/** The folded last segment of a name (`LLaVA` of `haotian-liu/LLaVA`): what people type to search. */
export function foldShortName(name: string): string {
  const folded = foldName(name);
  return folded.slice(folded.lastIndexOf('/') + 1);
}
