// Holds every JSON answer the HTTP suite receives to the OpenAPI document the service publishes:
// each server the test helpers make through the production factory is watched (watchAnswers), and
// each JSON or problem+json body is validated by @hyperjump/json-schema's OpenAPI 3.1 dialect against
// the schema the document gives for its operation, status and media type. test/helpers/answer-setup.ts
// fails the test in which an answer broke the document.

import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { validate } from '@hyperjump/json-schema/openapi-3-1';
import { createOpenApiDocument } from '../../src/schema/openapi-document.js';

export const OPENAPI_DOCUMENT = createOpenApiDocument({ serverUrl: '/' });

/** hyperjump reads an OpenAPI document from a file named *.openapi.json (its filesystem media type). */
const documentUri = (() => {
  const file = join(mkdtempSync(join(tmpdir(), 'trustbadge-openapi-')), 'trustbadge.openapi.json');
  writeFileSync(file, JSON.stringify(OPENAPI_DOCUMENT));
  return pathToFileURL(file).href;
})();

/** Which documented operation a request is, by method and path (targets may hold `/`, which templates cannot). */
const OPERATIONS: { method: string; path: RegExp; template: string; admin?: true }[] = [
  { method: 'get', path: /^\/badge\/.+\.png$/i, template: '/badge/{target}.png' },
  { method: 'get', path: /^\/badge\/.+$/i, template: '/badge/{target}.svg' },
  { method: 'get', path: /^\/card\/.+\.png$/i, template: '/card/{target}.png' },
  { method: 'get', path: /^\/v1\/preflight\/?$/i, template: '/v1/preflight' },
  { method: 'get', path: /^\/v1\/entities\/.+/i, template: '/v1/entities/{target}' },
  { method: 'put', path: /^\/v1\/entities\/.+/i, template: '/v1/entities/{target}', admin: true },
  { method: 'delete', path: /^\/v1\/entities\/.+/i, template: '/v1/entities/{target}', admin: true },
  { method: 'get', path: /^\/v1\/embed\/.+/i, template: '/v1/embed/{target}' },
  { method: 'get', path: /^\/v1\/history\/.+/i, template: '/v1/history/{target}' },
  { method: 'get', path: /^\/v1\/search\/?$/i, template: '/v1/search' },
  { method: 'get', path: /^\/v1\/shields\/.+\.json$/i, template: '/v1/shields/{target}.json' },
  { method: 'get', path: /^\/v1\/attestations\/.+/i, template: '/v1/attestations/{target}' },
  { method: 'get', path: /^\/\.well-known\/jwks\.json$/i, template: '/.well-known/jwks.json' },
  { method: 'post', path: /^\/v1\/import\/?$/i, template: '/v1/import', admin: true },
  { method: 'post', path: /^\/v1\/seals\/?$/i, template: '/v1/seals', admin: true },
  { method: 'get', path: /^\/v1\/seals\/[^/]+\/ticket$/i, template: '/v1/seals/{id}/ticket' },
  { method: 'get', path: /^\/v1\/seals\/[^/]+$/i, template: '/v1/seals/{id}', admin: true },
  { method: 'patch', path: /^\/v1\/seals\/[^/]+$/i, template: '/v1/seals/{id}', admin: true },
  { method: 'delete', path: /^\/v1\/seals\/[^/]+$/i, template: '/v1/seals/{id}', admin: true },
  { method: 'get', path: /^\/openapi\.json$/i, template: '/openapi.json' },
  { method: 'get', path: /^\/healthz$/i, template: '/healthz' },
  { method: 'get', path: /^\/livez$/i, template: '/livez' },
  { method: 'get', path: /^\/readyz$/i, template: '/readyz' },
];

