// `npm run gallery`: renders every style × grade × theme and each parameter's variants through the
// real render path into docs/gallery/, and writes docs/gallery.html and docs/gallery.md. No store, no env.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METRICS, parseBadgeOptions, SHOWS, STYLES, type GlyphCoverage, type Style } from '../src/domain/badge-options.js';
import { specForEntity, specForInvalid, specForState, type BadgeSpec, type BadgeState } from '../src/domain/badge-spec.js';
import type { Entity } from '../src/domain/entity.js';
import { DEFAULT_GRADE_SCALE, GRADES, type Grade } from '../src/domain/grade.js';
import { THEME_SURFACES, THEMES, type Theme } from '../src/domain/palette.js';
import { readGlyphCoverage } from '../src/render/font-coverage.js';
import { loadFonts } from '../src/render/fonts.js';
import { createBadgeRenderer } from '../src/render/render-badge.js';
import { escapeMarkup } from '../src/domain/markup.js';

/** A badge as a page would ask for it: its query, and what the store answered (a score or a state). */
interface Tile {
  query: Record<string, string>;
  outcome: number | BadgeState;
}

interface Section {
  /** Starts every image file name of the section. */
  key: string;
  title: string;
  note: string;
  /** The page colour the section is shown on. */
  theme: Theme;
  columns: string[];
  rows: { heading: string; tiles: Tile[] }[];
}

const SAMPLE_SCORES: Readonly<Record<Grade, number>> = { A: 92, B: 74, C: 65, D: 46, F: 23 };
const sample = (score: number): Entity => ({
  registry: 'web', name: 'OpenRouter', category: 'ai_tool', score,
  dimensions: { security: 74, privacy: 74, reliability: 85, transparency: 50, maintenance: 60 },
  description: null, author: null, sourceUrl: null, aliases: [], updatedAt: '2026-03-24T00:00:00Z',
});

const rated = (query: Record<string, string>, score = 74): Tile => ({ query, outcome: score });
const stated = (query: Record<string, string>, state: BadgeState): Tile => ({ query, outcome: state });
const themed = (style: Style, theme: Theme): Record<string, string> => ({ ...(style === 'flat' ? {} : { style }), ...(theme === 'light' ? {} : { theme }) });

/** The spec exactly as the badge route builds it: a bad parameter gives the 400 badge. */
function specOf(tile: Tile, glyphs: GlyphCoverage): BadgeSpec {
  const parsed = parseBadgeOptions(tile.query, 'svg', glyphs);
  if (!parsed.ok) return specForInvalid(parsed.problem.param, parsed.fallback);
  if (typeof tile.outcome === 'number') return specForEntity(sample(tile.outcome), parsed.options, DEFAULT_GRADE_SCALE);
  return specForState(tile.outcome, parsed.options);
}

const queryText = (query: Record<string, string>) =>
  Object.keys(query).length === 0 ? '(defaults)' : `?${Object.entries(query).map(([k, v]) => `${k}=${v}`).join('&')}`;

function gradeMatrix(theme: Theme): Section {
  return {
    key: theme,
    title: `Every style × grade — ${theme} theme`,
    note: theme === 'light' ? 'On a white page.' : "On GitHub's dark canvas (#0d1117): a dark label side and a rim that stands off the page.",
    theme,
    columns: ['style', ...GRADES, 'unknown', 'n/a', 'invalid'],
    rows: STYLES.map((style) => {
      const query = themed(style, theme);
      return {
        heading: style,
        tiles: [
          ...GRADES.map((grade) => rated(query, SAMPLE_SCORES[grade])),
          stated(query, 'unknown'),
          rated({ ...query, metric: 'popularity' }),
          rated({ ...query, labelColor: 'nope' }),
        ],
      };
    }),
  };
}

/** A light-theme section: one row per style, one column per value of `columns`. */
function byStyle(key: string, title: string, note: string, styles: readonly Style[], columns: readonly string[], make: (query: Record<string, string>, column: string) => Tile): Section {
  return {
    key, title, note, theme: 'light',
    columns: ['style', ...columns],
    rows: styles.map((style) => ({ heading: style, tiles: columns.map((column) => make(themed(style, 'light'), column)) })),
  };
}

