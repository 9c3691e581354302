// The OpenAPI operations of the image routes (badges, dependency-set badges, share cards): images
// for every outcome, never JSON. openapi-document.ts puts them at their paths.

import { z } from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { badgeQuerySchema, type GlyphCoverage } from '../domain/badge-options.js';
import { imageAnswer, NOT_MODIFIED } from './openapi-responses.js';
import { TargetPathParamsSchema } from './params.js';

/** The document describes every label; which ones the fonts draw is the running service's concern. */
const EVERY_GLYPH: GlyphCoverage = { ranges: [[0, 0x10ffff]] };

/** A badge's query, every label allowed (openapi-document.ts describes other badge routes with it too). */
export const badgeQuery = badgeQuerySchema(EVERY_GLYPH);

/** What a badge route answers besides its badge: not modified, or a badge that says what went wrong. */
const badgeErrors = (type: Parameters<typeof imageAnswer>[0]) => ({
  '304': NOT_MODIFIED['304'],
  '400': imageAnswer(type, 'A red `invalid <param>` badge.'),
  '429': imageAnswer(type, 'A `rate limited` badge, with `Retry-After`.'),
});

const BADGE_OUTCOMES =
  'The badge, for every outcome: the grade, or `unknown`, `ambiguous`, `invalid <param>` (400), `rate limited` (429), `unavailable` (503). Image routes never answer JSON.';

export function badgeOperation(format: 'svg' | 'png'): ZodOpenApiOperationObject {
  const type = format === 'svg' ? 'image/svg+xml' : 'image/png';
  return {
    operationId: `getBadge${format === 'svg' ? 'Svg' : 'Png'}`,
    summary: `Badge as ${format.toUpperCase()}`,
    description: 'Embed it: `![trust](https://host/badge/github/haotian-liu/LLaVA.svg)`. Unknown query parameters are ignored.',
    tags: ['Badges'],
    requestParams: { path: TargetPathParamsSchema, query: format === 'svg' ? badgeQuery.omit({ scale: true }) : badgeQuery },
    responses: {
      '200': imageAnswer(type, BADGE_OUTCOMES),
      ...badgeErrors(type),
    },
  };
}

export function setBadgeOperation(format: 'svg' | 'png'): ZodOpenApiOperationObject {
  const type = format === 'svg' ? 'image/svg+xml' : 'image/png';
  return {
    operationId: `getSetBadge${format === 'svg' ? 'Svg' : 'Png'}`,
    summary: `A dependency set's badge as ${format.toUpperCase()}`,
    description: '`dependencies | 142 ok · 3 below C`, in the colour of the lowest grade; `min` sets the grade (A to D, default C). Links to `/sets/{id}`.',
    tags: ['Sets'],
    requestParams: {
      path: z.object({ id: z.string() }),
      query: (format === 'svg' ? badgeQuery.omit({ scale: true }) : badgeQuery).pick({ style: true, label: true, labelColor: true, theme: true }).extend({ min: z.enum(['A', 'B', 'C', 'D']).optional() }),
    },
    responses: {
      '200': imageAnswer(type, 'The badge; `unknown set` for an id no set has.'),
      ...badgeErrors(type),
    },
  };
}

const cardAnswer = (description: string) => imageAnswer('image/png', description);

export const cardOperation: ZodOpenApiOperationObject = {
  operationId: 'getCard',
  summary: 'Share card as PNG (1200×630)',
  description:
    'The link-preview card a report page names as `og:image`: name, registry, grade, score, verified, dimension bars, trend. Any target form works. Cached like badges, tagged with the entity.',
  tags: ['Badges'],
  requestParams: { path: TargetPathParamsSchema },
  responses: {
    '200': cardAnswer('The card.'),
    '304': NOT_MODIFIED['304'],
    '400': cardAnswer('A grey `invalid` card.'),
    '404': cardAnswer('A grey `unknown` card.'),
    '409': cardAnswer('A grey `ambiguous` card.'),
    '429': cardAnswer('A `rate limited` badge, with `Retry-After`.'),
    '503': cardAnswer('A grey `unavailable` card, with `Retry-After`.'),
  },
};
