// A plain node:http client for requests supertest would tidy up: any method, exact header bytes,
// and the body exactly as sent (decompressed here, by its Content-Encoding, so that step is checked too).

import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Decoded by Content-Encoding. */
  body: Buffer;
}

/**
 * One connection per request: a server that answers before reading a large body closes that
 * connection, and a pooled client may race to reuse it (a client-side hang-up, not an answer).
 */
export function createRawClient(port: number) {
  return {
    send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<RawAnswer> {
      return new Promise((resolve, reject) => {
        // Node frames a DELETE or TRACE body only when told its length; unframed, the body would
        // reach the server as a second, garbage request and race the first answer.
        const framed = body === undefined || 'Content-Length' in headers ? headers : { ...headers, 'Content-Length': String(body.length) };
        const req = request({ host: '127.0.0.1', port, method, path, headers: framed, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decode(res.headers['content-encoding'], Buffer.concat(chunks)) });
            } catch (error) {
              reject(error);
            }
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}

function decode(encoding: string | undefined, body: Buffer): Buffer {
  if (encoding === undefined || body.length === 0) return body;
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  throw new Error(`unexpected Content-Encoding ${encoding}`);
}
