// The test app behind a real caching reverse proxy (Debian's varnishd with test/proxy/varnish.vcl):
// present, or the suites that use it skip (and under CI=true this module throws).

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { listenTestApp } from './listen.js';
import { createTestApp, tempDir } from './test-app.js';

export const VARNISHD = '/usr/sbin/varnishd';
export const available = existsSync(VARNISHD);
if (!available && process.env.CI === 'true') throw new Error(`${VARNISHD} is missing: .ci/run installs varnish and varnish-modules`);

const VCL = join(import.meta.dirname, '../proxy/varnish.vcl');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Reads until `done` holds, every 100 ms, for at most 15 s. */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type BehindVarnish = Awaited<ReturnType<typeof startBehindVarnish>>;

/**
 * The test app (with `env`) on a loopback port with Varnish in front of it; `wrap`, when given,
 * wraps the app's public handler before it listens (to count what reaches the origin, say).
 */
export async function startBehindVarnish(env: Record<string, string> = {}, options: { wrap?: (handler: RequestListener) => RequestListener } = {}) {
  const t = await createTestApp(env);
  const origin = await listenTestApp({ ...t, handler: options.wrap === undefined ? t.handler : options.wrap(t.handler) });
  const originUrl = origin.origin;
  const dir = tempDir();
  // varnishd's worker runs as the unprivileged varnish user: it must reach the VCL and work folder.
  chmodSync(dir.path, 0o755);
  const vcl = join(dir.path, 'test.vcl');
  writeFileSync(vcl, readFileSync(VCL, 'utf8').replace('ORIGIN_PORT', String(origin.port)));
  mkdirSync(join(dir.path, 'work'));
  const port = await freePort();
  const varnish = spawn(VARNISHD, ['-F', '-a', `127.0.0.1:${port}`, '-f', vcl, '-n', join(dir.path, 'work'), '-s', 'malloc,16m'], { stdio: 'ignore' });
  const proxy = `http://127.0.0.1:${port}`;
  await until('varnish to listen', () => fetch(`${proxy}/healthz`).then((r) => r.status, () => 0), (status) => status === 200);
  return {
    t,
    proxy,
    originUrl,
    /** Requests the origin answered with `status` on the badge route, from its own metrics. */
    originCount: async (status: number): Promise<number> => {
      const text = await (await fetch(`${originUrl}/metrics`)).text();
      return Number(new RegExp(`^trustbadge_http_requests_total\\{route="badge",status="${status}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    },
    close: async () => {
      varnish.kill('SIGTERM');
      await origin.close();
      await t.close();
      dir.remove();
    },
  };
}
