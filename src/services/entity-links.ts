// URLs and embed snippets for an entity, built from a trusted base URL.
// Every segment is percent-encoded, brackets included, so Markdown and HTML stay well-formed.

import type { Entity } from '../domain/entity.js';

export interface BadgeLinks {
  svg: string;
  png: string;
  report: string;
  markdown: string;
  html: string;
}

export function entityPath(entity: Pick<Entity, 'registry' | 'name'>): string {
  return [entity.registry, ...entity.name.split('/')].map(encodeSegment).join('/');
}

export function badgeLinks(entity: Entity, baseUrl: string, altText: string): BadgeLinks {
  const path = entityPath(entity);
  const svg = `${baseUrl}/badge/${path}.svg`;
  const report = `${baseUrl}/v1/entities/${path}`;
  return {
    svg,
    png: `${baseUrl}/badge/${path}.png`,
    report,
    markdown: `[![${altText.replace(/[[\]\\]/g, '\\$&')}](${svg})](${report})`,
    html: `<a href="${escapeHtml(report)}"><img src="${escapeHtml(svg)}" alt="${escapeHtml(altText)}" height="20"></a>`,
  };
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
