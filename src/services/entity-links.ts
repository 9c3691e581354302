// URLs and embed snippets for an entity, built from a trusted base URL and checked badge options.
// Every path segment and query value is percent-encoded (brackets and parentheses included), and
// each snippet escapes its own syntax, so no name or label (`a] https://ev.il[`) can break or add markup.

import { escapeMarkup } from '../domain/markup.js';
import { defaultBadgeOptions, type BadgeOptions } from '../domain/badge-options.js';
import type { Entity } from '../domain/entity.js';
import type { BadgeLinks } from '../schema/answers.js';

export type { BadgeLinks };

/** The snippet kinds, in the order pages show them. */
export const SNIPPET_KINDS = ['markdown', 'html', 'picture', 'rst', 'asciidoc'] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

/** Parameters a badge URL carries when they differ from the defaults, in this fixed order. */
const URL_PARAMS = ['style', 'metric', 'show', 'label', 'labelColor', 'theme', 'trend'] as const;

export function entityPath(entity: Pick<Entity, 'registry' | 'name'>): string {
  return [entity.registry, ...entity.name.split('/')].map(encodeSegment).join('/');
}

/** `?style=…&theme=…` for the non-default options (scale is PNG-only and left out), or ''. */
export function badgeQuery(options: BadgeOptions): string {
  const defaults = defaultBadgeOptions('svg');
  const pairs: string[] = [];
  for (const param of URL_PARAMS) {
    const value = options[param];
    if (value === defaults[param] || value === null) continue;
    const text = param === 'labelColor' ? value.replace(/^#/, '') : value;
    pairs.push(`${param}=${encodeSegment(text)}`);
  }
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

export function badgeLinks(
  entity: Pick<Entity, 'registry' | 'name'>,
  baseUrl: string,
  badge: { options: BadgeOptions; altText: string },
): BadgeLinks {
  const { options, altText } = badge;
  const path = entityPath(entity);
  const svg = `${baseUrl}/badge/${path}.svg${badgeQuery(options)}`;
  const report = `${baseUrl}/entity/${path}`;
  const light = `${baseUrl}/badge/${path}.svg${badgeQuery({ ...options, theme: 'light' })}`;
  const dark = `${baseUrl}/badge/${path}.svg${badgeQuery({ ...options, theme: 'dark' })}`;
  const img = (src: string): string => `<img src="${escapeMarkup(src)}" alt="${escapeMarkup(altText)}">`;
  const link = (inner: string): string => `<a href="${escapeMarkup(report)}">${inner}</a>`;
  return {
    svg,
    png: `${baseUrl}/badge/${path}.png${badgeQuery(options)}`,
    report,
    json: `${baseUrl}/v1/entities/${path}`,
    markdown: `[![${escapeMarkdown(altText)}](${svg})](${report})`,
    html: link(img(svg)),
    picture: link(
      `<picture><source media="(prefers-color-scheme: dark)" srcset="${escapeMarkup(dark)}">${img(light)}</picture>`,
    ),
    // docutils reads directive options as plain text (no inline markup, no escapes) less leading spaces.
    rst: `.. image:: ${svg}\n   :target: ${report}\n   :alt: ${altText}`,
    asciidoc: `image:${asciidocUrl(svg)}[${asciidocPassthrough(altText)},link="${asciidocUrl(report)}"]`,
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
