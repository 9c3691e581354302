// POST /v1/preflight — many targets or package URLs in one JSON body, each answered on its own.
// The body is bounded before it is read (413), must be JSON with no repeated key, and is counted
// against the rate limit by the items that reach the store, not as one request.

import express, { Router, type RequestHandler } from 'express';
import { AppError } from '../../domain/errors.js';
import { MAX_REF_CHARS } from '../../domain/ref-rules.js';
import { BatchRequestSchema } from '../../schema/answers.js';
import type { BatchService } from '../../services/batch-service.js';
import { parseRecordJson } from '../../services/record-json.js';
import { baseUrlFor } from '../request/base-url.js';
import { bodyProblems, requireJson } from '../request/json-body.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';

/** Bytes a body of `maxTargets` items of the longest kind may take, escaped (`\uXXXX`), with room for the rest. */
export function batchMaxBytes(maxTargets: number): number {
  return maxTargets * (MAX_REF_CHARS * 6 + 4) + 1024;
}

export function createBatchRouter(deps: { batch: BatchService; policy: HeaderPolicy; publicUrl: string | null; maxTargets: number; limit: RequestHandler }): Router {
  const router = Router();
  const requireBatchJson = requireJson('Send the batch as application/json: {"targets": [...]}.');
  // Raw bytes under a bound (body-parser refuses a longer Content-Length before reading, and stops
  // reading at the bound otherwise), parsed strictly: UTF-8, JSON, no key given twice.
  const rawBody = express.raw({ limit: batchMaxBytes(deps.maxTargets), type: () => true });

  router.post('/v1/preflight', requireBatchJson, rawBody, deps.limit, async (req, res) => {
    const targets = readBatch(req.body, deps.maxTargets);
    const answer = await workOutCurrent(res, deps.policy, () => deps.batch.check(targets, baseUrlFor(req, deps.publicUrl)));
    setToolJsonHeaders(res, deps.policy, { cacheControl: 'no-store', purgeTags: [] });
    sendJson(req, res, answer);
  });
  return router;
}

function readBatch(body: unknown, maxTargets: number): string[] {
  const parsed = parseRecordJson(Buffer.isBuffer(body) ? body : Buffer.alloc(0));
  if (!parsed.ok) {
    const detail = parsed.field === null ? `The body ${parsed.message}.` : `${parsed.field} ${parsed.message}.`;
    throw new AppError('invalid_batch', { detail, errors: [{ in: 'body', name: parsed.field ?? 'body', detail: parsed.message }] });
  }
  const request = BatchRequestSchema.safeParse(parsed.record);
  if (!request.success) {
    const errors = bodyProblems(request.error);
    throw new AppError('invalid_batch', { detail: 'The body must be {"targets": [...]}, one to BATCH_MAX_TARGETS strings.', errors });
  }
  const { targets } = request.data;
  if (targets.length > maxTargets) {
    throw new AppError('payload_too_large', {
      detail: `A batch takes at most ${maxTargets} targets; this one has ${targets.length}. Split it.`,
      errors: [{ in: 'body', name: 'targets', detail: `at most ${maxTargets} items` }],
    });
  }
  return targets;
}
