// Parses a target (`registry/name` or a bare `name`) taken from a URL into checked segments.
// It decides nothing about which entity is meant: that needs the store's list of registries.

export const MAX_TARGET_CHARS = 256;

export interface Target {
  /** NFC-normalised text as the user wrote it, e.g. `github/haotian-liu/LLaVA`. */
  text: string;
  segments: string[];
}

export type TargetProblem = 'empty' | 'too-long' | 'bad-character' | 'bad-segment';

export type TargetParse = { ok: true; target: Target } | { ok: false; problem: TargetProblem };

// Control characters (C0, DEL, C1), bidi overrides and zero-width marks can make one name look
// like another in a report; line and paragraph separators break logs.
const FORBIDDEN = /[\p{Cc}\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

export function parseTarget(raw: string): TargetParse {
  if (raw.length === 0) return { ok: false, problem: 'empty' };
  // Checked before normalising so an absurd input costs nothing more.
  if (raw.length > MAX_TARGET_CHARS * 4) return { ok: false, problem: 'too-long' };
  if (!raw.isWellFormed() || FORBIDDEN.test(raw)) return { ok: false, problem: 'bad-character' };
  const text = raw.normalize('NFC');
  if ([...text].length > MAX_TARGET_CHARS) return { ok: false, problem: 'too-long' };
  if (text.trim() !== text) return { ok: false, problem: 'bad-character' };
  const segments = text.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.trim() !== segment) {
      return { ok: false, problem: 'bad-segment' };
    }
  }
  return { ok: true, target: { text, segments } };
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
