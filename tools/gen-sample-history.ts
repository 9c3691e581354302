// `npm run gen:sample-history`: rewrites data/sample-history/ from data/sample.ndjson (see
// tools/sample-history.ts). Deterministic: run twice, nothing changes. Never touches the store.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSampleHistory } from './sample-history.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE_PATH = join(ROOT, 'data/sample.ndjson');
const HISTORY_DIR = join(ROOT, 'data/sample-history');

const files = buildSampleHistory(readFileSync(SAMPLE_PATH, 'utf8'));
mkdirSync(HISTORY_DIR, { recursive: true });
// Months the sample no longer reaches would be imported too: remove them.
for (const name of readdirSync(HISTORY_DIR)) if (name.endsWith('.ndjson') && !files.some((f) => f.name === name)) rmSync(join(HISTORY_DIR, name));
for (const file of files) writeFileSync(join(HISTORY_DIR, file.name), file.text);
const lines = files.reduce((sum, f) => sum + f.text.split('\n').length - 1, 0);
process.stderr.write(`wrote ${files.length} files, ${files[0]?.name} … ${files.at(-1)?.name}, ${lines} records, to ${HISTORY_DIR}\n`);
