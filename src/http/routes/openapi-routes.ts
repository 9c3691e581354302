// GET /openapi.json — the OpenAPI 3.1 document (src/schema/openapi-document.ts), built once at start
// and served with a strong ETag like every JSON answer. It names no host: its server is PUBLIC_URL, or
// `/` (the document's own origin), so one document serves every Host.

import { Router } from 'express';
import type { createOpenApiDocument } from '../../schema/openapi-document.js';
import { JSON_CSP, SHORT_CACHE_CONTROL, setCommonHeaders } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';

export function createOpenApiRouter(deps: { document: ReturnType<typeof createOpenApiDocument> }): Router {
  const router = Router();
  router.get('/openapi.json', (req, res) => {
    setCommonHeaders(res);
    res.setHeader('Content-Security-Policy', JSON_CSP);
    res.setHeader('Cache-Control', SHORT_CACHE_CONTROL);
    sendJson(req, res, deps.document);
  });
  return router;
}
