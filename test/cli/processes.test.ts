// The compiled entry points as a user runs them: config refusal, first start with seeding,
// SIGTERM drain, the import command's all-or-nothing answer (SQLite and PostgreSQL), the generator
// (a tool: built on its own, as `npm run gen` builds it).

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL_KEY_WARNING } from '../../src/app.js';
import { DEFAULTS } from '../../src/config.js';
import { tagsForChange } from '../../src/services/purge-tag.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { dropSchema, postgresTitle, testDatabaseUrl, uniqueSchema } from '../helpers/postgres.js';
import { tempDir } from '../helpers/test-app.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
let dir: ReturnType<typeof tempDir>;
let dist: string;
let distTools: string;

beforeAll(async () => {
  dir = tempDir();
  dist = join(dir.path, 'dist');
  distTools = join(dir.path, 'dist-tools');
  // Packages resolve upwards from the compiled files: give the temp build the project's.
  symlinkSync(join(ROOT, 'node_modules'), join(dir.path, 'node_modules'));
  const build = (tsconfig: string, outDir: string) =>
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, tsconfig), '--outDir', outDir, '--incremental', 'false'], { cwd: ROOT });
  await Promise.all([build('tsconfig.build.json', dist), build('tools/tsconfig.json', distTools)]);
}, 120_000);
afterAll(() => dir.remove());

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  // The temporary build sits outside the project: point it at the project's own fonts, data and assets.
  return { PATH: process.env.PATH, FONTS_DIR: DEFAULTS.fontsDir, SAMPLE_DATA_PATH: DEFAULTS.sampleDataPath, PUBLIC_DIR: DEFAULTS.publicDir, ...extra };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
}

