// The service behind a real caching reverse proxy (Varnish from Debian's packages, with the
// xkey module for purge by tag): hits come from the cache, expiry revalidates with a 304 from the
// origin, and a score change plus a purge by the entity's tag shows the new grade.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeEntity, tempDir } from '../helpers/test-app.js';
import { parseSvg } from '../helpers/svg.js';

const VARNISHD = '/usr/sbin/varnishd';
const available = existsSync(VARNISHD);
if (!available && process.env.CI === 'true') throw new Error(`${VARNISHD} is missing: .ci/run installs varnish and varnish-modules`);

let t: Awaited<ReturnType<typeof createTestApp>>;
let origin: Server;
let varnish: ChildProcess;
let dir: ReturnType<typeof tempDir>;
let proxy: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Requests the origin answered with `status` on the badge route, from its own metrics. */
async function originCount(status: number): Promise<number> {
  const { port } = origin.address() as AddressInfo;
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(new RegExp(`^trustbadge_http_requests_total\\{route="badge",status="${status}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

const title = async (res: Response) => parseSvg(await res.text()).title;

describe.runIf(available)('behind Varnish', () => {
  beforeAll(async () => {
    // A one-second shared TTL, so expiry and revalidation happen within the test.
    t = await createTestApp({ BADGE_CACHE_CONTROL: 'public, max-age=0, s-maxage=1' });
    origin = createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => origin.once('listening', resolve));
    dir = tempDir();
    // varnishd's worker runs as the unprivileged varnish user: it must reach the VCL and work folder.
    chmodSync(dir.path, 0o755);
    const vcl = join(dir.path, 'test.vcl');
    writeFileSync(vcl, readFileSync(join(import.meta.dirname, 'varnish.vcl'), 'utf8').replace('ORIGIN_PORT', String((origin.address() as AddressInfo).port)));
    mkdirSync(join(dir.path, 'work'));
    const port = await freePort();
    varnish = spawn(VARNISHD, ['-F', '-a', `127.0.0.1:${port}`, '-f', vcl, '-n', join(dir.path, 'work'), '-s', 'malloc,16m'], { stdio: 'ignore' });
    proxy = `http://127.0.0.1:${port}`;
    await until('varnish to listen', () => fetch(`${proxy}/healthz`).then((r) => r.status, () => 0), (status) => status === 200);
  }, 30_000);

  afterAll(async () => {
    varnish?.kill('SIGTERM');
    await new Promise<void>((resolve) => (origin ? origin.close(() => resolve()) : resolve()));
    await t?.close();
    dir?.remove();
  });

  it('serves repeated requests from the cache without asking the origin', async () => {
    const first = await fetch(`${proxy}/badge/github/haotian-liu/LLaVA.svg`);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(await title(first)).toBe('trust: B · 71/100');
    const asked = await originCount(200);
    const second = await fetch(`${proxy}/badge/github/haotian-liu/LLaVA.svg`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await title(second)).toBe('trust: B · 71/100');
    expect(await originCount(200)).toBe(asked);
  });

  it('revalidates an expired copy with the origin, which answers 304', async () => {
    await fetch(`${proxy}/badge/web/OpenRouter.svg`);
    const before = await originCount(304);
    // Past the one-second TTL the proxy asks again, conditionally, and the origin has nothing new.
    await until('a conditional refresh', async () => {
      await fetch(`${proxy}/badge/web/OpenRouter.svg`);
      return originCount(304);
    }, (count) => count > before);
    const after = await fetch(`${proxy}/badge/web/OpenRouter.svg`);
    expect(after.status).toBe(200);
    expect(await title(after)).toBe('trust: B · 74/100');
  });

  it('shows the new grade after a score update and a purge by the entity tag', async () => {
    const before = await fetch(`${proxy}/badge/npm/sharp.svg?style=flat-square`);
    await fetch(`${proxy}/badge/npm/sharp.svg?style=flat-square`);
    const tag = before.headers.get('surrogate-key')!;
    expect(await title(before)).toMatch(/^trust: B/);

    await t.store.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 35.2 })]);
    const purge = await fetch(`${proxy}/`, { method: 'PURGE', headers: { 'xkey-purge': tag } });
    expect(purge.status).toBe(200);

    const after = await fetch(`${proxy}/badge/npm/sharp.svg?style=flat-square`);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(await title(after)).toBe('trust: F · 35/100');
  });
});
