// URLs and embed snippets for an entity, built from a trusted base URL and checked badge options.
// Every path segment and query value is percent-encoded (brackets and parentheses included), and
// each snippet escapes its own syntax, so no name or label (`a] https://ev.il[`) can break or add markup.
// The builder's snippets add the bare image URLs and shields.io's endpoint badge to the embed's five.

import { escapeMarkup } from '../domain/markup.js';
import { defaultBadgeOptions, type BadgeOptions } from '../domain/badge-options.js';
import type { Entity } from '../domain/entity.js';
import type { BadgeLinks } from '../schema/answers.js';

export type { BadgeLinks };

/** The snippet kinds of /v1/embed (BadgeLinks), in the order pages show them. */
export const SNIPPET_KINDS = ['markdown', 'html', 'picture', 'rst', 'asciidoc'] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

/** The builder's: the embed's, then the image URL as SVG and as a 2× PNG, and shields.io's endpoint badge. */
export const BUILDER_SNIPPET_KINDS = [...SNIPPET_KINDS, 'svg-url', 'png-url', 'shields-url'] as const;
export type BuilderSnippetKind = (typeof BUILDER_SNIPPET_KINDS)[number];

/** The scale of the `png-url` snippet: sharp on high-density (retina) screens. */
export const RETINA_SCALE = 2;

/** shields' own endpoint badge, which reads our /v1/shields body. */
export const SHIELDS_ENDPOINT = 'https://img.shields.io/endpoint';

/** Parameters a badge URL carries when they differ from the defaults, in this fixed order. */
const URL_PARAMS = ['style', 'metric', 'show', 'label', 'labelColor', 'theme', 'trend', 'scale'] as const;

/** What /v1/shields reads; style and label colour go to shields as its own parameters (same names, same values). */
const SHIELDS_BODY_PARAMS = ['metric', 'show', 'label'] as const;
const SHIELDS_OWN_PARAMS = ['style', 'labelColor'] as const;

/** A badge's display size in CSS pixels, for an <img>'s width and height. */
export interface ImageSize {
  width: number;
  height: number;
}

export function entityPath(entity: Pick<Entity, 'registry' | 'name'>): string {
  return [entity.registry, ...entity.name.split('/')].map(encodeSegment).join('/');
}

/** `?style=…&theme=…` for the non-default options (scale only for PNG), or ''. */
export function badgeQuery(options: BadgeOptions, params: readonly (typeof URL_PARAMS)[number][] = URL_PARAMS): string {
  const pairs = queryPairs(options, params);
  return pairs.length === 0 ? '' : `?${pairs.map(([param, text]) => `${param}=${encodeSegment(text)}`).join('&')}`;
}

/** The same parameters as a query object, as a badge request reads them (not encoded). */
export function badgeQueryObject(options: BadgeOptions): Record<string, string> {
  return Object.fromEntries(queryPairs(options, URL_PARAMS));
}

