// The OpenAPI 3.1 document (/openapi.json, and the /docs/api page drawn from it), generated from the
// very schemas the routes validate with and the services answer with (zod-openapi), so the
// description cannot drift from the service. Examples are the sample catalogue's (web/OpenRouter).

import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { badgeQuerySchema, type GlyphCoverage } from '../domain/badge-options.js';
import { EntityRecordInputSchema } from '../domain/entity-record.js';
import {
  EmbedAnswerSchema,
  EntityReportSchema,
  HealthSchema,
  HistoryAnswerSchema,
  ImportAnswerSchema,
  LiveSchema,
  PutEntityAnswerSchema,
  ReadySchema,
  SearchAnswerSchema,
  BatchAnswerSchema,
  BatchRequestSchema,
  SetCreatedSchema,
  SetReportSchema,
  SetRequestSchema,
  ShieldsBodySchema,
} from './answers.js';
import { EXAMPLES } from './examples.js';
import { ATTESTATION_PATHS, ATTESTATIONS_TAG } from './openapi-attestations.js';
import { SEAL_PATHS, SEALS_TAG } from './openapi-seals.js';
import { ADMIN_ERRORS, CACHED_HEADERS, header, imageAnswer, json, NOT_MODIFIED, problems, RATE_LIMIT_HEADERS, STORE_ERRORS } from './openapi-responses.js';
import { HistoryQuerySchema, PreflightQuerySchema, SearchQuerySchema, TargetPathParamsSchema } from './params.js';

/** The document describes every label; which ones the fonts draw is the running service's concern. */
const EVERY_GLYPH: GlyphCoverage = { ranges: [[0, 0x10ffff]] };

export const API_VERSION = '1.0.0';

const targetPath = TargetPathParamsSchema;
const badgeQuery = badgeQuerySchema(EVERY_GLYPH);

function reportOperation(operationId: string, summary: string, params: ZodOpenApiOperationObject['requestParams']): ZodOpenApiOperationObject {
  return {
    operationId,
    summary,
    tags: ['Reports'],
    requestParams: params,
    responses: {
      '200': json(EntityReportSchema, 'The report.', {
        headers: { ...CACHED_HEADERS, 'Last-Modified': header('When the score was published.'), ...RATE_LIMIT_HEADERS },
        example: EXAMPLES.report,
      }),
      ...NOT_MODIFIED,
      ...problems('invalid_target', 'not_found', 'ambiguous', ...STORE_ERRORS),
    },
  };
}

const BADGE_OUTCOMES =
  'The badge, for every outcome: the grade, or `unknown`, `ambiguous`, `invalid <param>` (400), `rate limited` (429), `unavailable` (503). Image routes never answer JSON.';

function badgeOperation(format: 'svg' | 'png'): ZodOpenApiOperationObject {
  const type = format === 'svg' ? 'image/svg+xml' : 'image/png';
  return {
    operationId: `getBadge${format === 'svg' ? 'Svg' : 'Png'}`,
    summary: `Badge as ${format.toUpperCase()}`,
    description: 'Embed it: `![trust](https://host/badge/github/haotian-liu/LLaVA.svg)`. Unknown query parameters are ignored.',
    tags: ['Badges'],
    requestParams: { path: targetPath, query: format === 'svg' ? badgeQuery.omit({ scale: true }) : badgeQuery },
    responses: {
      '200': imageAnswer(type, BADGE_OUTCOMES),
      '304': NOT_MODIFIED['304'],
      '400': imageAnswer(type, 'A red `invalid <param>` badge.'),
      '429': imageAnswer(type, 'A `rate limited` badge, with `Retry-After`.'),
    },
  };
}

function setBadgeOperation(format: 'svg' | 'png'): ZodOpenApiOperationObject {
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
      '304': NOT_MODIFIED['304'],
      '400': imageAnswer(type, 'A red `invalid <param>` badge.'),
      '429': imageAnswer(type, 'A `rate limited` badge, with `Retry-After`.'),
    },
  };
}

const cardAnswer = (description: string) => imageAnswer('image/png', description);

