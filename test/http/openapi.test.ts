import { validate } from '@hyperjump/json-schema/openapi-3-1';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { EXAMPLE_BASE_URL, EXAMPLE_REQUESTS, EXAMPLES } from '../../src/schema/examples.js';
import { createOpenApiDocument } from '../../src/schema/openapi-document.js';
import { OPENAPI_DOCUMENT, schemaFor } from '../helpers/openapi-answers.js';
import { createTestApp } from '../helpers/test-app.js';

type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, { example?: unknown }> }> };
const operations = (doc: typeof OPENAPI_DOCUMENT): [string, string, Operation][] =>
  Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => [path, method, operation] as [string, string, Operation]),
  );

describe('/openapi.json', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: 'secret-token-for-tests' });
  });
  afterAll(() => t.close());

  it('is an OpenAPI 3.1 document, valid against the OAS 3.1 schema', async () => {
    const res = await request(t.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    const output = await validate('https://spec.openapis.org/oas/3.1/schema-base', res.body, 'BASIC');
    expect(output.valid ? [] : output.errors).toEqual([]);
  });

  it('is the document the schemas make, serving `/` unless PUBLIC_URL names the origin', async () => {
    const res = await request(t.app).get('/openapi.json');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    const named = await createTestApp({ PUBLIC_URL: 'https://badges.example.org' });
    try {
      const served = await request(named.app).get('/openapi.json');
      expect(served.body.servers).toEqual([{ url: 'https://badges.example.org' }]);
      expect(served.body).toEqual(JSON.parse(JSON.stringify(createOpenApiDocument({ serverUrl: 'https://badges.example.org' }))));
    } finally {
      await named.close();
    }
  });

  it('answers 304 to its own strong ETag', async () => {
    const first = await request(t.app).get('/openapi.json');
    expect(first.headers.etag).toMatch(/^"[^"]+"$/);
    const again = await request(t.app).get('/openapi.json').set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
  });

  it('describes every public and admin route, each operation named once, every error as problem details', () => {
    const described = operations(OPENAPI_DOCUMENT).map(([path, method]) => `${method.toUpperCase()} ${path}`);
    expect(described.sort()).toEqual(
      [
        'GET /badge/{target}.svg', 'GET /badge/{target}.png', 'GET /card/{target}.png', 'GET /v1/preflight', 'GET /v1/entities/{target}', 'PUT /v1/entities/{target}',
        'DELETE /v1/entities/{target}', 'GET /v1/embed/{target}', 'GET /v1/history/{target}', 'GET /v1/search', 'GET /v1/shields/{target}.json', 'POST /v1/import',
        'GET /openapi.json', 'GET /healthz', 'GET /livez', 'GET /readyz', 'GET /metrics', 'POST /v1/preflight',
        'POST /v1/sets', 'GET /v1/sets/{id}', 'GET /badge/set/{id}.svg', 'GET /badge/set/{id}.png',
        'GET /v1/attestations/{target}', 'GET /.well-known/jwks.json',
        'POST /v1/seals', 'GET /v1/seals/{id}', 'PATCH /v1/seals/{id}', 'DELETE /v1/seals/{id}', 'GET /v1/seals/{id}/ticket', 'GET /seal/{id}.svg', 'GET /seal/{id}.png',
      ].sort(),
    );
    const ids = operations(OPENAPI_DOCUMENT).map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, method, op] of operations(OPENAPI_DOCUMENT)) {
      for (const [status, answer] of Object.entries(op.responses)) {
        if (!(status === 'default' || Number(status) >= 400) || path.startsWith('/badge/') || path.startsWith('/card/') || path.startsWith('/seal/') || path === '/healthz' || path === '/readyz') continue;
        expect(Object.keys(answer.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('names every problem type the service can answer', () => {
    const problem = (OPENAPI_DOCUMENT.components?.schemas?.Problem ?? {}) as { properties: { code: { enum: string[] } } };
    expect(problem.properties.code.enum.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('takes its examples from the sample catalogue: each is what the service answers today', async () => {
    const shown = await createTestApp({ PUBLIC_URL: EXAMPLE_BASE_URL });
    try {
      for (const [name, path] of Object.entries(EXAMPLE_REQUESTS)) {
        const res = await request(shown.app).get(path);
        const expected = EXAMPLES[name as keyof typeof EXAMPLES] as Record<string, unknown>;
        expect({ ...res.body, instance: undefined }, name).toEqual({ ...expected, instance: undefined });
      }
    } finally {
      await shown.close();
    }
    // And the document shows them where they belong.
    const examples = operations(OPENAPI_DOCUMENT).flatMap(([, , op]) => Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.example)));
    for (const example of Object.values(EXAMPLES)) expect(examples).toContainEqual(example);
  });

  it('would catch an answer that breaks it: the validator the suite runs refuses a report without its grade', async () => {
    const schema = schemaFor('GET', '/v1/entities/web/OpenRouter', 200, 'application/json')!;
    expect((await validate(schema, EXAMPLES.report as never)).valid).toBe(true);
    const { grade: _grade, ...broken } = EXAMPLES.report;
    expect((await validate(schema, broken as never)).valid).toBe(false);
    expect((await validate(schema, { ...EXAMPLES.report, grade: 'E' } as never)).valid).toBe(false);
    expect(schemaFor('GET', '/v1/search', 418, 'application/problem+json')).toMatch(/responses\/default\//);
  });
});