describe('the service process', () => {
  it('refuses a bad PORT with a clear message and exit code 2', async () => {
    const failure = await run(process.execPath, [join(dist, 'main.js')], { env: env({ PORT: 'abc' }) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('PORT must be a whole number from 0 to 65535, got "abc"');
  });

  it('creates and seeds its store on first start, serves, and drains on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(dist, 'main.js')], {
      env: env({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir.path, 'serve', 'tb.db')}` }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = exitOf(child);
    const logs: Record<string, unknown>[] = [];
    let drainLogged: () => void = () => undefined;
    const draining = new Promise<void>((resolveDraining) => (drainLogged = resolveDraining));
    const port = await new Promise<number>((resolvePort, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') resolvePort(entry.port as number);
        if (entry.msg === 'draining in-flight requests') drainLogged();
      });
      child.once('exit', () => reject(new Error('server exited before listening')));
    });
    // The sample and its year of history: eleven monthly snapshots, then the sample itself.
    expect(logs.find((l) => l.msg === 'seeded the empty store with the sample catalogue and its history')).toMatchObject({ entities: 43, imports: 12 });
    // Started as `npm start` starts it, plain `node dist/main.js`: nothing to warn about but its ephemeral signing key
    // (no SIGNING_KEY), nothing requested before listening.
    expect(logs.filter((l) => (l.level as number) >= 40).map((l) => l.msg)).toEqual([EPHEMERAL_KEY_WARNING]);
    expect(logs.filter((l) => 'url' in l)).toEqual([]);

    // Its own connections, closed after the answer (agent: false), so the drain waits for nothing else.
    const fetchOnce = (path: string) =>
      new Promise<{ status: number; type: string | undefined; body: Buffer }>((resolveAnswer, reject) => {
        get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const badge = await fetchOnce('/badge/openrouter.svg');
    expect(badge.status).toBe(200);
    expect(badge.body.toString('utf8')).toContain('aria-label="trust: B · 74/100"');
    // Share cards come from the card thread the process starts beside its event loop.
    const card = await fetchOnce('/card/openrouter.png');
    expect([card.status, card.type]).toEqual([200, 'image/png']);
    expect(card.body.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(card.body.readUInt32BE(16)).toBe(1200);

    // A request on a kept-alive connection, sent once the process says it drains: answered (with
    // Connection: close), the connection ended cleanly, and only then does the process exit. (Sent
    // with the signal instead, it may be answered before the signal lands; a request in flight as the
    // drain starts is pinned in test/http/server/drain.test.ts.)
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const ended = new Promise<string>((resolveEnd) => {
      socket.once('end', () => resolveEnd('end'));
      socket.once('error', (error) => resolveEnd(String(error)));
    });
    await once(socket, 'connect');
    socket.write('GET /badge/openrouter.svg HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n');
    while (!/\r\n\r\n[^]*<\/svg>$/.test(received)) await once(socket, 'data');
    child.kill('SIGTERM');
    await draining;
    socket.write('GET /badge/openrouter.png?scale=4 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await ended).toBe('end');
    const second = received.slice(received.indexOf('HTTP/1.1', 1));
    expect(second).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(second).toMatch(/\r\nConnection: close\r\n/i);
    expect(await exited).toBe(0);
    expect(logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
});

describe('npm run import', () => {
  it('imports a file, and reports a bad line by number leaving the store as it was', async () => {
    const db = join(dir.path, 'import', 'tb.db');
    const good = join(dir.path, 'good.ndjson');
    const bad = join(dir.path, 'bad.ndjson');
    writeFileSync(good, '{"registry":"npm","name":"left-pad","category":"library","score":40.0}\n');
    writeFileSync(bad, '{"registry":"npm","name":"left-pad","category":"library","score":90.0}\n{"registry":"npm","name":"x","category":"library","score":"high"}\n');

    const ok = await run(process.execPath, [join(dist, 'cli/import.js'), good], { env: env({ DATABASE_URL: db }) });
    expect(ok.stdout).toMatch(/1 inserted, 0 updated, 0 unchanged/);
    // The CDN tags to purge, as X-Purge-Tag gives them: the entity, its name, its registry.
    expect(ok.stdout).toContain(`purge tags: ${tagsForChange({ kind: 'entities', entities: [{ registry: 'npm', keys: ['left-pad'] }] }).join(' ')}\n`);

    const failure = await run(process.execPath, [join(dist, 'cli/import.js'), bad], { env: env({ DATABASE_URL: db }) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('nothing was changed: line 2: score must be a number from 0 to 100');

    const store = openSqliteStore(db);
    expect(await store.findByName('npm', 'left-pad')).toMatchObject({ score: 40 });
    expect(await store.countEntities()).toBe(1);
    await store.close();
  });

  it('explains its usage when given no file', async () => {
    const failure = await run(process.execPath, [join(dist, 'cli/import.js')], { env: env({}) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('usage: npm run import -- FILE.ndjson');
  });

  it('imports a generated catalogue and re-imports it unchanged, with no terminal codes when not on a terminal', async () => {
    const file = join(dir.path, 'generated.ndjson');
    const db = `sqlite:${join(dir.path, 'generated', 'tb.db')}`;
    await run(process.execPath, [join(distTools, 'tools/gen.js'), '--count', '3000', '--out', file], { env: env({}) });
    const first = await run(process.execPath, [join(dist, 'cli/import.js'), file], { env: env({ DATABASE_URL: db }) });
    expect(first.stdout).toMatch(/into sqlite: 3000 inserted, 0 updated, 0 unchanged \(3000 lines/);
    expect(first.stderr).not.toMatch(/[\r\x1b]/);
    const again = await run(process.execPath, [join(dist, 'cli/import.js'), file], { env: env({ DATABASE_URL: db }) });
    // Too many tags to list: the one every answer carries.
    expect(first.stdout).toContain('purge tags: all\n');
    expect(again.stdout).toMatch(/0 inserted, 0 updated, 3000 unchanged/);
    expect(again.stdout).not.toContain('purge tags');
  });

  it.skipIf(testDatabaseUrl() === null)(postgresTitle('imports into PostgreSQL when DATABASE_URL names it'), async () => {
    const schema = uniqueSchema('cli');
    const url = new URL(testDatabaseUrl()!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const good = join(dir.path, 'pg.ndjson');
    writeFileSync(good, '{"registry":"npm","name":"left-pad","category":"library","score":40.0}\n');
    try {
      const ok = await run(process.execPath, [join(dist, 'cli/import.js'), good], { env: env({ DATABASE_URL: url.href }) });
      expect(ok.stdout).toMatch(/into postgres: 1 inserted/);
    } finally {
      await dropSchema(testDatabaseUrl()!, schema);
    }
  });
});

describe('npm run gen', () => {
  it('writes the same catalogue for the same seed, another for another seed', async () => {
    const out = (name: string) => join(dir.path, name);
    const gen = (name: string, seed: string) => run(process.execPath, [join(distTools, 'tools/gen.js'), '--count', '500', '--seed', seed, '--out', out(name)], { env: env({}) });
    await gen('a.ndjson', '1');
    await gen('b.ndjson', '1');
    await gen('c.ndjson', '2');
    const [a, b, c] = ['a.ndjson', 'b.ndjson', 'c.ndjson'].map((name) => readFileSync(out(name), 'utf8'));
    expect(a!.split('\n').filter(Boolean)).toHaveLength(500);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('refuses a bad count with its usage', async () => {
    const failure = await run(process.execPath, [join(distTools, 'tools/gen.js'), '--count', 'many', '--out', '-'], { env: env({}) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--count must be a whole number');
  });
});
