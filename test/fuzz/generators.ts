// Hostile inputs for the property tests: text that breaks markup, encodings that do not decode,
// controls, invisible and combining characters, and sizes past every limit. Every generated
// path is sendable by node:http (printable ASCII after encoding).

import fc from 'fast-check';

/** Pieces that break XML, URLs, text direction or Unicode normalisation. */
const NASTY_PIECES = [
  '<', '>', '&', '"', "'", ']]>', '<![CDATA[', '<script>alert(1)</script>', '<svg onload=alert(1)>', '&amp;', '&#x3C;', '&lt;',
  'javascript:', 'url(http://x)', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u200b', '\u200e', '\u202e', '\u2066', '\ufeff',
  '\ud83d\ude00', 'é', 'e\u0301', 'ß', 'İ', 'ﬃ', 'Ω', '日本', 'ا', '/', '\\', '..', '.', '%', '+', ' ', '\t', '\n', '\r\n', '?', '#', '=',
  'a', 'Z', '0', '-', '_', '~',
];

/** Any text: graphemes, raw code points (controls included), nasty pieces, or long runs. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: fc.constantFrom(...NASTY_PIECES), maxLength: 16 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 41, maxLength: 300 }),
);

/** Percent-escapes that do not decode to text: truncated, invalid UTF-8, lone surrogates, NUL. */
export const brokenEscape = fc.constantFrom('%', '%2', '%zz', '%00', '%FF', '%C0%AF', '%E0%A4%A', '%ED%A0%80', '%F4%90%80%80', '%EF%BF%BF', '%%41');

/** Text as a URL component: percent-encoded (lone surrogates made well-formed first), or broken escapes. */
export const encodedText = fc.oneof(
  { weight: 4, arbitrary: hostileText.map((text) => encodeURIComponent(text.toWellFormed())) },
  { weight: 1, arbitrary: fc.array(fc.oneof(brokenEscape, hostileText.map((t) => encodeURIComponent(t.toWellFormed()))), { maxLength: 4 }).map((parts) => parts.join('')) },
);

const REGISTRIES = ['github', 'npm', 'pypi', 'web', 'huggingface', 'pulsemcp', 'GITHUB', 'nope'];
const KNOWN_NAMES = ['openrouter', 'openrouter.ai', 'OpenRouter', 'sharp', 'haotian-liu/LLaVA', 'haotian-liu%2FLLaVA', 'left-pad'];

/** A badge target as it appears in a path (still encoded). */
export const encodedTarget = fc.oneof(
  { weight: 2, arbitrary: fc.array(fc.oneof(encodedText, fc.constantFrom('', '.', '..', '%2E%2E', '%2F')), { minLength: 1, maxLength: 5 }).map((s) => s.join('/')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...REGISTRIES), encodedText).map(([registry, name]) => `${registry}/${name}`) },
  { weight: 1, arbitrary: fc.constantFrom(...KNOWN_NAMES, ...REGISTRIES.map((r) => `${r}/${KNOWN_NAMES[0]}`)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'ab/', '%41', '\u00e9'), fc.integer({ min: 200, max: 6000 })).map(([unit, n]) => encodeURIComponent(unit.repeat(n)).slice(0, 9000)) },
);

export const badgeExtension = fc.constantFrom('.svg', '.png', '', '.SVG', '.PnG', '.gif', '.svg.png', '.png.svg', '%2Esvg', '.svg%00');

export const STYLES_AND_JUNK = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social', 'FLAT', 'neon', '', 'flat '];
export const THEMES_AND_JUNK = ['light', 'dark', 'Dark', 'sepia', ''];

/** A query string of badge parameters (valid, junk, repeated) and unknown ones. */
export const badgeQuery = fc
  .array(
    fc.tuple(
      fc.constantFrom('style', 'metric', 'show', 'label', 'labelColor', 'theme', 'scale', 'utm_source', 'cachebust', 'STYLE', 'label[]', '__proto__', 'constructor'),
      fc.oneof(
        encodedText,
        fc.constantFrom(...STYLES_AND_JUNK, ...THEMES_AND_JUNK, 'trust', 'security', 'grade', 'score', 'both', '1', '4', '9', '0', '-1', '2.5', 'red', '#fff', 'abc', 'blue').map(encodeURIComponent),
      ),
    ),
    { maxLength: 8 },
  )
  .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('&'));

/** Header values node:http will send: printable ASCII and Latin-1, up to `maxLength`. */
export function headerValue(maxLength: number) {
  const char = fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)) },
  );
  return fc.oneof(
    fc.string({ unit: char, maxLength: 80 }),
    fc.string({ unit: char, minLength: maxLength / 2, maxLength }),
  );
}
