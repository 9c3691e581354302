// The text and name rules every input goes through (targets, records, labels, search queries):
// which characters may appear, and how a `/`-separated name is shaped. It judges; it never strips or rewrites.

export const TEXT_KINDS = ['identity', 'prose'] as const;
/**
 * `identity`: anything that names, matches or labels (targets, registry, name, aliases, category,
 * author, source_url, badge labels, search queries). `prose`: text only ever read (description).
 */
export type TextKind = (typeof TEXT_KINDS)[number];

/**
 * Characters that draw nothing, or change how their neighbours draw, so two different names read
 * the same ("Open\u2060Router" as "OpenRouter"): Default_Ignorable_Code_Point (joiners, soft
 * hyphen, Hangul fillers, tags, variation selectors), format characters (Cf: U+061C, invisible
 * operators, bidi marks), bidi controls and variation selectors by name as well (so the class does
 * not depend on how Unicode files them elsewhere), C0/C1 controls, and the line and paragraph
 * separators that break log lines.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\p{Variation_Selector}]/u;

/**
 * Prose is never matched against a name, and real prose needs what the identity class refuses:
 * zero-width (non-)joiners in Persian and Indic scripts and in emoji sequences, variation
 * selectors for emoji, soft hyphens. What stays out can still deceive or break things: bidi
 * controls reorder what a reader sees (Trojan Source), controls and separators break logs and layout.
 */
const CONTROL_OR_BIDI = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/u;

const RULES: Record<TextKind, { pattern: RegExp; message: string }> = {
  identity: { pattern: INVISIBLE_OR_CONTROL, message: 'must not contain invisible or control characters' },
  prose: { pattern: CONTROL_OR_BIDI, message: 'must not contain control, bidi control or line separator characters' },
};

/**
 * What is wrong with `text`'s characters, to follow a field's name (`name must not contain invisible
 * or control characters (U+2060)`), or null when nothing is.
 */
export function describeTextProblem(text: string, kind: TextKind = 'identity'): string | null {
  if (!text.isWellFormed()) return 'must be well-formed Unicode (it holds a lone surrogate)';
  const rule = RULES[kind];
  const found = rule.pattern.exec(text);
  return found === null ? null : `${rule.message} (${formatCodePoint(found[0].codePointAt(0)!)})`;
}

function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `padded`: the whole text starts or ends with white space; `bad-segment`: one of its `/`-separated parts is wrong. */
export type NameProblem = 'padded' | 'bad-segment';

export const NAME_RULE = 'must not start or end with "/" or white space, nor contain an empty, "." or ".." segment, nor white space around a "/"';

/** A name as registries spell them (`haotian-liu/LLaVA`), or a target: the same shape for both. */
export function findNameProblem(name: string): NameProblem | null {
  if (name.trim() !== name) return 'padded';
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.' || segment === '..' || segment.trim() !== segment) return 'bad-segment';
  }
  return null;
}
