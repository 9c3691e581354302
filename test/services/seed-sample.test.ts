// The shipped sample seeds a store with a year of history: every snapshot imports in order (dates
// only move forward), the last point of each entity is its sample record, and the stories show.

import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { importNdjson } from '../../src/services/import-entities.js';
import { sampleSeedFiles, seedSampleCatalogue } from '../../src/services/seed-sample.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { FIXED_NOW, tempDir } from '../helpers/test-app.js';

describe('seeding the sample catalogue with its history', () => {
  const dir = tempDir();
  let seeded: Store;
  let plain: Store;
  beforeAll(async () => {
    seeded = openSqliteStore(join(dir.path, 'seeded.db'));
    plain = openSqliteStore(join(dir.path, 'plain.db'));
    await seedSampleCatalogue(seeded, DEFAULTS.sampleDataPath, () => FIXED_NOW);
    await importNdjson(plain, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
  });
  afterAll(async () => {
    await seeded.close();
    await plain.close();
    dir.remove();
  });

  it('imports the monthly snapshots oldest first, then the sample', () => {
    const files = sampleSeedFiles(DEFAULTS.sampleDataPath).map((f) => f.split('/').slice(-2).join('/'));
    expect(files.at(-1)).toBe('data/sample.ndjson');
    expect(files.slice(0, -1)).toEqual([...files.slice(0, -1)].sort());
    expect(files[0]).toBe('sample-history/2025-12.ndjson');
  });

  it('ends with exactly the sample catalogue, one catalogue version per import', async () => {
    expect(await seeded.countEntities()).toBe(await plain.countEntities());
    for (const [registry, name] of [['npm', 'event-stream'], ['web', 'OpenRouter'], ['github', 'ollama/ollama']]) {
      expect(await seeded.findByName(registry!, name!)).toEqual(await plain.findByName(registry!, name!));
    }
    expect((await seeded.latestCatalogueVersion())!.version).toBe(sampleSeedFiles(DEFAULTS.sampleDataPath).length);
  });

  it('gives the seed entities a year of history that tells their stories', async () => {
    const scores = async (registry: string, name: string) => (await seeded.getHistory(registry, name, '1970-01-01')).map((p) => p.score);
    const eventStream = await scores('npm', 'event-stream');
    expect(eventStream.length).toBeGreaterThanOrEqual(3);
    expect(eventStream.at(-1)).toBe(12.3);
    expect(Math.max(...eventStream)).toBeGreaterThan(50);
    const ollama = await scores('github', 'ollama/ollama');
    expect(ollama).toEqual([...ollama].sort((a, b) => a - b));
    expect(ollama.at(-1)).toBe(80);
    expect(await scores('crates', 'serde')).toHaveLength(1);
  });
});
