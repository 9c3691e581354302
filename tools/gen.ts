// `npm run gen -- --count N --out FILE [--seed S] [--as-of DATE] [--snapshots M]`: writes a synthetic
// catalogue as NDJSON, or M monthly snapshots of it for score history. Never touches the store.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DEFAULT_SEED } from './synthetic-catalogue.js';
import { snapshotDate } from './synthetic-history.js';
import { snapshotPaths, writeCatalogue, writeSnapshots } from './write-catalogue.js';

const USAGE =
  'usage: npm run gen -- --count N --out FILE [--seed S] [--as-of 2026-11-01T00:00:00Z] [--snapshots M]\n' +
  '  --snapshots M writes FILE.01 … FILE.M (before FILE\'s extension), one a month ending at --as-of,\n' +
  '  to import in that order; the last is the catalogue FILE would hold without --snapshots.\n';
/** Default newest update time: fixed, so a seed names one file on every machine and day. */
const DEFAULT_AS_OF = '2026-11-01T00:00:00Z';
/** Ten years of months: enough for any retention, small enough to keep the files' count sane. */
const MAX_SNAPSHOTS = 120;
const FLAGS = ['--count', '--out', '--seed', '--as-of', '--snapshots'];

interface GenArgs {
  count: number;
  out: string;
  seed: number;
  asOf: Date;
  /** Absent: one catalogue file. */
  snapshots: number | null;
}

function parseGenArgs(args: string[]): GenArgs | string {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!FLAGS.includes(flag)) return `unknown option ${flag}`;
    if (value === undefined) return `${flag} needs a value`;
    values.set(flag, value);
  }
  const count = Number(values.get('--count'));
  const seed = Number(values.get('--seed') ?? DEFAULT_SEED);
  const asOf = new Date(values.get('--as-of') ?? DEFAULT_AS_OF);
  const out = values.get('--out');
  const snapshots = values.has('--snapshots') ? Number(values.get('--snapshots')) : null;
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000_000) return '--count must be a whole number from 1 to 100000000';
  if (out === undefined) return '--out FILE is required (- for stdout)';
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) return '--seed must be a whole number from 0 to 4294967295';
  if (Number.isNaN(asOf.getTime())) return '--as-of must be an ISO-8601 date';
  if (snapshots !== null && (!Number.isSafeInteger(snapshots) || snapshots < 1 || snapshots > MAX_SNAPSHOTS)) return `--snapshots must be a whole number from 1 to ${MAX_SNAPSHOTS}`;
  if (snapshots !== null && out === '-') return '--snapshots writes files: --out must name one, not -';
  return { count, out, seed, asOf, snapshots };
}

async function run(args: string[]): Promise<number> {
  const parsed = parseGenArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (parsed.snapshots !== null) {
    const options = { ...parsed, snapshots: parsed.snapshots };
    const paths = snapshotPaths(parsed.out, parsed.snapshots);
    await writeSnapshots(paths, parsed.count, options);
    const day = (snapshot: number) => snapshotDate(snapshot, options).toISOString().slice(0, 10);
    process.stderr.write(
      `wrote ${parsed.snapshots} snapshots of ${parsed.count} entities, ${paths[0]} (${day(0)}) … ${paths.at(-1)} (${day(parsed.snapshots - 1)}); ` +
        `import them in that order (seed ${parsed.seed}, ${took()})\n`,
    );
  } else if (parsed.out === '-') {
    await writeCatalogue(process.stdout, parsed.count, parsed);
  } else {
    const output = createWriteStream(parsed.out);
    await writeCatalogue(output, parsed.count, parsed);
    output.end();
    await once(output, 'finish');
    process.stderr.write(`wrote ${parsed.count} entities to ${parsed.out} (seed ${parsed.seed}, ${took()})\n`);
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
