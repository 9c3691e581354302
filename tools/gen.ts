// `npm run gen -- --count N --out FILE [--seed S] [--as-of DATE]`: writes a synthetic catalogue as
// NDJSON, streamed with back-pressure so memory stays flat whatever N is. Never touches the store.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DEFAULT_SEED, syntheticLines } from './synthetic-catalogue.js';

const USAGE = 'usage: npm run gen -- --count N --out FILE [--seed S] [--as-of 2026-11-01T00:00:00Z]\n';
/** Default newest update time: fixed, so a seed names one file on every machine and day. */
const DEFAULT_AS_OF = '2026-11-01T00:00:00Z';
/** Lines are written in blocks of about this size. */
const BLOCK_CHARS = 256 * 1024;

interface GenArgs {
  count: number;
  out: string;
  seed: number;
  asOf: Date;
}

function parseGenArgs(args: string[]): GenArgs | string {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!['--count', '--out', '--seed', '--as-of'].includes(flag)) return `unknown option ${flag}`;
    if (value === undefined) return `${flag} needs a value`;
    values.set(flag, value);
  }
  const count = Number(values.get('--count'));
  const seed = Number(values.get('--seed') ?? DEFAULT_SEED);
  const asOf = new Date(values.get('--as-of') ?? DEFAULT_AS_OF);
  const out = values.get('--out');
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000_000) return '--count must be a whole number from 1 to 100000000';
  if (out === undefined) return '--out FILE is required (- for stdout)';
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) return '--seed must be a whole number from 0 to 4294967295';
  if (Number.isNaN(asOf.getTime())) return '--as-of must be an ISO-8601 date';
  return { count, out, seed, asOf };
}

async function run(args: string[]): Promise<number> {
  const parsed = parseGenArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${USAGE}`);
    return 2;
  }
  const output = parsed.out === '-' ? process.stdout : createWriteStream(parsed.out);
  const started = Date.now();
  let block = '';
  for (const line of syntheticLines(0, parsed.count, parsed)) {
    block += line;
    if (block.length < BLOCK_CHARS) continue;
    if (!output.write(block)) await once(output, 'drain');
    block = '';
  }
  if (parsed.out === '-') {
    output.write(block);
  } else {
    output.end(block);
    await once(output, 'finish');
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`wrote ${parsed.count} entities to ${parsed.out} (seed ${parsed.seed}, ${seconds.toFixed(1)} s)\n`);
  }
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gen failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
