// Parses a target (`registry/name` or a bare `name`) taken from a URL into checked segments.
// It decides nothing about which entity is meant: that needs the store's list of registries.

import { NAME_RULE, describeTextProblem, findNameProblem } from './text-rules.js';

export const MAX_TARGET_CHARS = 256;

export interface Target {
  /** NFC-normalised text as the user wrote it, e.g. `github/haotian-liu/LLaVA`. */
  text: string;
  segments: string[];
}

export type TargetProblem = 'empty' | 'too-long' | 'bad-character' | 'bad-segment';

export type TargetParse = { ok: true; target: Target } | { ok: false; problem: TargetProblem; message: string };

const TOO_LONG = `target must be at most ${MAX_TARGET_CHARS} characters`;

export function parseTarget(raw: string): TargetParse {
  if (raw.length === 0) return refuse('empty', 'target must not be empty');
  // Checked before normalising so an absurd input costs nothing more.
  if (raw.length > MAX_TARGET_CHARS * 4) return refuse('too-long', TOO_LONG);
  const characterProblem = describeTextProblem(raw);
  if (characterProblem !== null) return refuse('bad-character', `target ${characterProblem}`);
  const text = raw.normalize('NFC');
  if ([...text].length > MAX_TARGET_CHARS) return refuse('too-long', TOO_LONG);
  const nameProblem = findNameProblem(text);
  if (nameProblem === 'padded') return refuse('bad-character', 'target must not start or end with white space');
  if (nameProblem === 'bad-segment') return refuse('bad-segment', `target ${NAME_RULE}`);
  return { ok: true, target: { text, segments: text.split('/') } };
}

function refuse(problem: TargetProblem, message: string): TargetParse {
  return { ok: false, problem, message };
}

/**
 * Splits a target into registry and name when its first segment names a registry the store
 * knows (`registries` holds folded names); otherwise the whole text is a bare name.
 */
export function splitTarget(
  target: Target,
  registries: ReadonlySet<string>,
): { registry: string; name: string } | { registry: null; name: string } {
  const [first, ...rest] = target.segments;
  if (first !== undefined && rest.length > 0 && registries.has(first.toLowerCase())) {
    return { registry: first.toLowerCase(), name: rest.join('/') };
  }
  return { registry: null, name: target.text };
}

/**
 * A search qualified by its registry, as splitTarget reads a target: `npm/sha` is the npm names
 * starting with `sha`, `github/haotian-liu/` every repository of that owner. Null when the first
 * segment names no registry the store knows, or nothing follows it: then the text is a plain prefix.
 */
export function splitSearch(text: string, registries: ReadonlySet<string>): { registry: string; prefix: string } | null {
  const slash = text.indexOf('/');
  const registry = text.slice(0, slash).toLowerCase();
  const prefix = text.slice(slash + 1);
  return slash > 0 && prefix !== '' && registries.has(registry) ? { registry, prefix } : null;
}