function queryPairs(options: BadgeOptions, params: readonly (typeof URL_PARAMS)[number][]): [string, string][] {
  const defaults = defaultBadgeOptions(options.format);
  const pairs: [string, string][] = [];
  for (const param of params) {
    const value = options[param];
    if (value === defaults[param] || value === null) continue;
    if (param === 'scale' && options.format !== 'png') continue;
    pairs.push([param, typeof value === 'number' ? String(value) : param === 'labelColor' ? value.replace(/^#/, '') : value]);
  }
  return pairs;
}

/** The badge image itself, in the options' format: `…/badge/web/OpenRouter.png?style=social&scale=2`. */
export function badgeImageUrl(entity: Pick<Entity, 'registry' | 'name'>, baseUrl: string, options: BadgeOptions): string {
  return `${baseUrl}/badge/${entityPath(entity)}.${options.format}${badgeQuery(options)}`;
}

/**
 * The markup snippets show the image in the options' format (an SVG unless asked for a PNG); `size`,
 * when known, becomes the HTML snippets' width and height, so a 2× PNG shows at its 1× size.
 */
export function badgeLinks(
  entity: Pick<Entity, 'registry' | 'name'>,
  baseUrl: string,
  badge: { options: BadgeOptions; altText: string; size?: ImageSize | null },
): BadgeLinks {
  const { options, altText } = badge;
  const path = entityPath(entity);
  const image = badgeImageUrl(entity, baseUrl, options);
  const report = `${baseUrl}/entity/${path}`;
  const light = badgeImageUrl(entity, baseUrl, { ...options, theme: 'light' });
  const dark = badgeImageUrl(entity, baseUrl, { ...options, theme: 'dark' });
  const size = badge.size === undefined || badge.size === null ? '' : ` width="${badge.size.width}" height="${badge.size.height}"`;
  const img = (src: string): string => `<img src="${escapeMarkup(src)}" alt="${escapeMarkup(altText)}"${size}>`;
  const link = (inner: string): string => `<a href="${escapeMarkup(report)}">${inner}</a>`;
  return {
    svg: badgeImageUrl(entity, baseUrl, { ...options, format: 'svg', scale: 1 }),
    png: badgeImageUrl(entity, baseUrl, { ...options, format: 'png' }),
    report,
    json: `${baseUrl}/v1/entities/${path}`,
    markdown: `[![${escapeMarkdown(altText)}](${image})](${report})`,
    html: link(img(image)),
    picture: link(
      `<picture><source media="(prefers-color-scheme: dark)" srcset="${escapeMarkup(dark)}">${img(light)}</picture>`,
    ),
    // docutils reads directive options as plain text (no inline markup, no escapes) less leading spaces.
    rst: `.. image:: ${image}\n   :target: ${report}\n   :alt: ${altText}`,
    asciidoc: `image:${asciidocUrl(image)}[${asciidocPassthrough(altText)},link="${asciidocUrl(report)}"]`,
  };
}

/**
 * Every snippet the builder offers: the embed's five for these options, the SVG's URL, the PNG's at
 * RETINA_SCALE, and shields.io's endpoint badge (shields draws it: metric, show and label reach our
 * body; style and label colour are shields' own parameters; theme and trend have no equivalent there).
 */
export function builderSnippets(
  entity: Pick<Entity, 'registry' | 'name'>,
  baseUrl: string,
  badge: { options: BadgeOptions; altText: string; size: ImageSize | null },
): Record<BuilderSnippetKind, string> {
  const { options } = badge;
  const links = badgeLinks(entity, baseUrl, badge);
  const body = `${baseUrl}/v1/shields/${entityPath(entity)}.json${badgeQuery(options, SHIELDS_BODY_PARAMS)}`;
  const own = badgeQuery(options, SHIELDS_OWN_PARAMS).replace(/^\?/, '&');
  return {
    markdown: links.markdown,
    html: links.html,
    picture: links.picture,
    rst: links.rst,
    asciidoc: links.asciidoc,
    'svg-url': links.svg,
    'png-url': badgeImageUrl(entity, baseUrl, { ...options, format: 'png', scale: RETINA_SCALE }),
    'shields-url': `${SHIELDS_ENDPOINT}?url=${encodeSegment(body)}${own}`,
  };
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, percentEncode);
}

function percentEncode(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones alt text needs:
 * brackets, code, emphasis, autolinks and raw HTML, entities, GFM strikethrough (`~`), and `|`,
 * which would otherwise end the cell when the snippet is pasted into a GFM table.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[[\]\\`*_<>&~|]/g, '\\$&');
}

/**
 * Asciidoctor runs quotes, attributes, replacements and macros over the whole paragraph, the image
 * macro's attribute list included, so alt text as such would turn `_x_`, `{name}`, `--` or a bare URL
 * into markup. A `pass:[]` macro hides it from all of them and hands it to the output unchanged, so
 * it is written as output text (escapeMarkup), and character references stand for what is still
 * read before that: `]` and `\` (the macro must end at its own `]`, and no `[…]++` passthrough may
 * start at the attribute list's `[`), and the second of `::` or `;;` (before a space, either makes
 * the whole line a description list item). Entity references end in `;` after a letter, never `;;`.
 */
function asciidocPassthrough(text: string): string {
  const content = escapeMarkup(text).replace(/[\\\]]|(?<=:):|(?<=;);/g, (c) => `&#${c.charCodeAt(0)};`);
  return `pass:[${content}]`;
}

/**
 * A passthrough would hide an image target's `://` (Asciidoctor would put imagesdir in front), so
 * URLs instead get the characters left unencoded that Asciidoctor reads as markup percent-encoded
 * (an equivalent URL, RFC 3986 §6.2.2.2): `_`, `~`, and the second of `--` or `..`.
 */
function asciidocUrl(url: string): string {
  return url.replace(/[_~]|(?<=-)-|(?<=\.)\./g, percentEncode);
}
