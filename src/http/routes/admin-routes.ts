// Admin routes: PUT/DELETE /v1/entities/{registry}/{name}, POST /v1/import (NDJSON, streamed,
// all or nothing) and the seals' (seal-admin-routes.ts). Threat model: anyone can reach them, so without ADMIN_TOKEN they do not exist
// (404); with it, a bearer token compared in constant time, bodies bounded while they stream, and
// nothing of the token ever logged or echoed.

import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { checkEntityRecord, describeFieldErrors, toEntityRecord, type FieldError } from '../../domain/entity-record.js';
import { foldName, type Entity } from '../../domain/entity.js';
import { AppError } from '../../domain/errors.js';
import { importNdjson } from '../../services/import-entities.js';
import { entityTag, tagsForChange } from '../../services/purge-tag.js';
import { parseRecordJson } from '../../services/record-json.js';
import { StaleWriteError, type Store } from '../../store/store.js';
import { decodeImportBody } from '../request/import-body.js';
import { requireJson } from '../request/json-body.js';
import { decodeTargetPath } from '../request/request-target.js';
import { mountSealAdminRoutes, type SealAdminDeps } from './seal-admin-routes.js';

/** An entity record is a few KiB at most; anything near this is not one. */
export const ENTITY_BODY_MAX_BYTES = 64 * 1024;
const ENTITY_PATH = /^\/v1\/entities\/([^/]+)\/(.+)$/;

export interface AdminRouterDeps {
  /** null: the routes are not mounted at all. */
  adminToken: string | null;
  store: Store;
  importMaxBytes: number;
  /** An import still running after this is aborted and rolled back (408). */
  importMaxSeconds: number;
  logger: Logger;
  now: () => Date;
  /** The seal routes' services (seal-admin-routes.ts). */
  seals: Omit<SealAdminDeps, 'now'>;
}

