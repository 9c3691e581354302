// The body of POST /v1/import as the importer reads it (identity or gzip), refused once gzip expands
// past a fixed ratio. It never destroys the request: the refusal must still go out on its socket.

import type { IncomingMessage } from 'node:http';
import { finished, PassThrough, pipeline, Transform, type Readable, type Writable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { AppError } from '../../domain/errors.js';

/**
 * NDJSON catalogues gzip 5–20× (the generated one 7.3×); a gzip bomb expands ~1000×, deflate's
 * ceiling. At 100× a catalogue five times more repetitive than the usual still passes, and a bomb
 * is refused after decompressing about GZIP_RATIO_ALLOWANCE_BYTES, milliseconds of work, instead
 * of parsing up to IMPORT_MAX_BYTES of it (170–250 s of CPU holding the write lock).
 */
export const GZIP_MAX_RATIO = 100;
/** Decompressed bytes allowed past the ratio, so the start of a body (and a small file of near-identical lines) never trips it. */
export const GZIP_RATIO_ALLOWANCE_BYTES = 256 * 1024;

/** Throws unsupported_media_type for an encoding other than gzip or identity. */
export function decodeImportBody(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let body: Readable;
  if (encoding === 'identity') {
    // A stream of its own, so the import can be stopped (destroyed) without destroying the request.
    body = forwardBody(req, new PassThrough());
  } else if (encoding === 'gzip') {
    const gunzip = createGunzip();
    body = pipeline(forwardBody(req, gunzip), boundExpansion(gunzip), () => undefined);
  } else {
    throw new AppError('unsupported_media_type', { detail: 'Content-Encoding must be gzip or identity.' });
  }
  // Errors reach the importer through its iteration; this keeps one that comes before the import
  // starts reading (it may be waiting for the store's write lock) from being an unhandled 'error'.
  body.on('error', () => undefined);
  return body;
}

/**
 * Pipes the request into `target`, and fails `target` when the request fails or closes before its
 * end (a client gone mid-body): pipe alone would leave the import waiting, holding the write lock.
 */
function forwardBody<T extends Writable>(req: IncomingMessage, target: T): T {
  finished(req, (error) => {
    if (error) target.destroy(error);
  });
  return req.pipe(target);
}

/** Passes decompressed chunks on while they stay within GZIP_MAX_RATIO of the compressed bytes the engine has taken in. */
function boundExpansion(gunzip: Gunzip): Transform {
  let decompressedBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      decompressedBytes += chunk.length;
      if (decompressedBytes > GZIP_MAX_RATIO * gunzip.bytesWritten + GZIP_RATIO_ALLOWANCE_BYTES) {
        done(
          new AppError('payload_too_large', {
            detail: `The gzip body expands more than ${GZIP_MAX_RATIO} times its compressed size, which no catalogue does; nothing was changed.`,
            extra: { max_ratio: GZIP_MAX_RATIO },
          }),
        );
        return;
      }
      done(null, chunk);
    },
  });
}
