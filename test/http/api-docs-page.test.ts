// GET /docs/api through the real app: the page's CSP, its link to /openapi.json, the renderer served
// from this origin (hashed, pre-compressed), live badge examples whose <img> sizes match the badges,
// an anchor per error code that problem types point to, and the links to it from the other pages.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { PAGE_CSP } from '../../src/http/response/headers.js';
import { createTestApp } from '../helpers/test-app.js';
import { attr, byId, descendants, parseHtml, query, textOf, type El } from './pages-dom.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

/** An answer's bytes, decoded from its Content-Encoding (supertest decodes br and gzip), with its headers as sent. */
async function bytes(path: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const res = await request(t.app)
    .get(path)
    .set('Accept-Encoding', acceptEncoding)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: res.status, headers: res.headers as Record<string, string>, body: res.body as Buffer };
}

async function docsPage(): Promise<El> {
  const res = await request(t.app).get('/docs/api');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  return parseHtml(res.text);
}

describe('GET /docs/api', () => {
  it('answers HTML under the pages\' CSP, with data: images as its one addition', async () => {
    const res = await request(t.app).get('/docs/api');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = parseCsp(res.headers['content-security-policy']!);
    const page = parseCsp(PAGE_CSP);
    expect([...csp.keys()]).toEqual([...page.keys()]);
    for (const [directive, values] of page) {
      expect(csp.get(directive), directive).toEqual(directive === 'img-src' ? [...values, 'data:'] : values);
    }
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-|nonce-|sha256-|https?:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('links the OpenAPI document, and loads the renderer from this origin with no inline code', async () => {
    const root = await docsPage();
    expect(query(root, 'a', { attrs: { href: '/openapi.json' } }).length).toBeGreaterThan(0);
    expect(attr(byId(root, 'api-reference'), 'data-openapi-url')).toBe('/openapi.json');
    const scripts = query(root, 'script').map((s) => attr(s, 'src'));
    expect(scripts.map((src) => src.replace(/\.[0-9a-f]{16}\./, '.'))).toEqual(['/assets/swagger-ui-bundle.js', '/assets/api-docs.js']);
    const styles = query(root, 'link', { attrs: { rel: 'stylesheet' } }).map((l) => attr(l, 'href').replace(/\.[0-9a-f]{16}\./, '.'));
    expect(styles).toEqual(['/assets/site.css', '/assets/swagger-ui.css']);
    for (const el of descendants(root)) {
      expect(Object.keys(el.attrs).filter((name) => name === 'style' || name.startsWith('on')), el.tag).toEqual([]);
      expect(el.tag, 'inline <style>').not.toBe('style');
    }
  });

  it('serves the renderer as its package ships it: hashed, immutable, pre-compressed', async () => {
    const root = await docsPage();
    const bundleUrl = query(root, 'script').map((s) => attr(s, 'src')).find((src) => src.includes('swagger-ui-bundle'))!;
    const shipped = readFileSync(createRequire(import.meta.url).resolve('swagger-ui-dist/swagger-ui-bundle.js'));
    const plain = await bytes(bundleUrl, 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(shipped)).toBe(true);
    const br = await bytes(bundleUrl, 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(br.headers['content-length'])).toBeLessThan(shipped.length / 3);
    expect(br.body.equals(shipped)).toBe(true);
    const gz = await bytes(bundleUrl, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBeLessThan(shipped.length / 3);
    expect(gz.body.equals(shipped)).toBe(true);
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
    const again = await request(t.app).get(bundleUrl).set('Accept-Encoding', 'br').set('If-None-Match', br.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('shows each badge parameter with live badges of this service, sized as drawn', async () => {
    const root = await docsPage();
    for (const param of ['style', 'metric', 'show', 'label', 'labelColor', 'theme', 'scale', 'format']) {
      const row = byId(root, `param-${param}`);
      const images = query(row, 'img');
      expect(images.length, param).toBeGreaterThan(0);
      for (const img of images) {
        const src = attr(img, 'src');
        expect(src, 'relative, same origin').toMatch(/^\/badge\/npm\/sharp\.(svg|png)(\?|$)/);
        expect(attr(img, 'alt')).toMatch(/^[\w ]+: /);
        const [width, height] = [Number(attr(img, 'width')), Number(attr(img, 'height'))];
        const badge = await request(t.app).get(src).buffer(true).parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
        expect(badge.status, src).toBe(200);
        const body = badge.body as Buffer;
        if (src.includes('.png')) {
          const scale = Number(new URLSearchParams(src.split('?')[1] ?? '').get('scale') ?? '1');
          expect([body.readUInt32BE(16), body.readUInt32BE(20)], src).toEqual([width * scale, height * scale]);
        } else {
          const svgRoot = parseHtml(body.toString('utf8')).children.find((c): c is El => typeof c !== 'string')!;
          expect([Number(attr(svgRoot, 'width')), Number(attr(svgRoot, 'height'))], src).toEqual([width, height]);
        }
      }
    }
    expect(query(byId(root, 'param-style'), 'img')).toHaveLength(5);
  });

  it('has an anchor for every error code, with its status and text', async () => {
    const root = await docsPage();
    for (const [code, { status, text }] of Object.entries(ERROR_CODES)) {
      const cells = query(byId(root, `problem-${code}`), '*').filter((el) => el.tag === 'th' || el.tag === 'td');
      expect(cells.map(textOf)).toEqual([code, String(status), text]);
    }
  });

  it('is where problem types point', async () => {
    const res = await request(t.app).get('/v1/entities/npm/no-such-package');
    expect(res.status).toBe(404);
    const type = new URL(String(res.body.type));
    expect(`${type.pathname}${type.hash}`).toBe('/docs/api#problem-not_found');
  });

  it('is linked from the builder and the report page', async () => {
    for (const path of ['/', '/?target=web/OpenRouter', '/entity/web/OpenRouter']) {
      const root = parseHtml((await request(t.app).get(path)).text);
      expect(query(root, 'a', { attrs: { href: '/docs/api' } }).length, path).toBeGreaterThan(0);
    }
  });
});
