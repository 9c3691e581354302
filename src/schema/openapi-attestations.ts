// The OpenAPI operations of signed reports: GET /v1/attestations/{target} (a compact JWS) and
// GET /.well-known/jwks.json (the keys that verify it). Spread into openapi-document.ts's paths.

import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { ATTESTATION_TYPE, JwksSchema } from './attestation.js';
import { header, problems, RATE_LIMIT_HEADERS, STORE_ERRORS } from './openapi-responses.js';
import { TargetPathParamsSchema } from './params.js';

export const ATTESTATIONS_TAG = { name: 'Attestations', description: 'Reports signed by the service, to keep and verify offline.' };

/** base64url header, payload and signature, dot-separated (RFC 7515 compact serialization). */
const COMPACT_JWS = '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';

export const ATTESTATION_PATHS: ZodOpenApiPathsObject = {
  '/v1/attestations/{target}': {
    get: {
      operationId: 'getAttestation',
      summary: 'The report, signed (compact JWS)',
      description:
        `The report GET /v1/entities answers, as the payload of a compact JWS (header \`typ: ${ATTESTATION_TYPE}\`, \`alg\` EdDSA or ES256, ` +
        '`kid` the RFC 7638 thumbprint of the key) with the claims `iss` (this service\'s base URL), `sub` (`registry/name`), `iat`, ' +
        '`exp` (ATTESTATION_TTL_SECONDS later), `purge_tag` (the entity\'s CDN purge tag); the report\'s own `data_version` names the ' +
        'catalogue import it reads from. Verify it against /.well-known/jwks.json, e.g. with `trustbadge verify`. Never cached.',
      tags: [ATTESTATIONS_TAG.name],
      requestParams: { path: TargetPathParamsSchema },
      responses: {
        '200': {
          description: 'The compact JWS.',
          headers: { 'Cache-Control': header('Always `no-store`: each answer is signed at its own moment.', 'no-store'), ...RATE_LIMIT_HEADERS },
          content: { 'application/jose': { schema: { type: 'string', pattern: COMPACT_JWS } } },
        },
        ...problems('invalid_target', 'not_found', 'ambiguous', ...STORE_ERRORS),
      },
    },
  },
  '/.well-known/jwks.json': {
    get: {
      operationId: 'getJwks',
      summary: 'The public keys that verify attestations and seal tickets',
      description: 'Every key the service signs or signed with (a rotated-out key stays until its tokens have expired), newest last.',
      tags: [ATTESTATIONS_TAG.name],
      responses: {
        '200': {
          description: 'The JWK set (RFC 7517).',
          headers: { 'Cache-Control': header('Five minutes.', 'public, max-age=300'), ETag: header('A strong validator of the body.') },
          content: { 'application/jwk-set+json': { schema: JwksSchema } },
        },
        '304': { description: 'Not modified: the `If-None-Match` validator still matches.' },
        ...problems('internal'),
      },
    },
  },
};
