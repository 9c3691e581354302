// The OpenAPI operations of vendor seals: the admin API (issue, read, patch, revoke), the seal image,
// its ticket for pages without a Referer, spread into openapi-document.ts's paths.

import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { ADMIN_ERRORS, header, json, problems, RATE_LIMIT_HEADERS, STORE_ERRORS } from './openapi-responses.js';
import { SealAnswerSchema, SealImageQuerySchema, SealPatchSchema, SealRequestSchema, SealTicketSchema } from './seal-schemas.js';

export const SEALS_TAG = {
  name: 'Seals',
  description: 'Trust images for vendor sites: the grade shows only on the origins a seal is bound to, grey anywhere else.',
};

const SealIdParams = z.object({ id: z.string().meta({ description: 'The seal\'s id (22 characters, base64url).', example: 'q7Vd0pWm2cJ5nL3xYt8eZA' }) });
const PURGE_TAG = { 'X-Purge-Tag': header('The verify page\'s CDN purge tag.') };
const noStore = { 'Cache-Control': header('`no-store`.', 'no-store') };

const SEAL_STATES =
  'Every outcome is a picture. `X-Seal-State` says which: `valid` (the grade; only when the Referer\'s origin, or a ticket\'s, is one of the seal\'s), ' +
  '`foreign` (grey, naming the bound domain: another site, no Referer, or a Referer with credentials or another scheme), `expired`, `revoked`, ' +
  '`below_threshold`, `entity_missing`; an unknown id is a grey 404, a bad parameter a grey 400. ' +
  'Cache rule: `Cache-Control: private, no-cache` and `Vary: Referer` — no shared cache stores a seal, and a browser revalidates each use (the ETag names the picture).';

function sealImageOperation(format: 'svg' | 'png'): ZodOpenApiOperationObject {
  const type = format === 'svg' ? 'image/svg+xml' : 'image/png';
  return {
    operationId: format === 'svg' ? 'getSealSvg' : 'getSealPng',
    summary: `The seal image (${format.toUpperCase()})`,
    description: SEAL_STATES,
    tags: [SEALS_TAG.name],
    requestParams: { path: SealIdParams, query: SealImageQuerySchema },
    responses: Object.fromEntries(['200', '400', '404', '503'].map((status) => [status, {
      description: { '200': 'The seal, valid or grey.', '400': 'A grey seal naming the bad parameter.', '404': 'A grey `unknown seal`.', '503': 'A grey `unavailable`.' }[status]!,
      headers: {
        'Cache-Control': header('Always `private, no-cache`.', 'private, no-cache'),
        Vary: header('`Referer` (and `Accept-Encoding` for SVG).'),
        ETag: header('Names the picture: another page\'s copy never validates.'),
        'X-Seal-State': header('valid, foreign, expired, revoked, below_threshold, entity_missing, unknown, invalid or unavailable.', 'valid'),
      },
      content: { [type]: { schema: type === 'image/png' ? { type: 'string' as const, contentMediaType: 'image/png' } : { type: 'string' as const } } },
    }])),
  };
}

export const SEAL_PATHS: ZodOpenApiPathsObject = {
  '/v1/seals': {
    post: {
      operationId: 'issueSeal',
      summary: 'Issue a seal for an entity, bound to origins',
      tags: ['Admin', SEALS_TAG.name],
      security: [{ adminToken: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: SealRequestSchema } } },
      responses: {
        '201': json(SealAnswerSchema, 'Issued.', { headers: { Location: header('The seal (GET with the admin token).'), ...PURGE_TAG, ...noStore } }),
        ...problems('invalid_seal', 'invalid_target', 'not_found', 'ambiguous', 'payload_too_large', 'unsupported_media_type', ...ADMIN_ERRORS),
      },
    },
  },
  '/v1/seals/{id}': {
    get: {
      operationId: 'getSeal',
      summary: 'A seal, its standing and its snippets',
      tags: ['Admin', SEALS_TAG.name],
      security: [{ adminToken: [] }],
      requestParams: { path: SealIdParams },
      responses: { '200': json(SealAnswerSchema, 'The seal.', { headers: noStore }), ...problems('seal_not_found', ...ADMIN_ERRORS) },
    },
    patch: {
      operationId: 'patchSeal',
      summary: 'Change a seal\'s vendor, origins or expiry',
      tags: ['Admin', SEALS_TAG.name],
      security: [{ adminToken: [] }],
      requestParams: { path: SealIdParams },
      requestBody: { required: true, content: { 'application/merge-patch+json': { schema: SealPatchSchema } } },
      responses: {
        '200': json(SealAnswerSchema, 'Changed.', { headers: { ...PURGE_TAG, ...noStore } }),
        ...problems('invalid_seal', 'seal_not_found', 'seal_revoked', 'payload_too_large', 'unsupported_media_type', ...ADMIN_ERRORS),
      },
    },
    delete: {
      operationId: 'revokeSeal',
      summary: 'Revoke a seal (final; it stays, grey, so its page can say so)',
      tags: ['Admin', SEALS_TAG.name],
      security: [{ adminToken: [] }],
      requestParams: { path: SealIdParams },
      responses: { '204': { description: 'Revoked (or already revoked).', headers: PURGE_TAG }, ...problems('seal_not_found', ...ADMIN_ERRORS) },
    },
  },
  '/v1/seals/{id}/ticket': {
    get: {
      operationId: 'getSealTicket',
      summary: 'Image URLs with a five-minute ticket for the asking page',
      description: 'For the script snippet on pages that send no Referer. The ticket, signed by the service, names the Origin the browser sent '
        + 'with this cross-origin request (which no page script can choose); the image then judges that origin as it would a Referer\'s.',
      tags: [SEALS_TAG.name],
      requestParams: { path: SealIdParams },
      responses: {
        '200': json(SealTicketSchema, 'The ticketed image URLs.', { headers: { ...noStore, Vary: header('`Origin`.'), ...RATE_LIMIT_HEADERS } }),
        ...problems('bad_request', 'seal_not_found', ...STORE_ERRORS),
      },
    },
  },
  '/seal/{id}.svg': { get: sealImageOperation('svg') },
  '/seal/{id}.png': { get: sealImageOperation('png') },
};
