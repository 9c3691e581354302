// One import as the store bench measures it: a fresh process (so its peak RSS is the import's),
// the real import path (stream → validate → store), one JSON line of results on stdout.

import { createReadStream } from 'node:fs';
import { importNdjson } from '../src/services/import-entities.js';
import { openStore } from '../src/store/open-store.js';

async function main(): Promise<void> {
  const [databaseUrl, file] = process.argv.slice(2);
  if (databaseUrl === undefined || file === undefined) throw new Error('usage: import-child DATABASE_URL FILE');
  const store = await openStore(databaseUrl);
  const started = process.hrtime.bigint();
  const result = await importNdjson(store, createReadStream(file, { highWaterMark: 256 * 1024 }), () => new Date(), { parseInWorker: true });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  process.stdout.write(`${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...result })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`import-child: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
