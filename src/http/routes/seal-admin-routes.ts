// Admin routes of vendor seals, behind the admin bearer token (admin-routes.ts mounts them):
// POST /v1/seals issues one, GET/PATCH/DELETE /v1/seals/{id} read, change (a JSON merge patch) and
// revoke it. Every write names the verify page's purge tag; a hostile body changes nothing.

import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { toIsoSeconds } from '../../domain/entity-record.js';
import { AppError } from '../../domain/errors.js';
import type { Seal } from '../../domain/seal.js';
import { SealPatchSchema, SealRequestSchema, type SealAnswer } from '../../schema/seal-schemas.js';
import { parseRecordJson } from '../../services/record-json.js';
import type { ReportService } from '../../services/report-service.js';
import { sealLinks, sealTag } from '../../services/seal-links.js';
import type { SealService } from '../../services/seal-service.js';
import { baseUrlFor } from '../request/base-url.js';
import { bodyProblems, requireJson } from '../request/json-body.js';

/** A seal body is a few hundred bytes; twenty long origins stay far below this. */
const SEAL_BODY_MAX_BYTES = 16 * 1024;

export interface SealAdminDeps {
  seals: SealService;
  reports: ReportService;
  publicUrl: string | null;
  now: () => Date;
}

export function mountSealAdminRoutes(router: Router, guards: RequestHandler[], deps: SealAdminDeps): void {
  const rawBody = express.raw({ limit: SEAL_BODY_MAX_BYTES, type: () => true });
  const requireSealJson = requireJson('Send the seal as application/json.');
  const mergePatch = requireJson('Send the changes as application/merge-patch+json (or application/json).', 'application/merge-patch+json');

  router.post('/v1/seals', ...guards, requireSealJson, rawBody, async (req, res) => {
    const body = readBody(SealRequestSchema, req.body);
    const expiresAt = futureExpiry(body.expires_at ?? null, deps.now());
    const { entity } = await deps.reports.findEntity(body.target);
    const seal = await deps.seals.issue({ entity, vendor: body.vendor, origins: body.origins, expiresAt });
    res.setHeader('Location', `/v1/seals/${seal.id}`);
    await answer(req, res, seal, 201);
  });

  router.get('/v1/seals/:id', ...guards, async (req, res) => {
    await answer(req, res, await deps.seals.read(String(req.params.id)), 200);
  });

  router.patch('/v1/seals/:id', ...guards, mergePatch, rawBody, async (req, res) => {
    const body = readBody(SealPatchSchema, req.body);
    const expiresAt = body.expires_at === undefined ? undefined : futureExpiry(body.expires_at, deps.now());
    const seal = await deps.seals.patch(String(req.params.id), { ...body, expiresAt });
    await answer(req, res, seal, 200);
  });

  // Revocation is final and idempotent: the seal stays, so its image and page can say it was revoked.
  router.delete('/v1/seals/:id', ...guards, async (req, res) => {
    const seal = await deps.seals.revoke(String(req.params.id));
    res.setHeader('X-Purge-Tag', sealTag(seal.id));
    res.status(204).end();
  });

  async function answer(req: Request, res: Response, seal: Seal, status: number): Promise<void> {
    const { standing } = await deps.seals.standingOf(seal);
    const links = sealLinks(seal, baseUrlFor(req, deps.publicUrl));
    const body: SealAnswer = {
      id: seal.id,
      entity: { registry: seal.registry, name: seal.name },
      vendor: seal.vendor,
      origins: seal.origins,
      created_at: seal.createdAt,
      updated_at: seal.updatedAt,
      expires_at: seal.expiresAt,
      revoked_at: seal.revokedAt,
      standing,
      image: links.image,
      verify_url: links.verifyUrl,
      snippets: links.snippets,
      purge_tag: sealTag(seal.id),
    };
    if (req.method !== 'GET') res.setHeader('X-Purge-Tag', body.purge_tag);
    res.status(status).json(body);
  }
}

/** The body read by the record parser (no repeated keys, valid UTF-8) and checked by `schema`; else a 400 naming each field. */
function readBody<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = parseRecordJson(Buffer.isBuffer(raw) ? raw : Buffer.alloc(0));
  if (!parsed.ok) throw new AppError('invalid_seal', { detail: `The body ${parsed.message}.`, errors: [{ in: 'body', name: parsed.field ?? 'body', detail: parsed.message }] });
  const checked = schema.safeParse(parsed.record);
  if (!checked.success) {
    const errors = bodyProblems(checked.error);
    throw new AppError('invalid_seal', { detail: errors.map((e) => `${e.name}: ${e.detail}`).join('; '), errors });
  }
  return checked.data;
}

/** An expiry, in whole seconds UTC, that has not passed (to end a seal now, revoke it). */
function futureExpiry(raw: string | null, now: Date): string | null {
  if (raw === null) return null;
  const at = new Date(raw);
  if (at.getTime() <= now.getTime()) {
    throw new AppError('invalid_seal', { detail: 'expires_at must be in the future (to end a seal now, revoke it).', errors: [{ in: 'body', name: 'expires_at', detail: 'must be in the future' }] });
  }
  return toIsoSeconds(at);
}
