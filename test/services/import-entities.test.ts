import { Readable } from 'node:stream';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';
import { importNdjson, MAX_LINE_BYTES, type ImportProgress } from '../../src/services/import-entities.js';
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

  const run = (text: string | Buffer) => importNdjson(store, Readable.from([text]), () => FIXED_NOW);

  it('loads the shipped sample catalogue, and re-importing it changes nothing', async () => {
    const lines = readFileSync(DEFAULTS.sampleDataPath, 'utf8').trim().split('\n').length;
    const first = await importNdjson(store, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
    expect(first).toMatchObject({ inserted: lines, updated: 0, unchanged: 0, lines, change: { kind: 'entities' } });
    const again = await importNdjson(store, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: lines, lines, change: { kind: 'entities', entities: [] } });
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
    ['Latin-1 text', Buffer.from(`${line({ name: 'caf\xe9' })}\n${line({ name: 'caf\xe8' })}\n`, 'latin1'), 1, /^line 1: is not valid UTF-8$/],
    ['a key given twice', `${line({ name: 'b' })}\n{"registry":"npm","name":"c","category":"library","score":99,"score":40}\n`, 2, /^line 2: score is given more than once$/],
    ['a dimension given twice', `${line({ name: 'b' })}\n{"registry":"npm","name":"c","category":"library","score":50,"dimensions":{"security":1,"security":99}}\n`, 2, /^line 2: dimensions\.security is given more than once$/],
    ['an impossible date', `${line({ name: 'b', updated_at: '2026-02-30T00:00:00Z' })}\n`, 1, /^line 1: updated_at must be a real date and time/],
    ['a score past one decimal', `${line({ name: 'b', score: 79.99999999 })}\n`, 1, /^line 1: score must have at most one decimal/],
    ['an invisible character in a name', `${line({ name: 'Open\u2060Router' })}\n`, 1, /^line 1: name must not contain invisible or control characters \(U\+2060\)$/],
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

  it('accepts a byte-order mark and lines split across chunks anywhere, multi-byte characters included', async () => {
    const text = `\ufeff${line({ name: 'zürich-tools', description: 'Straße – ünïcode' })}\n${line({ name: 'b' })}`;
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const result = await importNdjson(store, Readable.from(chunks), () => FIXED_NOW);
    expect(result).toMatchObject({ inserted: 2, lines: 2 });
    expect(await store.findByName('npm', 'ZÜRICH-TOOLS')).toMatchObject({ description: 'Straße – ünïcode' });
  });

  it('reports progress in lines and bytes as the input arrives', async () => {
    const seen: ImportProgress[] = [];
    const lines = Array.from({ length: 50 }, (_, i) => `${line({ name: `p-${i}` })}\n`);
    await importNdjson(store, Readable.from(lines), () => FIXED_NOW, { onProgress: (p) => seen.push({ ...p }) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)!.bytes).toBe(Buffer.byteLength(lines.join('')));
    expect(seen.map((p) => p.bytes)).toEqual([...seen.map((p) => p.bytes)].sort((a, b) => a - b));
  });

  it('refuses input past maxBytes while it streams, changing nothing', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${line({ name: `m-${i}` })}\n`);
    const error = await importNdjson(store, Readable.from(lines), () => FIXED_NOW, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('payload_too_large');
    expect(await store.countEntities()).toBe(0);
  });

  it('refuses a line longer than MAX_LINE_BYTES without holding it, changing nothing', async () => {
    const endless = (function* () {
      yield `${line({ name: 'first' })}\n`;
      for (let i = 0; i < 40; i++) yield 'x'.repeat(64 * 1024);
    })();
    const error = await importNdjson(store, Readable.from(endless), () => FIXED_NOW).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('invalid_import');
    expect((error as AppError).message).toBe(`line 2: is longer than ${MAX_LINE_BYTES} bytes`);
    expect(await store.countEntities()).toBe(0);
  });
});
