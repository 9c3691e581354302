// The OpenAPI 3.1 document (/openapi.json, and the /docs/api page drawn from it), generated from the
// very schemas the routes validate with and the services answer with (zod-openapi), so the
// description cannot drift from the service. Examples are the sample catalogue's (web/OpenRouter).

import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { EntityRecordInputSchema } from '../domain/entity-record.js';
import {
  EmbedAnswerSchema,
  EntityReportSchema,
  HistoryAnswerSchema,
  SearchAnswerSchema,
  BatchAnswerSchema,
  BatchRequestSchema,
  SetCreatedSchema,
  SetReportSchema,
  SetRequestSchema,
  ShieldsBodySchema,
} from './answers.js';
import { EXAMPLES } from './examples.js';
import { badgeOperation, badgeQuery, cardOperation, setBadgeOperation } from './openapi-images.js';
import { ATTESTATION_PATHS, ATTESTATIONS_TAG } from './openapi-attestations.js';
import { SEAL_PATHS, SEALS_TAG } from './openapi-seals.js';
import { HealthSchema, ImportAnswerSchema, LiveSchema, PutEntityAnswerSchema, ReadySchema } from './operator-answers.js';
import { ADMIN_ERRORS, CACHED_HEADERS, header, json, NOT_MODIFIED, problems, RATE_LIMIT_HEADERS, STORE_ERRORS } from './openapi-responses.js';
import { HistoryQuerySchema, PreflightQuerySchema, SearchQuerySchema, TargetPathParamsSchema } from './params.js';

export const API_VERSION = '1.0.0';

const targetPath = TargetPathParamsSchema;

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
