// Seeds an empty store with the sample catalogue and its history: the monthly snapshots in
// `sample-history/` beside the sample file (oldest first, by name), then the sample itself, each as
// an import of its own, so `npm start` shows real trends and charts at once.

import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from '../store/store.js';
import { importNdjson } from './import-entities.js';

/** The files a seed imports, in order: the history snapshots (when there are any), then the sample. */
export function sampleSeedFiles(samplePath: string): string[] {
  const historyDir = join(dirname(samplePath), 'sample-history');
  const history = existsSync(historyDir)
    ? readdirSync(historyDir)
        .filter((name) => name.endsWith('.ndjson'))
        .sort()
        .map((name) => join(historyDir, name))
    : [];
  return [...history, samplePath];
}

export async function seedSampleCatalogue(store: Store, samplePath: string, now: () => Date): Promise<{ files: number; inserted: number; lines: number }> {
  const files = sampleSeedFiles(samplePath);
  let last = { inserted: 0, lines: 0 };
  for (const file of files) last = await importNdjson(store, createReadStream(file), now);
  return { files: files.length, inserted: await store.countEntities(), lines: last.lines };
}
