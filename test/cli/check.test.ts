// `trustbadge check` against the real app on a real socket (the sample catalogue): the gate's
// verdicts and exit codes, chunking, waiting out a 429, the formats, and the compiled bin.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckIo } from '../../src/cli/check/check.js';
import { loadCheckEnvironment } from '../../src/config.js';
import type { CheckJson } from '../../src/cli/check/report-formats.js';
import { buildService, type BuiltService } from '../helpers/build.js';
import { listenTestApp, type ListeningApp } from '../helpers/listen.js';
import { createTestApp, tempDir } from '../helpers/test-app.js';

const ROOT = resolve(import.meta.dirname, '../..');

let t: Awaited<ReturnType<typeof createTestApp>>;
let served: ListeningApp;
const dir = tempDir();
beforeAll(async () => {
  t = await createTestApp();
  served = await listenTestApp(t);
});
afterAll(async () => {
  await served.close();
  await t.close();
  dir.remove();
});

/** A file in the scratch folder, by name (the name picks its reader). */
function file(name: string, text: string): string {
  const folder = join(dir.path, `${Math.random()}`.slice(2));
  mkdirSync(folder);
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const LOCK = JSON.stringify({
  name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { sharp: '^0.33.0' } },
    'node_modules/sharp': { version: '0.33.5' },
    'node_modules/no-such-package-here': { version: '1.0.0' },
  },
}, null, 2);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  requests: number;
}

async function check(args: string[], overrides: Partial<CheckIo> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let requests = 0;
  const realFetch = overrides.fetch ?? globalThis.fetch;
  const code = await runCheck(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { server: null, noColor: false },
    sleep: async () => undefined,
    readFile: (path) => readFile(path, 'utf8'),
    version: '0.0.0-test',
    ...overrides,
    fetch: ((...a: Parameters<typeof fetch>) => {
      requests++;
      return realFetch(...a);
    }) as typeof fetch,
  });
  return { code, stdout, stderr, requests };
}

const json = (run: Run) => JSON.parse(run.stdout) as CheckJson;