function variantSections(): Section[] {
  const styles: Style[] = ['flat', 'for-the-badge', 'social'];
  const labels: Record<string, string> = {
    custom: 'trust score', empty: '', 'Greek, Cyrillic': 'Ωμέγα · Привет', 'right to left': 'אמון · ثقة',
    '40 characters': 'a forty character label, drawn in full!',
  };
  const states: Record<string, (q: Record<string, string>) => Tile> = {
    ambiguous: (q) => stated(q, 'ambiguous'),
    unavailable: (q) => stated(q, 'unavailable'),
    busy: (q) => stated(q, 'busy'),
    'invalid label': (q) => rated({ ...q, label: '信任' }),
    'invalid show': (q) => rated({ ...q, show: 'all' }),
  };
  return [
    byStyle('metric', 'metric', 'The label defaults to the metric; each dimension shows its own grade colour; a missing one is n/a.',
      styles, METRICS, (q, metric) => rated({ ...q, metric })),
    byStyle('show', 'show', 'Grade, score, or both.', styles, SHOWS, (q, show) => rated({ ...q, show })),
    byStyle('label', 'label', 'Empty draws the message alone. Latin, Greek, Cyrillic, Hebrew and Arabic draw; other scripts answer the 400 badge.',
      styles, Object.keys(labels), (q, column) => rated({ ...q, label: labels[column]! })),
    byStyle('labelcolor', 'labelColor', 'Text turns dark on light colours; a mid-tone is deepened just enough for white text to pass AA.',
      styles, ['informational', 'brightgreen', 'yellow', 'navy', 'white', '#e05d44'], (q, labelColor) => rated({ ...q, labelColor })),
    byStyle('state', 'States', 'Outcomes without a score, and 400 badges, in every style.', STYLES, Object.keys(states), (q, column) => states[column]!(q)),
  ];
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
/** Stable names (`light-plastic-b.svg`) so the README can point at them. */
const fileOf = (section: Section, row: number, column: number) =>
  `${section.key}-${slug(section.rows[row]!.heading)}-${slug(section.columns[column + 1]!)}.svg`;

/** A section as drawn: per row, per tile, its image file and spec. */
interface Drawn {
  section: Section;
  cells: { file: string; spec: BadgeSpec; query: string }[][];
}

/** The project's root, from dist-tools/tools/ where this runs compiled. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function main(outDir: string): Promise<void> {
  const fonts = loadFonts(join(ROOT, 'fonts'));
  const glyphs = readGlyphCoverage(fonts);
  const render = createBadgeRenderer(fonts);
  const imageDir = join(outDir, 'gallery');
  rmSync(imageDir, { recursive: true, force: true });
  mkdirSync(imageDir, { recursive: true });

  const drawn: Drawn[] = [];
  for (const section of [...THEMES.map(gradeMatrix), ...variantSections()]) {
    const cells = section.rows.map((row, r) =>
      row.tiles.map((tile, c) => ({ file: fileOf(section, r, c), spec: specOf(tile, glyphs), query: queryText(tile.query) })),
    );
    for (const cell of cells.flat()) writeFileSync(join(imageDir, cell.file), await render(cell.spec));
    drawn.push({ section, cells });
  }
  const retina = [1, 2, 3, 4].map((scale) => ({ file: `retina-flat-x${scale}.png`, spec: { ...specOf(rated({}), glyphs), format: 'png' as const, scale } }));
  for (const { file, spec } of retina) writeFileSync(join(imageDir, file), await render(spec));

  writeFileSync(join(outDir, 'gallery.html'), galleryHtml(drawn, retina.map(({ file }) => file)));
  writeFileSync(join(outDir, 'gallery.md'), galleryMarkdown(drawn));
  const count = drawn.flatMap((d) => d.cells.flat()).length + retina.length;
  process.stdout.write(`wrote ${join(outDir, 'gallery.html')}, gallery.md and ${count} images in ${imageDir}\n`);
}

const GENERATED = 'Generated by `npm run gallery` (tools/gallery.ts); do not edit by hand.';

function galleryHtml(drawn: Drawn[], retinaFiles: string[]): string {
  const sections = drawn.map(({ section, cells }) => {
    const { page } = THEME_SURFACES[section.theme];
    const ink = section.theme === 'dark' ? '#f0f6fc' : '#1f2328';
    const head = section.columns.map((c) => `<th>${escapeMarkup(c)}</th>`).join('');
    const body = section.rows
      .map((row, r) => {
        const tds = cells[r]!.map(({ file, spec, query }) =>
          `<td><img src="gallery/${file}" alt="${escapeMarkup(spec.title)}"><code>${escapeMarkup(query)}</code></td>`);
        return `<tr><th>${escapeMarkup(row.heading)}</th>${tds.join('')}</tr>`;
      })
      .join('\n');
    return `<section style="background:${page};color:${ink}"><h2>${escapeMarkup(section.title)}</h2><p>${escapeMarkup(section.note)}</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></section>`;
  });
  const retina = retinaFiles
    .map((file, i) => `<td><img src="gallery/${file}" height="20" alt="trust: B · 74/100"><code>.png?scale=${i + 1}</code></td>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>trustbadge — badge gallery</title>
<style>
body{margin:0;font:14px/1.5 system-ui,sans-serif}
section{padding:16px 24px}
h1{margin:0;padding:24px 24px 0}
th{text-align:left;font-weight:600;padding:6px 12px 6px 0;white-space:nowrap}
td{padding:6px 16px 6px 0;vertical-align:top}
td img{display:block}
code{display:block;font-size:11px;opacity:.7;margin-top:2px;max-width:22em;overflow-wrap:anywhere}
</style></head>
<body>
<h1>trustbadge — badge gallery</h1>
<section><p>Every style, grade and theme, drawn by the service's own render path; under each badge, the query that asks for it. ${escapeMarkup(GENERATED)}</p></section>
${sections.join('\n')}
<section><h2>Retina PNG</h2><p>The same badge as PNG at scales 1–4, each shown 20 px high: on a high-density screen the larger scales stay sharp.</p>
<table><tbody><tr>${retina}</tr></tbody></table></section>
</body></html>
`;
}

function galleryMarkdown(drawn: Drawn[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const parts = drawn.map(({ section, cells }) => {
    const head = `| ${section.columns.map(cell).join(' | ')} |\n|${section.columns.map(() => ' --- ').join('|')}|`;
    const rows = section.rows.map(
      (row, r) => `| ${cell(row.heading)} | ${cells[r]!.map(({ file, spec }) => `![${cell(spec.title)}](gallery/${file})`).join(' | ')} |`,
    );
    return `## ${section.title}\n\n${section.note}\n\n${head}\n${rows.join('\n')}\n`;
  });
  return `# Badge gallery\n\n${GENERATED} The HTML version (docs/gallery.html) shows the dark theme on a dark page.\n\n${parts.join('\n')}`;
}

const outDir = process.argv[2] ?? join(ROOT, 'docs');
main(outDir).catch((error: unknown) => {
  process.stderr.write(`gallery: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
