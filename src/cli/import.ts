// `npm run import -- FILE`: loads an NDJSON catalogue into the store DATABASE_URL names, all or
// nothing, streamed (memory stays flat whatever the file's size). Progress goes to stderr, redrawn
// on a terminal and logged every few seconds elsewhere; the summary goes to stdout.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config.js';
import { AppError } from '../domain/errors.js';
import { importNdjson } from '../services/import-entities.js';
import { tagsForChange } from '../services/purge-tag.js';
import { openStore } from '../store/open-store.js';
import { createProgressReporter } from './progress.js';

async function run(args: string[]): Promise<number> {
  const file = args[0];
  if (file === undefined || args.length > 1 || file === '--help') {
    process.stderr.write('usage: npm run import -- FILE.ndjson   (store: DATABASE_URL, default sqlite:./data/trustbadge.db)\n');
    return 2;
  }
  const config = loadConfig();
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new Error(`cannot read ${file}`);
    },
  );
  const store = await openStore(config.databaseUrl);
  const started = Date.now();
  const progress = createProgressReporter(process.stderr, size, () => Date.now());
  try {
    const result = await importNdjson(store, createReadStream(file, { highWaterMark: 256 * 1024 }), () => new Date(), {
      onProgress: (p) => progress.update(p),
      parseInWorker: true,
    }).finally(() => progress.finish());
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `imported ${file} into ${store.engine}: ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged ` +
        `(${result.lines} lines, ${seconds.toFixed(1)} s)\n`,
    );
    // The CDN tags the import can have made wrong, as POST /v1/import's X-Purge-Tag gives them.
    if (result.inserted + result.updated > 0) process.stdout.write(`purge tags: ${tagsForChange(result.change).join(' ')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AppError) process.stderr.write(`import failed, nothing was changed: ${error.message}\n`);
    else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
