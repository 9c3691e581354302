// Signed reports: GET /v1/attestations/{target} answers the report as a compact JWS
// (application/jose), behind the JSON miss limit; GET /.well-known/jwks.json the keys that verify it.
// Targets resolve as for the report routes (400/404/409 problem documents); nothing signed is cached.

import { createHash } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AttestationService } from '../../services/attestation-service.js';
import type { Signer } from '../../services/signing-keys.js';
import { baseUrlFor } from '../request/base-url.js';
import { readTargetPath } from '../request/read-params.js';
import { isNotModified } from '../response/conditional.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setAttestationHeaders, setKeySetHeaders, type HeaderPolicy } from '../response/headers.js';

export const ATTESTATION_PREFIX = '/v1/attestations/';
export const JWKS_PATH = '/.well-known/jwks.json';

export interface AttestationRouterDeps {
  attestations: AttestationService;
  signer: Signer;
  policy: HeaderPolicy;
  publicUrl: string | null;
  limit: RequestHandler;
}

export function createAttestationRouter(deps: AttestationRouterDeps): Router {
  const router = Router();
  // The key set never changes while the process runs: its bytes and validator, made at first request.
  let keySet: Promise<{ bytes: Buffer; etag: string }> | null = null;
  const keySetAnswer = () =>
    (keySet ??= deps.signer.jwks().then(
      (jwks) => {
        const bytes = Buffer.from(JSON.stringify(jwks));
        return { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"` };
      },
      (error: unknown) => {
        // Not kept: the next request tries again.
        keySet = null;
        throw error;
      },
    ));

  router.get(/^\/v1\/attestations\/.+/, deps.limit, async (req, res) => {
    const target = readTargetPath(req.path.slice(ATTESTATION_PREFIX.length));
    // Worked out again when a write lands meanwhile, so the signed score is never one a write replaced.
    const { token } = await workOutCurrent(res, deps.policy, () => deps.attestations.getAttestation(target, baseUrlFor(req, deps.publicUrl)));
    setAttestationHeaders(res);
    send(req, res, 'application/jose', Buffer.from(token, 'ascii'));
  });

  router.get(JWKS_PATH, async (req, res) => {
    const { bytes, etag } = await keySetAnswer();
    setKeySetHeaders(res);
    res.setHeader('ETag', etag);
    if (isNotModified(req, [etag], null)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    send(req, res, 'application/jwk-set+json', bytes);
  });

  return router;
}

function send(req: Request, res: Response, contentType: string, bytes: Buffer): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(bytes.length));
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