export function createAdminRouter(deps: AdminRouterDeps): Router {
  const router = Router();
  if (deps.adminToken === null) return router;
  const expected = digest(deps.adminToken);
  const authorize: RequestHandler = (req, res, next) => {
    const presented = /^Bearer ([^\s]+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return next();
    deps.logger.warn({ ip: req.ip, reqId: res.locals.reqId, method: req.method, path: req.path.slice(0, 200) }, 'admin request refused: bad or missing bearer token');
    res.setHeader('WWW-Authenticate', presented === undefined ? 'Bearer realm="trustbadge admin"' : 'Bearer realm="trustbadge admin", error="invalid_token"');
    next(new AppError('unauthorized'));
  };
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
  // Raw bytes, parsed by the import's own record parser: it refuses bad UTF-8 and repeated keys,
  // which express.json would replace with U+FFFD and let the last one win.
  const rawBody = express.raw({ limit: ENTITY_BODY_MAX_BYTES, type: () => true });

  mountSealAdminRoutes(router, [authorize, noStore], { ...deps.seals, now: deps.now });

  router.put(ENTITY_PATH, authorize, noStore, requireEntityJson, rawBody, async (req, res) => {
    const { registry, name } = entityPath(req);
    const entity = checkPutBody(req.body, registry, name, deps.now());
    const summary = await storeCall(() => deps.store.writeEntities([entity]));
    const created = summary.inserted === 1;
    const tag = entityTag(entity.registry, entity.name);
    const purgeTags = setPurgeTagsOfWrite(res, tagsForChange(summary.change));
    if (created) res.setHeader('Location', `/v1/entities/${encodeURIComponent(entity.registry)}/${entity.name.split('/').map(encodeURIComponent).join('/')}`);
    res.status(created ? 201 : 200).json({ created, changed: summary.unchanged === 0, purge_tag: tag, purge_tags: purgeTags, entity: toEntityRecord(entity) });
  });

  router.delete(ENTITY_PATH, authorize, noStore, async (req, res) => {
    const { registry, name } = entityPath(req);
    const deleted = await storeCall(() => deps.store.deleteEntity(registry, name));
    if (deleted === null) throw new AppError('not_found');
    const touched = [deleted.name, ...deleted.aliases].map(foldName);
    setPurgeTagsOfWrite(res, tagsForChange({ kind: 'entities', entities: [{ registry: deleted.registry, keys: touched }] }, { deletion: true }));
    res.status(204).end();
  });

  router.post('/v1/import', authorize, noStore, async (req, res) => {
    const declared = Number(req.get('content-length') ?? NaN);
    if (declared > deps.importMaxBytes) {
      res.setHeader('Connection', 'close');
      throw new AppError('payload_too_large', { detail: `The import is larger than ${deps.importMaxBytes} bytes; nothing was changed.` });
    }
    const body = decodeImportBody(req);
    // Stops an import whose body trickles in or stalls: destroying its input rolls the store's
    // transaction back and frees the write lock. Once the input has ended, the store finishes.
    const deadline = setTimeout(() => {
      if (!body.readableEnded) body.destroy(new AppError('request_timeout', { detail: `The import ran past ${deps.importMaxSeconds} s (IMPORT_MAX_SECONDS); nothing was changed.` }));
    }, deps.importMaxSeconds * 1000);
    try {
      const { change, ...result } = await importNdjson(deps.store, body, deps.now, { maxBytes: deps.importMaxBytes });
      deps.logger.info({ reqId: res.locals.reqId, ...result }, 'admin import committed');
      const purgeTags = result.inserted + result.updated > 0 ? setPurgeTagsOfWrite(res, tagsForChange(change)) : [];
      res.json({ ...result, purge_tags: purgeTags });
    } catch (error) {
      // The client will not read an answer to a body it is still sending: close the connection after it.
      res.setHeader('Connection', 'close');
      if (error instanceof AppError) throw error;
      if (/^Z_/.test(String((error as { code?: unknown }).code))) throw new AppError('bad_request', { detail: 'The body is not valid gzip; nothing was changed.', cause: error });
      if (!req.complete) throw new AppError('bad_request', { detail: 'The request body ended early; nothing was changed.', cause: error });
      throw new AppError('store_unavailable', { cause: error });
    } finally {
      clearTimeout(deadline);
    }
  });

  return router;
}

/**
 * `X-Purge-Tag`: every CDN tag the write can have made wrong, space-separated (tagsForChange), for
 * the operator's purge; returns them for the JSON answer too.
 */
function setPurgeTagsOfWrite(res: Response, tags: string[]): string[] {
  if (tags.length > 0) res.setHeader('X-Purge-Tag', tags.join(' '));
  return tags;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

const requireEntityJson = requireJson('Send the entity as application/json.');

/**
 * A store failure is the store's, not the client's: 503, logged with its cause. But a record dated
 * before the stored one is the client's mistake: history only moves forward.
 */
async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StaleWriteError) throw invalidEntity([{ field: 'updated_at', message: `must not be earlier than the stored ${error.stored}` }]);
    throw error instanceof AppError ? error : new AppError('store_unavailable', { cause: error });
  }
}

function entityPath(req: Request): { registry: string; name: string } {
  const match = ENTITY_PATH.exec(req.path);
  const registry = decodeTargetPath(match?.[1] ?? '');
  const name = decodeTargetPath(match?.[2] ?? '');
  if (registry === null || name === null) throw new AppError('invalid_target');
  return { registry, name };
}

/** The body is one import record; registry and name come from the URL when it leaves them out, and must agree with it otherwise. */
function checkPutBody(rawBody: unknown, registry: string, name: string, now: Date): Entity {
  const parsed = parseRecordJson(Buffer.isBuffer(rawBody) ? rawBody : Buffer.alloc(0));
  if (!parsed.ok) throw invalidEntity([{ field: parsed.field ?? '(body)', message: parsed.message }]);
  const body = parsed.record;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidEntity([{ field: '(body)', message: 'must be a JSON object' }]);
  }
  const record = { registry, name, ...(body as Record<string, unknown>) };
  const checked = checkEntityRecord(record, now);
  if (!checked.ok) throw invalidEntity(checked.errors);
  const errors: FieldError[] = [];
  if (checked.entity.registry !== registry) errors.push({ field: 'registry', message: `must match the URL ("${registry}")` });
  if (foldName(checked.entity.name) !== foldName(name)) {
    errors.push({ field: 'name', message: 'must match the URL (up to letter case)' });
  }
  if (errors.length > 0) throw invalidEntity(errors);
  return checked.entity;
}

function invalidEntity(errors: FieldError[]): AppError {
  return new AppError('invalid_entity', { detail: describeFieldErrors(errors), errors: errors.map((e) => ({ in: 'body', name: e.field, detail: e.message })) });
}
