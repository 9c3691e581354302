// Page assets and header policy: content-hashed URLs cached for a year, the folder from config,
// the pages' Content-Security-Policy, and the stylesheet's colours (badge palette, WCAG AA).

import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../../src/config.js';
import { contrastRatio } from '../../src/domain/contrast.js';
import { GRADE_COLORS } from '../../src/domain/palette.js';
import { ASSET_NAMES, ASSET_PREFIX, loadSiteAssets } from '../../src/http/pages/assets.js';
import { FAVICON_SIZES_PX } from '../../src/http/pages/favicon.js';
import { parseCacheControl } from '../helpers/headers.js';
import { createTestApp, tempDir } from '../helpers/test-app.js';
import { parseHtml, query } from './pages-dom.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function linkedAssets(): Promise<string[]> {
  const root = parseHtml((await request(t.app).get('/')).text);
  return [
    ...query(root, 'link').map((l) => String(l.attrs.href)),
    ...query(root, 'script').map((s) => String(s.attrs.src)),
  ].filter((url, i, all) => url.startsWith(ASSET_PREFIX) && all.indexOf(url) === i);
}

function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('assets', () => {
  it('are linked by content-hashed URL and cached for a year, immutable', async () => {
    const urls = await linkedAssets();
    expect(urls).toHaveLength(3);
    for (const url of urls) {
      const res = await request(t.app).get(url).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(res.status, url).toBe(200);
      const hash = /\.([0-9a-f]{16})\.(css|js|svg)$/.exec(url)![1]!;
      expect(createHash('sha256').update(res.body as Buffer).digest('hex').startsWith(hash)).toBe(true);
      const cc = parseCacheControl(res.headers['cache-control']);
      expect([cc.get('public'), cc.get('max-age'), cc.get('immutable')]).toEqual([true, '31536000', true]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toMatch(/^(text\/css|text\/javascript|image\/svg\+xml)/);
      const again = await request(t.app).get(url).set('If-None-Match', res.headers.etag!);
      expect(again.status).toBe(304);
    }
  });

  it('answer 404 for an unhashed or stale name', async () => {
    expect((await request(t.app).get('/assets/site.css')).status).toBe(404);
    expect((await request(t.app).get('/assets/site.0123456789abcdef.css')).status).toBe(404);
  });

  it('come from PUBLIC_DIR, and new bytes get a new URL', async () => {
    expect(loadConfig({}).publicDir).toBe(DEFAULTS.publicDir);
    expect(loadConfig({ PUBLIC_DIR: '/srv/public' }).publicDir).toBe('/srv/public');
    const dir = tempDir();
    try {
      cpSync(DEFAULTS.publicDir, dir.path, { recursive: true });
      writeFileSync(join(dir.path, 'site.css'), 'body { color: #111111; }\n');
      const changed = await createTestApp({ PUBLIC_DIR: dir.path });
      try {
        const url = (await linkedAssets()).find((u) => u.endsWith('.css'))!;
        const otherRoot = parseHtml((await request(changed.app).get('/')).text);
        const otherUrl = String(query(otherRoot, 'link', { attrs: { rel: 'stylesheet' } })[0]!.attrs.href);
        expect(otherUrl).not.toBe(url);
        expect((await request(changed.app).get(otherUrl)).text).toBe('body { color: #111111; }\n');
      } finally {
        await changed.close();
      }
      rmSync(join(dir.path, 'builder.js'));
      expect(() => loadSiteAssets(dir.path)).toThrow(/builder\.js/);
    } finally {
      dir.remove();
    }
    expect(ASSET_NAMES).toContain('site.css');
  });
});

describe('/favicon.ico', () => {
  it('answers the site icon as an ICO of PNGs, one per size, and pages link it', async () => {
    const res = await request(t.app).get('/favicon.ico').buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    expect(Number(parseCacheControl(res.headers['cache-control']).get('max-age'))).toBeGreaterThan(0);
    const ico = res.body as Buffer;
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, FAVICON_SIZES_PX.length]);
    FAVICON_SIZES_PX.forEach((sizePx, i) => {
      const entry = 6 + 16 * i;
      const [bytes, offset] = [ico.readUInt32LE(entry + 8), ico.readUInt32LE(entry + 12)];
      const png = ico.subarray(offset, offset + bytes);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      // IHDR: the PNG's own width and height agree with the directory entry.
      expect([png.readUInt32BE(16), png.readUInt32BE(20), ico[entry], ico[entry + 1]]).toEqual([sizePx, sizePx, sizePx, sizePx]);
    });
    const again = await request(t.app).get('/favicon.ico').set('If-None-Match', res.headers.etag!);
    expect(again.status).toBe(304);
    const root = parseHtml((await request(t.app).get('/')).text);
    expect(query(root, 'link', { attrs: { rel: 'icon', href: '/favicon.ico' } })).toHaveLength(1);
  });
});

describe('page headers', () => {
  it('carry a strict CSP: this origin only, no inline code, no framing', async () => {
    for (const path of ['/', '/?target=web/OpenRouter', '/entity/web/OpenRouter', '/entity/nothing-here', '/methodology']) {
      const res = await request(t.app).get(path);
      const csp = parseCsp(res.headers['content-security-policy']!);
      expect(csp.get('default-src'), path).toEqual(["'none'"]);
      for (const directive of ['script-src', 'style-src', 'img-src', 'connect-src', 'form-action']) {
        expect(csp.get(directive), directive).toEqual(["'self'"]);
      }
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Number(parseCacheControl(res.headers['cache-control']).get('max-age'))).toBeLessThanOrEqual(300);
    }
  });
});

describe('stylesheet', () => {
  const css = readFileSync(join(DEFAULTS.publicDir, 'site.css'), 'utf8');
  const variablesIn = (block: string) => new Map([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1]!, m[2]!]));
  const light = variablesIn(/^:root[^{]*\{([^}]*)\}/m.exec(css)![1]!);
  const dark = new Map([...light, ...variablesIn(/@media \(prefers-color-scheme: dark\) \{\s*:root \{([^}]*)\}/.exec(css)![1]!)]);

  it('paints grades with the badge palette', () => {
    for (const [grade, color] of Object.entries(GRADE_COLORS)) {
      expect(new RegExp(`\\.grade-${grade.toLowerCase()} \\{ background: ${color}; \\}`).test(css), grade).toBe(true);
    }
  });

  it('keeps every text colour at WCAG AA (4.5:1) on the backgrounds it is used on, light and dark', () => {
    const pairs: [string, string][] = [
      ['text', 'page'], ['text', 'panel'], ['muted', 'page'], ['muted', 'panel'], ['accent', 'page'], ['accent', 'panel'],
      ['accent-ink', 'accent-soft'], ['good', 'page'], ['good', 'panel'], ['bad', 'page'], ['bad', 'panel'],
      ['caution', 'panel'], ['text', 'warning-f'], ['bad', 'warning-f'], ['text', 'warning-d'], ['warning-d-ink', 'warning-d'],
    ];
    for (const [scheme, variables] of [['light', light], ['dark', dark]] as const) {
      expect(dark.size, 'the dark scheme redefines no new name').toBe(light.size);
      for (const [fg, bg] of [...pairs, ['on-button', 'button'], ['on-button', 'button-hover'], ['text', 'accent-soft'], ['text', 'code']]) {
        expect(contrastRatio(variables.get(fg!)!, variables.get(bg!)!), `${scheme}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    for (const color of Object.values(GRADE_COLORS)) expect(contrastRatio('#ffffff', color)).toBeGreaterThanOrEqual(4.5);
  });
});
