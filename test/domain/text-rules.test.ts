// The one invisible-character rule, seen through every input that applies it: a target, a
// record's name and alias, a badge label, a search query; and the narrower rule for prose.

import { describe, expect, it } from 'vitest';
import { parseBadgeOptions, type GlyphCoverage } from '../../src/domain/badge-options.js';
import { checkEntityRecord } from '../../src/domain/entity-record.js';
import { parseTarget } from '../../src/domain/target.js';
import { describeTextProblem, findNameProblem } from '../../src/domain/text-rules.js';
import { AppError } from '../../src/domain/errors.js';
import { readSearchQuery } from '../../src/http/routes/search-routes.js';

const NOW = new Date('2026-11-24T12:00:00Z');
/** A font that draws everything, so only the character rule can refuse a label. */
const EVERY_GLYPH: GlyphCoverage = { ranges: [[0, 0x10ffff]] };

const INVISIBLE = [
  ['U+2060 word joiner', '\u2060'],
  ['U+061C Arabic letter mark', '\u061c'],
  ['U+00AD soft hyphen', '\u00ad'],
  ['U+180E Mongolian vowel separator', '\u180e'],
  ['U+E0041 tag latin capital A', '\u{e0041}'],
  ['U+2062 invisible times', '\u2062'],
  ['U+034F combining grapheme joiner', '\u034f'],
  ['U+FE0F variation selector 16', '\ufe0f'],
  ['U+200B zero width space', '\u200b'],
  ['U+202E right-to-left override', '\u202e'],
  ['U+FEFF zero width no-break space', '\ufeff'],
] as const;

const VISIBLE = ['OpenRouter', 'zürich-tools', 'Straße', '日本語ライブラリ', '한국어', 'emoji 😀 ok', 'ÅngströmΩ', 'Ελληνικά', 'עברית'];

/** Each input's verdict on `text` placed inside an otherwise good value: null when accepted, else what it says. */
const verdicts = (text: string) => ({
  target: ((parsed) => (parsed.ok ? null : parsed.message))(parseTarget(`web/Open${text}Router`)),
  name: recordError({ name: `Open${text}Router` }, 'name'),
  alias: recordError({ aliases: [`open${text}router.ai`] }, 'aliases[0]'),
  label: ((parsed) => (parsed.ok ? null : parsed.problem.message))(parseBadgeOptions({ label: `tr${text}ust` }, 'svg', EVERY_GLYPH)),
  query: searchError(`open${text}r`),
});

function recordError(fields: Record<string, unknown>, field: string): string | null {
  const checked = checkEntityRecord({ registry: 'web', name: 'OpenRouter', category: 'ai_tool', score: 74, ...fields }, NOW);
  if (checked.ok) return null;
  return checked.errors.filter((e) => e.field === field).map((e) => `${e.field} ${e.message}`).join('; ') || 'another field';
}

function searchError(q: string): string | null {
  try {
    readSearchQuery(q, undefined);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.detail ?? error.code;
  }
}

describe('invisible and control characters', () => {
  it.each(INVISIBLE)('%s is refused in a target, a name, an alias, a label and a search query, each saying which', (_what, char) => {
    const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    const said = verdicts(char);
    expect(said).toEqual({
      target: `target must not contain invisible or control characters (${codePoint})`,
      name: `name must not contain invisible or control characters (${codePoint})`,
      alias: `aliases[0] must not contain invisible or control characters (${codePoint})`,
      label: `label must not contain invisible or control characters (${codePoint})`,
      query: `q must not contain invisible or control characters (${codePoint}).`,
    });
  });

  it.each(VISIBLE)('accepts %j everywhere', (text) => {
    expect(verdicts(text)).toEqual({ target: null, name: null, alias: null, label: null, query: null });
  });

  it.each([
    ['a C0 control', '\u0007'], ['DEL', '\u007f'], ['a C1 control', '\u0085'], ['a line separator', '\u2028'],
    ['a paragraph separator', '\u2029'], ['a zero-width joiner', '\u200d'], ['a Hangul filler', '\u3164'],
    ['a variation selector supplement', '\u{e0100}'], ['a left-to-right isolate', '\u2066'],
  ])('refuses %s as identity text', (_what, char) => {
    expect(describeTextProblem(`a${char}b`)).toMatch(/^must not contain invisible or control characters \(U\+/);
  });

  it('refuses a lone surrogate, saying so', () => {
    expect(describeTextProblem('a\ud800b')).toBe('must be well-formed Unicode (it holds a lone surrogate)');
  });
});

describe('prose (descriptions)', () => {
  it.each([
    ['a zero-width non-joiner in Persian', 'می\u200cخواهم'],
    ['an emoji ZWJ sequence', 'family 👨\u200d👩\u200d👧'],
    ['an emoji presentation selector', 'love ❤\ufe0f'],
    ['a soft hyphen', 'super\u00adcalifragilistic'],
  ])('keeps what real writing needs: %s', (_what, text) => {
    expect(describeTextProblem(text, 'prose')).toBeNull();
    expect(describeTextProblem(text, 'identity')).not.toBeNull();
  });

  it.each([
    ['a bidi override', 'safe\u202eexe.txt'], ['a bidi isolate', 'a\u2067b'], ['a newline', 'a\nb'],
    ['a NUL', 'a\u0000b'], ['a line separator', 'a\u2028b'],
  ])('refuses %s', (_what, text) => {
    expect(describeTextProblem(text, 'prose')).toMatch(/^must not contain control, bidi control or line separator characters/);
  });

  it('applies to a record description', () => {
    const checked = checkEntityRecord({ registry: 'npm', name: 'x', category: 'library', score: 50, description: 'a\u202eb' }, NOW);
    expect(checked.ok ? [] : checked.errors).toEqual([{ field: 'description', message: 'must not contain control, bidi control or line separator characters (U+202E)' }]);
    expect(checkEntityRecord({ registry: 'npm', name: 'x', category: 'library', score: 50, description: 'می\u200cخواهم' }, NOW).ok).toBe(true);
  });
});

describe('findNameProblem', () => {
  it.each([
    ['haotian-liu/LLaVA', null], ['@scope/pkg', null], ['ChuckNorris (L1B3RT4S Prompt Enhancer)', null],
    [' padded', 'padded'], ['padded\u00a0', 'padded'], ['a/ b', 'bad-segment'], ['a//b', 'bad-segment'],
    ['/leading', 'bad-segment'], ['trailing/', 'bad-segment'], ['a/./b', 'bad-segment'], ['a/../b', 'bad-segment'], ['..', 'bad-segment'],
  ])('%j → %s', (name, problem) => {
    expect(findNameProblem(name)).toBe(problem);
  });
});