/** A JSON Pointer token, percent-encoded for a URI fragment (`{target}` has braces). */
const pointerPart = (text: string): string => encodeURIComponent(text.replace(/~/g, '~0').replace(/\//g, '~1'));

export interface AnswerProblem {
  request: string;
  status: number;
  problem: string;
}

const problems: AnswerProblem[] = [];
const pending = new Set<Promise<void>>();

/** Every answer that broke the document since the last call, once all checks under way have ended. */
export async function takeAnswerProblems(): Promise<AnswerProblem[]> {
  while (pending.size > 0) await Promise.all([...pending]);
  return problems.splice(0);
}

/** How many answers were checked, for the test that proves the watch is on. */
export let checkedAnswers = 0;

/** The schema URI for an answer, or null when the document describes no JSON body for it. */
/** `adminOnly`: the admin listener (ADMIN_PORT), where every other path is no route at all. */
export function schemaFor(method: string, rawPath: string, status: number, contentType: string, adminOnly = false): string | null {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  // A JSON answer to a path no route has (route_not_found) can only be a problem document.
  const operation = OPERATIONS.find((o) => o.method === method.toLowerCase() && o.path.test(rawPath) && (!adminOnly || o.admin === true));
  if (operation === undefined) return mediaType === 'application/problem+json' ? `${documentUri}#/components/schemas/Problem` : null;
  const responses = (OPENAPI_DOCUMENT.paths?.[operation.template] as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }> | undefined)?.[method.toLowerCase()]?.responses;
  const documented = responses?.[String(status)] !== undefined ? String(status) : 'default';
  return responses?.[documented]?.content?.[mediaType] === undefined
    ? 'undocumented'
    : `${documentUri}#/paths/${pointerPart(operation.template)}/${method.toLowerCase()}/responses/${documented}/content/${pointerPart(mediaType)}/schema`;
}

async function check(req: IncomingMessage, res: ServerResponse, chunks: Buffer[], adminOnly: boolean): Promise<void> {
  const contentType = String(res.getHeader('content-type') ?? '');
  const isJson = /^application\/(problem\+)?json/i.test(contentType);
  const rawPath = (req.url ?? '/').split('?')[0]!;
  const request = `${req.method} ${(req.url ?? '').slice(0, 200)}`;
  if (res.statusCode === 304 || req.method === 'HEAD' || !isJson) return;
  const schema = schemaFor(req.method ?? 'GET', rawPath, res.statusCode, contentType, adminOnly);
  if (schema === null) return;
  if (schema === 'undocumented') {
    problems.push({ request, status: res.statusCode, problem: `the document has no ${contentType} answer ${res.statusCode} for this operation` });
    return;
  }
  let body: unknown;
  try {
    const bytes = Buffer.concat(chunks);
    const coding = String(res.getHeader('content-encoding') ?? '');
    body = JSON.parse((coding === 'gzip' ? gunzipSync(bytes) : coding === 'br' ? brotliDecompressSync(bytes) : bytes).toString('utf8'));
  } catch (error) {
    problems.push({ request, status: res.statusCode, problem: `unreadable body: ${String(error)}` });
    return;
  }
  checkedAnswers++;
  const output = await validate(schema, body as never, 'BASIC');
  if (!output.valid) {
    const errors = (output.errors ?? []).slice(-4).map((e) => `${e.instanceLocation} ${e.absoluteKeywordLocation.replace(/^.*#/, '#')}`);
    problems.push({ request, status: res.statusCode, problem: `${JSON.stringify(body).slice(0, 300)} breaks ${schema.replace(/^.*#/, '#')}: ${errors.join('; ')}` });
  }
}

/**
 * Watches every answer `server` writes, before its handler runs: the body is collected as it is
 * written (the instance's own write/end, wrapped here, in test code only) and checked once sent.
 */
export function watchAnswers(server: Server, listener: 'public' | 'admin' = 'public'): Server {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown, encoding?: unknown): void => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
    res.once('finish', () => {
      const done = check(req, res, chunks, listener === 'admin').catch((error: unknown) => {
        problems.push({ request: `${req.method} ${req.url}`, status: res.statusCode, problem: `validator failed: ${String(error)}` });
      });
      pending.add(done);
      void done.finally(() => pending.delete(done));
    });
  });
  return server;
}
