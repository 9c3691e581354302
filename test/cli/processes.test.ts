// The compiled entry points as a user runs them: config refusal, first start with seeding,
// SIGTERM drain, and the import command's all-or-nothing answer.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/test-app.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
let dir: ReturnType<typeof tempDir>;
let dist: string;

beforeAll(async () => {
  dir = tempDir();
  dist = join(dir.path, 'dist');
  // Packages resolve upwards from the compiled files: give the temp build the project's.
  symlinkSync(join(ROOT, 'node_modules'), join(dir.path, 'node_modules'));
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist, '--incremental', 'false'], { cwd: ROOT });
}, 120_000);
afterAll(() => dir.remove());

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, FONTS_DIR: DEFAULTS.fontsDir, SAMPLE_DATA_PATH: DEFAULTS.sampleDataPath, ...extra };
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
    const port = await new Promise<number>((resolvePort, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') resolvePort(entry.port as number);
      });
      child.once('exit', () => reject(new Error('server exited before listening')));
    });
    expect(logs.some((l) => l.msg === 'seeded the empty store with the sample catalogue')).toBe(true);

    const badge = await fetch(`http://127.0.0.1:${port}/badge/openrouter.svg`);
    expect(badge.status).toBe(200);
    expect(await badge.text()).toContain('aria-label="trust: B · 74/100"');

    // A request racing the signal must still be answered before the process exits.
    const slow = fetch(`http://127.0.0.1:${port}/badge/openrouter.png?scale=4`);
    child.kill('SIGTERM');
    expect((await slow).status).toBe(200);
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
});
