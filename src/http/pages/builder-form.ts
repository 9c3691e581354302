// The builder's GET form: reads its fields into checked badge options with the domain's own parser
// (badge-options.ts names every parameter and value), and asks the badge pipeline for the images the
// page shows, so each <img> carries its real size. Never throws for a bad value: it says what was wrong.

import { BADGE_PARAMS, FORMATS, parseBadgeOptions, STYLES, type BadgeOptions, type Format, type GlyphCoverage, type Style } from '../../domain/badge-options.js';
import type { BadgeService } from '../../services/badge-service.js';
import { badgeImageUrl, badgeQueryObject, builderSnippets, type BuilderSnippetKind } from '../../services/entity-links.js';
import type { EmbedAnswer } from '../../services/report-service.js';
import { badgeSize, type BadgeSize } from './badge-size.js';
import { labelContrast, type LabelContrast } from './label-contrast.js';

/** A GET form sends every field, so an empty label means "the default"; this box asks for none. */
export const NO_LABEL_FIELD = 'nolabel';
/** The image format is the badge URL's extension, not a query parameter: the form names it so. */
export const FORMAT_FIELD = 'format';

export interface BuilderForm {
  options: BadgeOptions;
  /** The first bad value, in words; the options then hold the defaults in its place. */
  problem: string | null;
}

export function readBuilderForm(query: Record<string, unknown>, glyphs: GlyphCoverage): BuilderForm {
  const picked: Record<string, unknown> = {};
  for (const param of BADGE_PARAMS) {
    const value = query[param];
    if (value !== undefined && value !== '') picked[param] = value;
  }
  if (query[NO_LABEL_FIELD] !== undefined) picked.label = '';
  const format = readFormat(query[FORMAT_FIELD]);
  const parsed = parseBadgeOptions(picked, format.format, glyphs);
  if (!parsed.ok) return { options: parsed.fallback, problem: parsed.problem.message };
  return { options: parsed.options, problem: format.problem };
}

function readFormat(value: unknown): { format: Format; problem: string | null } {
  if (value === undefined || value === '') return { format: 'svg', problem: null };
  if (typeof value !== 'string') return { format: 'svg', problem: `${FORMAT_FIELD} may be given once` };
  const known = FORMATS.find((format) => format === value);
  return known === undefined ? { format: 'svg', problem: `${FORMAT_FIELD} must be one of ${FORMATS.join(', ')}` } : { format: known, problem: null };
}

/** A badge as the page shows it: same-origin URLs (the CSP's img-src 'self'), its dark-theme twin, and its size. */
export interface BadgeImage {
  src: string;
  darkSrc: string;
  /** null only when the bytes hold none (never for a badge this service drew). */
  size: BadgeSize | null;
}

export interface BuilderImages {
  preview: BadgeImage;
  /** Every style with the other options as chosen, in STYLES' order: as SVG, light with a dark twin for the page's scheme. */
  styles: readonly { style: Style; image: BadgeImage }[];
  snippets: Record<BuilderSnippetKind, string>;
  contrast: LabelContrast;
}

type Subject = EmbedAnswer['entity'];

/** The badge answer for these options, as /badge gives it (same cache): its size for the page. */
export async function workOutBadgeImage(getBadge: BadgeService, entity: Subject, options: BadgeOptions): Promise<{ image: BadgeImage; purgeTags: string[] }> {
  const answer = await getBadge({ target: `${entity.registry}/${entity.name}`, format: options.format, query: badgeQueryObject(options) });
  const image: BadgeImage = {
    src: badgeImageUrl(entity, '', options),
    darkSrc: badgeImageUrl(entity, '', { ...options, theme: 'dark' }),
    size: badgeSize(answer.badge.body, options.format, options.scale),
  };
  return { image, purgeTags: answer.purgeTags };
}

/** The preview, the five styles side by side, the snippets for `baseUrl`, and the label's contrast. */
export async function workOutBuilderImages(
  getBadge: BadgeService,
  embed: EmbedAnswer,
  baseUrl: string,
  options: BadgeOptions,
): Promise<BuilderImages & { purgeTags: string[] }> {
  const [preview, ...styles] = await Promise.all([
    workOutBadgeImage(getBadge, embed.entity, options),
    ...STYLES.map((style) => workOutBadgeImage(getBadge, embed.entity, { ...options, style, theme: 'light', format: 'svg', scale: 1 })),
  ]);
  return {
    preview: preview!.image,
    styles: STYLES.map((style, i) => ({ style, image: styles[i]!.image })),
    snippets: builderSnippets(embed.entity, baseUrl, { options, altText: embed.alt, size: preview!.image.size }),
    contrast: labelContrast(options),
    purgeTags: [...new Set([preview!, ...styles].flatMap((answer) => answer.purgeTags))],
  };
}
