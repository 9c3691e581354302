// JSON answers drawn from the store (reports, entities, search, embeds, shields) as bytes on the
// wire: a strong ETag per content coding, a 304 when the client's copy is current, and the body
// compressed here (gzip or brotli, as for badges) so the validator always names the bytes sent.
// Cache-Control and purge tags come from headers.ts, as for badges.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isNotModified } from './conditional.js';
import { chooseEncoding, etagOf, etagsOfEveryCoding } from './encoding.js';

/** Smaller bodies are sent as they are: compression would save less than its headers cost. */
const COMPRESS_FROM_BYTES = 1024;
/** Brotli quality for answers compressed per request: near gzip's speed, smaller. */
const BROTLI_QUALITY = 5;

/** Writes `body` as JSON, or a 304 when the client's copy is current; headers set before are kept. */
export function sendJson(req: IncomingMessage, res: ServerResponse, body: unknown, options: { status?: number; lastModified?: Date | null } = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  const status = options.status ?? 200;
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
  const compressible = bytes.length >= COMPRESS_FROM_BYTES;
  const encoding = chooseEncoding(req.headers['accept-encoding'], compressible);
  if (compressible) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', etagOf(etag, encoding));
  if (options.lastModified != null) res.setHeader('Last-Modified', options.lastModified.toUTCString());
  if (status === 200 && isNotModified(req, etagsOfEveryCoding(etag), options.lastModified ?? null)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const sent =
    encoding === 'br'
      ? brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
      : encoding === 'gzip'
        ? gzipSync(bytes)
        : bytes;
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (encoding !== null) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(sent.length));
  res.end(req.method === 'HEAD' ? undefined : sent);
}
