import { Readable } from 'node:stream';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';
import { importNdjson } from '../../src/services/import-entities.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW, tempDir } from '../helpers/test-app.js';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ registry: 'npm', name: 'left-pad', category: 'library', score: 50, ...fields });

describe('importNdjson', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir();
    store = openSqliteStore(join(dir.path, 'import.db'));
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const run = (text: string) => importNdjson(store, Readable.from([text]), () => FIXED_NOW);

  it('loads the shipped sample catalogue, and re-importing it changes nothing', async () => {
    const lines = readFileSync(DEFAULTS.sampleDataPath, 'utf8').trim().split('\n').length;
    const first = await importNdjson(store, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
    expect(first).toEqual({ inserted: lines, updated: 0, unchanged: 0, lines });
    const again = await importNdjson(store, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: lines, lines });
    expect(await store.findByName('web', 'openrouter')).toMatchObject({ score: 74, updatedAt: '2026-03-24T00:00:00Z' });
  });

  it('skips blank lines and accepts CRLF', async () => {
    const result = await run(`${line({})}\r\n\r\n${line({ name: 'b' })}\r\n`);
    expect(result).toMatchObject({ inserted: 2, lines: 3 });
  });

  it.each([
    ['invalid JSON', `${line({})}\n{"registry": "npm",\n`, 2, /line 2: is not valid JSON/],
    ['a field error', `${line({})}\n${line({ name: 'b' })}\n${line({ score: 'high' })}\n`, 3, /line 3: score must be a number from 0 to 100/],
    ['an array', `[1,2]\n`, 1, /line 1: \(record\) must be a JSON object/],
  ])('rejects %s with its line number and changes nothing', async (_what, text, lineNumber, message) => {
    await store.writeEntities([{ registry: 'npm', name: 'left-pad', category: 'library', score: 10, dimensions: {}, description: null, author: null, sourceUrl: null, aliases: [], updatedAt: '2026-01-01T00:00:00Z' }]);
    const error = await run(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_import');
    expect((error as AppError).extra).toMatchObject({ line: lineNumber });
    expect((error as AppError).message).toMatch(message);
    expect(await store.countEntities()).toBe(1);
    expect(await store.findByName('npm', 'left-pad')).toMatchObject({ score: 10 });
  });
});