describe('trustbadge check', () => {
  it('passes a gate the packages meet, fails one they do not, and says why', async () => {
    const lock = file('package-lock.json', LOCK);
    const requirements = file('requirements.txt', 'sharp==1.0.2\n');
    const ok = await check([lock, '--server', served.origin, '--min-grade', 'C', '--format', 'json']);
    expect([ok.code, json(ok).passed, json(ok).counts]).toEqual([0, true, { fail: 0, warn: 1, pass: 1, ignored: 0 }]);
    const failed = await check([lock, requirements, '--server', served.origin, '--min-grade', 'C']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAIL +sharp@1\.0\.2 +D · 44/);
    expect(failed.stdout).toMatch(/grade D is below C/);
    expect(failed.stdout).not.toMatch(/\u001b\[/);
    const byScore = await check([lock, '--server', served.origin, '--min-score', '80']);
    expect([byScore.code, byScore.stdout]).toEqual([1, expect.stringMatching(/score 78\.6 is below 80/)]);
  });

  it('treats packages the catalogue lacks as --unknown says, and skips what --ignore names', async () => {
    const lock = file('package-lock.json', LOCK);
    expect((await check([lock, '--server', served.origin, '--unknown', 'fail'])).code).toBe(1);
    expect((await check([lock, '--server', served.origin, '--unknown', 'fail', '--ignore', 'pkg:npm/no-such-package-here'])).code).toBe(0);
    expect((await check([lock, '--server', served.origin, '--unknown', 'fail', '--ignore', 'pkg:npm/no-such-package-here@2.0.0'])).code).toBe(1);
    const ignored = json(await check([lock, '--server', served.origin, '--unknown', 'ignore', '--format', 'json']));
    expect(ignored.counts).toEqual({ fail: 0, warn: 0, pass: 1, ignored: 1 });
    // --direct-only keeps what the project declares.
    const direct = json(await check([lock, '--server', served.origin, '--unknown', 'fail', '--direct-only', '--format', 'json']));
    expect([direct.passed, direct.items.map((i) => i.purl)]).toEqual([true, ['pkg:npm/sharp@0.33.5']]);
  });

  it('asks in chunks, waits out a 429, and adapts to a server that takes fewer per request', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `pkg-${i}==1.0.${i}`).join('\n');
    const requirements = file('requirements.txt', `${names}\nsharp==1\n`);
    const chunked = await check([requirements, '--server', served.origin, '--batch-size', '3', '--format', 'json']);
    expect([chunked.code, chunked.requests, json(chunked).items]).toEqual([0, 3, expect.any(Array)]);
    expect(json(chunked).items).toHaveLength(8);
    expect(chunked.stderr).toMatch(/checked 3 of 8 packages/);
    // A 429 then the real answers: waited (sleep is instant here), said on stderr, no package lost.
    let refused = 0;
    const limited = await check([requirements, '--server', served.origin, '--format', 'json'], {
      fetch: (async (...a: Parameters<typeof fetch>) => {
        if (refused++ === 0) return new Response('{}', { status: 429, headers: { 'retry-after': '7' } });
        return fetch(...a);
      }) as typeof fetch,
    });
    expect([limited.code, json(limited).items.length, limited.stderr]).toEqual([0, 8, expect.stringMatching(/rate limited .*waiting 7 s/)]);
    // A server whose BATCH_MAX_TARGETS is smaller answers 413: the chunk halves.
    const small = await createTestApp({ BATCH_MAX_TARGETS: '2' });
    const smallServed = await listenTestApp(small);
    try {
      const halved = await check([requirements, '--server', smallServed.origin, '--batch-size', '8', '--format', 'json']);
      expect([halved.code, json(halved).items.length]).toEqual([0, 8]);
    } finally {
      await smallServed.close();
      await small.close();
    }
  });

  it('exits 2 on usage and input errors, naming the file and line', async () => {
    const bad = await check([file('package-lock.json', '{\n  "lockfileVersion": 3,\n  "packages": {\n'), '--server', served.origin]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/package-lock\.json:\d+: /)]);
    const unsupported = await check([file('deps.xml', '<deps/>'), '--server', served.origin]);
    expect([unsupported.code, unsupported.stderr]).toEqual([2, expect.stringMatching(/supported: .*package-lock\.json.*go\.sum/)]);
    for (const args of [['--min-grade', 'Z'], ['--min-score', '101'], ['--format', 'xml'], ['--unknown', 'maybe'], ['--frobnicate'], ['--server', 'ftp://x'], ['--ignore', 'sharp']]) {
      const run = await check([file('requirements.txt', 'sharp==1\n'), ...args]);
      expect([run.code, run.requests], args.join(' ')).toEqual([2, 0]);
      expect(run.stderr).toMatch(/usage: trustbadge check/);
    }
    expect((await check([join(dir.path, 'missing', 'package-lock.json')])).code).toBe(2);
  });

  it('exits 3 when the server cannot be reached or is not a trustbadge server', async () => {
    const requirements = file('requirements.txt', 'sharp==1\n');
    const closed = await check([requirements, '--server', 'http://127.0.0.1:9']);
    expect([closed.code, closed.stderr]).toEqual([3, expect.stringMatching(/cannot reach http:\/\/127\.0\.0\.1:9/)]);
    const other = await check([requirements, '--server', served.origin], { fetch: (async () => new Response('<html>hi</html>', { status: 200 })) as typeof fetch });
    expect([other.code, other.stderr]).toEqual([3, expect.stringMatching(/did not answer as a trustbadge server/)]);
    const failing = await check([requirements, '--server', served.origin], { fetch: (async () => new Response('down', { status: 503 })) as typeof fetch });
    expect([failing.code, failing.stderr]).toEqual([3, expect.stringMatching(/answered 503/)]);
  });

  it('takes the server from TRUSTBADGE_SERVER, and colours a terminal unless NO_COLOR', async () => {
    const requirements = file('requirements.txt', 'sharp==1\n');
    const env = loadCheckEnvironment({ TRUSTBADGE_SERVER: served.origin, NO_COLOR: '' });
    const tty = { isTTY: true, columns: 100 };
    let out = '';
    const coloured = await check([requirements], { env, stdout: { ...tty, write: (s: string) => (out += s) } });
    expect([coloured.code, out]).toEqual([0, expect.stringMatching(/\u001b\[/)]);
    out = '';
    await check([requirements], { env: loadCheckEnvironment({ TRUSTBADGE_SERVER: served.origin, NO_COLOR: '1' }), stdout: { ...tty, write: (s: string) => (out += s) } });
    expect(out).toMatch(/PASSED/);
    expect(out).not.toMatch(/\u001b/);
    expect(loadCheckEnvironment({})).toEqual({ server: null, noColor: false });
  });

  it('prints SARIF and JUnit a CI can take', async () => {
    const requirements = file('requirements.txt', 'sharp==1\n');
    const sarif = JSON.parse((await check([requirements, '--server', served.origin, '--min-grade', 'C', '--format', 'sarif'])).stdout) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    expect([sarif.version, sarif.runs[0]!.results.map((r) => [r.ruleId, r.level])]).toEqual(['2.1.0', [['trustbadge/below-min-grade', 'error']]]);
    const junit = (await check([requirements, '--server', served.origin, '--min-grade', 'C', '--format', 'junit'])).stdout;
    expect(junit).toMatch(/<testsuites [^>]*failures="1"/);
  });
});

describe('the trustbadge command, compiled', () => {
  let built: BuiltService;
  beforeAll(async () => {
    built = await buildService();
    // The bin reads its version from the package.json beside dist/, as in the package.
    copyFileSync(join(ROOT, 'package.json'), join(built.dist, '..', 'package.json'));
  }, 120_000);
  afterAll(() => built.remove());

  it('runs `trustbadge check` with its exit codes', async () => {
    const bin = join(built.dist, 'cli', 'trustbadge.js');
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [bin, ...args], { env: built.env({}) }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
      );
    const requirements = file('requirements.txt', 'sharp==1\n');
    expect(await run(['check', requirements, '--server', served.origin])).toMatchObject({ code: 0, stdout: expect.stringMatching(/PASSED/) });
    expect(await run(['check', requirements, '--server', served.origin, '--min-grade', 'B'])).toMatchObject({ code: 1, stdout: expect.stringMatching(/FAILED/) });
    expect(await run(['frobnicate'])).toMatchObject({ code: 2 });
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
