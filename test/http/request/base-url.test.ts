// Links built from the request: a Host or X-Forwarded-Proto that is not a valid host or scheme is
// never used (regressions: `Host: x:99999` answered 500; a forged X-Forwarded-Proto became the
// scheme of every link in a publicly cacheable answer).

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validHost } from '../../../src/http/request/base-url.js';
import { createTestApp } from '../../helpers/test-app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ TRUST_PROXY: 'loopback' });
});
afterAll(async () => t.close());

describe('the Host a link is built on', () => {
  it.each([
    ['example.org', 'example.org'],
    ['Example.ORG:8080', 'example.org:8080'],
    ['127.0.0.1:1', '127.0.0.1:1'],
    ['[::1]:65535', '[::1]:65535'],
    ['x:99999', null],
    ['x:0', null],
    ['x:', null],
    ['a..b', null],
    ['-a.example', null],
    ['exa mple.org', null],
    ['example.org/path', null],
    ['"><script>', null],
    ['[zz::1]', null],
    ['a'.repeat(300), null],
  ])('%s → %s', (raw, host) => {
    expect(validHost(raw)).toBe(host);
  });

  it('builds JSON links on localhost then', async () => {
    const res = await request(t.app).get('/v1/preflight?target=openrouter').set('Host', 'x:99999');
    expect(res.body.badge.svg).toBe('http://localhost/badge/web/OpenRouter.svg');
  });

  it.each(['/entity/openrouter', '/?target=openrouter', '/v1/embed/openrouter', '/v1/preflight?target=openrouter'])(
    'answers %s with Host: x:99999 as for no usable host, never a 500',
    async (path) => {
      const res = await request(t.app).get(path).set('Host', 'x:99999');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('99999');
    },
  );
});

describe('the scheme a link is built on', () => {
  it.each(['https://evil.example/x?', 'javascript:alert(1)//', 'ftp', 'https, http', ''])('ignores X-Forwarded-Proto %j unless it is http or https', async (proto) => {
    const res = await request(t.app).get('/v1/embed/openrouter').set('Host', 'badges.example.org').set('X-Forwarded-Proto', proto);
    expect(res.status).toBe(200);
    const links = [res.body.badge.svg, res.body.badge.report, res.body.badge.markdown, res.body.badge.html].join('\n');
    expect(links).not.toMatch(/evil|javascript|ftp:/);
    const expected = proto.startsWith('https,') ? 'https' : 'http';
    expect(res.body.badge.svg).toBe(`${expected}://badges.example.org/badge/web/OpenRouter.svg`);
  });

  it('takes https from a trusted proxy', async () => {
    const res = await request(t.app).get('/v1/embed/openrouter').set('Host', 'badges.example.org').set('X-Forwarded-Proto', 'https');
    expect(res.body.badge.svg).toBe('https://badges.example.org/badge/web/OpenRouter.svg');
  });
});
