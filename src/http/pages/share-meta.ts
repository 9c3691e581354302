// The report page's head for search engines and link previews: the canonical URL (one per entity,
// whatever spelling was asked), Open Graph and Twitter meta, and the share card's URL. Absolute
// URLs from the trusted base URL only (base-url.ts); every value goes through the `html` tag.

import type { Entity } from '../../domain/entity.js';
import { entityPath } from '../../services/entity-links.js';
import { CARD_HEIGHT_PX, CARD_WIDTH_PX } from '../../render/templates/card.js';
import { html, type SafeHtml } from './html-escape.js';

/** The share card's size, as link previews want it (summary_large_image). */
/** The card's own size, as its template draws it. */
export const CARD_SIZE = { width: CARD_WIDTH_PX, height: CARD_HEIGHT_PX } as const;

/** `/entity/openrouter`, `/entity/openrouter.ai` and `/entity/web/OpenRouter` all name this one URL. */
export function canonicalReportUrl(baseUrl: string, entity: Pick<Entity, 'registry' | 'name'>): string {
  return `${baseUrl}/entity/${entityPath(entity)}`;
}

/** The share card image: the one place its URL is spelled (its route is `/card/{registry}/{name}.png`). */
export function cardImageUrl(baseUrl: string, entity: Pick<Entity, 'registry' | 'name'>): string {
  return `${baseUrl}/card/${entityPath(entity)}.png`;
}

export interface ShareMeta {
  url: string;
  title: string;
  description: string;
  image: string;
  imageAlt: string;
}

export function renderShareMeta(meta: ShareMeta): SafeHtml {
  return html`<link rel="canonical" href="${meta.url}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="trustbadge">
<meta property="og:url" content="${meta.url}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:image" content="${meta.image}">
<meta property="og:image:width" content="${CARD_SIZE.width}">
<meta property="og:image:height" content="${CARD_SIZE.height}">
<meta property="og:image:alt" content="${meta.imageAlt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${meta.title}">
<meta name="twitter:description" content="${meta.description}">
<meta name="twitter:image" content="${meta.image}">
<meta name="twitter:image:alt" content="${meta.imageAlt}">`;
}