const cardOperation: ZodOpenApiOperationObject = {
  operationId: 'getCard',
  summary: 'Share card as PNG (1200×630)',
  description:
    'The link-preview card a report page names as `og:image`: name, registry, grade, score, verified, dimension bars, trend. Any target form works. Cached like badges, tagged with the entity.',
  tags: ['Badges'],
  requestParams: { path: targetPath },
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

/** `serverUrl`: the base URL clients use (PUBLIC_URL, or the request's own). */
export function createOpenApiDocument(options: { serverUrl: string }): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'trustbadge',
      version: API_VERSION,
      summary: 'Trust-score badges and reports for software entities.',
      description:
        'Badges (SVG, PNG), JSON reports, search and snippets for entities of 18 registries. Errors are RFC 9457 problem details. ' +
        'Requests answered from memory spend no rate-limit budget; those that reach the store or render carry `RateLimit` headers.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.serverUrl }],
    tags: [
      { name: 'Badges', description: 'Images to embed.' },
      { name: 'Reports', description: 'The same data as JSON, for tools and CI.' },
      { name: 'Sets', description: 'A project\'s dependencies as one set: one badge and one page over all of them.' },
      ATTESTATIONS_TAG,
      SEALS_TAG,
      { name: 'Operations', description: 'Health, readiness and metrics.' },
      { name: 'Admin', description: 'Writes: only when ADMIN_TOKEN is set, with it as a bearer token.' },
    ],
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } },
    },
    paths: {
      '/badge/{target}.svg': { get: badgeOperation('svg') },
      '/badge/{target}.png': { get: badgeOperation('png') },
      '/card/{target}.png': { get: cardOperation },
      ...ATTESTATION_PATHS,
      ...SEAL_PATHS,
      '/v1/preflight': {
        get: reportOperation('getPreflight', 'Report by target as a query parameter', { query: PreflightQuerySchema }),
        post: {
          operationId: 'postPreflight',
          summary: 'Check many targets or package URLs at once',
          description:
            'Each item is answered on its own, in input order: found (grade, score, verified, report), unknown, ambiguous (candidates), invalid or ' +
            'unsupported (a package URL type the catalogue has no registry for), with a summary a CI gate can read. One bad item never fails the batch. ' +
            'Counted against the rate limit by the items that reach the store (at most a whole minute\'s budget), not as one request. ' +
            'Package URL types map to registries as docs/registries.md lists them.',
          tags: ['Reports'],
          requestBody: { required: true, content: { 'application/json': { schema: BatchRequestSchema } } },
          responses: {
            '200': json(BatchAnswerSchema, 'Every item, in input order, and the summary.', { headers: { ...RATE_LIMIT_HEADERS } }),
            ...problems('invalid_batch', 'payload_too_large', 'unsupported_media_type', ...STORE_ERRORS),
          },
        },
      },
      '/v1/sets': {
        post: {
          operationId: 'createSet',
          summary: 'Store a dependency set, for one badge over all its packages',
          description:
            'Up to 5,000 package URLs, versions dropped, each once; the id is the hash of that content, so the same packages give the same set (200; 201 when new). ' +
            'Creating spends the client\'s rate-limit budget. A set nobody asks for (badge, page, JSON, or a new POST) in 90 days is dropped.',
          tags: ['Sets'],
          requestBody: { required: true, content: { 'application/json': { schema: SetRequestSchema } } },
          responses: {
            '200': json(SetCreatedSchema, 'The same set was stored before.', { headers: { ...RATE_LIMIT_HEADERS } }),
            '201': json(SetCreatedSchema, 'Stored.', { headers: { Location: header('The set as JSON.'), ...RATE_LIMIT_HEADERS } }),
            ...problems('invalid_set', 'payload_too_large', 'unsupported_media_type', ...STORE_ERRORS),
          },
        },
      },
      '/v1/sets/{id}': {
        get: {
          operationId: 'getSet',
          summary: 'A dependency set, each package answered',
          tags: ['Sets'],
          requestParams: { path: z.object({ id: z.string().meta({ description: 'The set id POST /v1/sets gave.' }) }) },
          responses: {
            '200': json(SetReportSchema, 'Every package, as POST /v1/preflight answers it.', { headers: { ...CACHED_HEADERS, ...RATE_LIMIT_HEADERS } }),
            ...NOT_MODIFIED,
            ...problems('not_found', ...STORE_ERRORS),
          },
        },
      },
      '/badge/set/{id}.svg': { get: setBadgeOperation('svg') },
      '/badge/set/{id}.png': { get: setBadgeOperation('png') },
      '/v1/entities/{target}': {
        get: reportOperation('getEntity', 'Report by target in the path', { path: targetPath }),
        put: {
          operationId: 'putEntity',
          summary: 'Create or replace one entity',
          description: 'The target must be `registry/name`; body fields left out take it from the URL.',
          tags: ['Admin'],
          security: [{ adminToken: [] }],
          requestParams: { path: targetPath },
          requestBody: { required: true, content: { 'application/json': { schema: EntityRecordInputSchema.partial({ registry: true, name: true }) } } },
          responses: {
            '200': json(PutEntityAnswerSchema, 'Replaced (or unchanged).', { headers: { 'X-Purge-Tag': header('Space-separated CDN purge tags the write can have made wrong.') } }),
            '201': json(PutEntityAnswerSchema, 'Created.', { headers: { Location: header('The JSON report.'), 'X-Purge-Tag': header('Space-separated CDN purge tags.') } }),
            ...problems('invalid_target', 'invalid_entity', 'payload_too_large', 'unsupported_media_type', ...ADMIN_ERRORS),
          },
        },
        delete: {
          operationId: 'deleteEntity',
          summary: 'Delete one entity',
          tags: ['Admin'],
          security: [{ adminToken: [] }],
          requestParams: { path: targetPath },
          responses: {
            '204': { description: 'Deleted.', headers: { 'X-Purge-Tag': header('Space-separated CDN purge tags.') } },
            ...problems('invalid_target', 'not_found', ...ADMIN_ERRORS),
          },
        },
      },
      '/v1/history/{target}': {
        get: {
          operationId: 'getHistory',
          summary: 'Score history of one entity',
          description: 'One point per day the score or a dimension changed (the day\'s last write), oldest first, and the trend over 30, 90 and 365 days.',
          tags: ['Reports'],
          requestParams: { path: targetPath, query: HistoryQuerySchema },
          responses: {
            '200': json(HistoryAnswerSchema, 'The points and the trend.', {
              headers: { ...CACHED_HEADERS, 'Last-Modified': header('When the newest point was published.'), ...RATE_LIMIT_HEADERS },
            }),
            ...NOT_MODIFIED,
            ...problems('invalid_target', 'invalid_parameter', 'not_found', 'ambiguous', ...STORE_ERRORS),
          },
        },
      },
      '/v1/embed/{target}': {
        get: {
          operationId: 'getEmbed',
          summary: 'Badge URLs and snippets for chosen badge options',
          tags: ['Reports'],
          requestParams: { path: targetPath, query: badgeQuery.omit({ scale: true }) },
          responses: {
            '200': json(EmbedAnswerSchema, 'Snippets for Markdown, HTML, <picture>, reStructuredText and AsciiDoc.', {
              headers: { ...CACHED_HEADERS, ...RATE_LIMIT_HEADERS },
              example: EXAMPLES.embed,
            }),
            ...NOT_MODIFIED,
            ...problems('invalid_target', 'invalid_parameter', 'not_found', 'ambiguous', ...STORE_ERRORS),
          },
        },
      },
      '/v1/search': {
        get: {
          operationId: 'search',
          summary: 'Find entities by name prefix',
          tags: ['Reports'],
          requestParams: { query: SearchQuerySchema },
          responses: {
            '200': json(SearchAnswerSchema, 'Matches, best score first.', { headers: { ...CACHED_HEADERS, ...RATE_LIMIT_HEADERS }, example: EXAMPLES.search }),
            ...NOT_MODIFIED,
            ...problems('invalid_query', ...STORE_ERRORS),
          },
        },
      },
      '/v1/shields/{target}.json': {
        get: {
          operationId: 'getShieldsEndpoint',
          summary: "shields.io's endpoint badge",
          description:
            'For `https://img.shields.io/endpoint?url=…`. Always 200: unknown, ambiguous and invalid targets answer `isError: true` with a message saying what is wrong. ' +
            '`metric`, `show` and `label` apply as on badges; style, logo and colours may still be set through shields\' own query parameters.',
          tags: ['Badges'],
          requestParams: { path: targetPath, query: badgeQuery.pick({ metric: true, show: true, label: true }) },
          responses: {
            '200': json(ShieldsBodySchema, "shields.io's endpoint schema, version 1.", { headers: { ...CACHED_HEADERS, ...RATE_LIMIT_HEADERS }, example: EXAMPLES.shields }),
            ...NOT_MODIFIED,
            ...problems(...STORE_ERRORS),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          tags: ['Operations'],
          responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/healthz': {
        get: {
          operationId: 'getHealth',
          summary: 'Store, caches, queue and memory',
          tags: ['Operations'],
          responses: { '200': json(HealthSchema, 'Healthy.', { headers: {} }), '503': json(HealthSchema, 'The store does not answer.', { headers: {} }) },
        },
      },
      '/livez': { get: { operationId: 'getLive', summary: 'The process answers', tags: ['Operations'], responses: { '200': json(LiveSchema, 'Alive.', { headers: {} }) } } },
      '/readyz': {
        get: {
          operationId: 'getReady',
          summary: 'Ready for traffic: the store answers and the process is not draining',
          tags: ['Operations'],
          responses: { '200': json(ReadySchema, 'Ready.', { headers: {} }), '503': json(ReadySchema, 'Not ready.', { headers: {} }) },
        },
      },
      '/metrics': {
        get: {
          operationId: 'getMetrics',
          summary: 'Prometheus metrics',
          tags: ['Operations'],
          responses: { '200': { description: 'Prometheus text format.', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
      '/v1/import': {
        post: {
          operationId: 'importEntities',
          summary: 'Import a catalogue: NDJSON, all or nothing',
          description: 'One EntityRecordInput per line, optionally gzip (`Content-Encoding: gzip`). A bad line rejects the whole import, naming the line.',
          tags: ['Admin'],
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: EntityRecordInputSchema } } },
          responses: {
            '200': json(ImportAnswerSchema, 'Committed.', { headers: { 'X-Purge-Tag': header('Space-separated CDN purge tags.') } }),
            ...problems('invalid_import', 'bad_request', 'request_timeout', 'payload_too_large', 'unsupported_media_type', ...ADMIN_ERRORS),
          },
        },
      },
    },
  });
}
