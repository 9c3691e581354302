// `trustbadge check [FILE…]`: reads dependency files, asks a trustbadge server about every package
// (POST /v1/preflight, in chunks), judges each against the gate and prints the report. Exit 0 when
// the gate holds, 1 when it does not, 2 on a usage or input error, 3 when the server cannot be
// reached (or answers nothing usable). Everything it touches comes in through CheckIo, for tests.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCheckEnvironment, type CheckEnvironment } from '../../config.js';
import { GRADES, type Grade } from '../../domain/grade.js';
import { BatchAnswerSchema, type BatchItem } from '../../schema/answers.js';
import { InputError, type CheckReport, type Dependency, type Gate, type UnknownPolicy } from './check-report.js';
import { buildReport, judge } from './gate.js';
import { readDependencies, SUPPORTED_FILES } from './read-dependencies.js';
import { formatJunit, formatSarif } from './ci-formats.js';
import { formatJson, formatText } from './report-formats.js';

export const EXIT = { passed: 0, failed: 1, usage: 2, unreachable: 3 } as const;

const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];
const UNKNOWN_POLICIES = ['fail', 'warn', 'ignore'] as const;
/** What one request carries: the server's default BATCH_MAX_TARGETS. */
export const DEFAULT_CHUNK = 1_000;
/** A 429 is waited out (its Retry-After) this long in all before the run gives up. */
const MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface CheckIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: CheckEnvironment;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** The files named on the command line are read through this (and found there when none is named). */
  readFile: (path: string) => Promise<string>;
  version: string;
}

export const USAGE = `usage: trustbadge check [FILE…] [options]

Checks every package a dependency file names against a trustbadge server.
Files: ${SUPPORTED_FILES.join(', ')}.
With no FILE, the supported files of the current directory.

  --server URL          the trustbadge server (default: $TRUSTBADGE_SERVER, else http://localhost:3000)
  --min-grade A|B|C|D   fail a package graded below this
  --min-score N         fail a package scoring below N (0–100)
  --unknown fail|warn|ignore
                        packages the catalogue does not have (default: warn)
  --ignore PURL         skip this package (any version, or the one given); repeatable
  --direct-only         only what the project declares itself, where the file says so
  --format text|json|sarif|junit   (default: text)
  --color / --no-color  colour the text table (default: on a terminal, unless NO_COLOR)
  --batch-size N        packages per request (default ${DEFAULT_CHUNK})

Exit: 0 the gate holds, 1 it does not, 2 usage or input error, 3 the server cannot be reached.
`;

class UsageError extends Error {}
class Unreachable extends Error {}

interface Options {
  files: string[];
  server: string;
  gate: Gate;
  directOnly: boolean;
  format: Format;
  color: boolean;
  chunk: number;
}

function readOptions(args: string[], io: CheckIo): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        server: { type: 'string' },
        'min-grade': { type: 'string' },
        'min-score': { type: 'string' },
        unknown: { type: 'string' },
        ignore: { type: 'string', multiple: true },
        'direct-only': { type: 'boolean' },
        format: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return 'help';
  const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T | null): T | null => {
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
    return value as T;
  };
  const minScore = values['min-score'] === undefined ? null : Number(values['min-score']);
  if (minScore !== null && !(Number.isFinite(minScore) && minScore >= 0 && minScore <= 100)) throw new UsageError(`--min-score must be a number from 0 to 100, not "${values['min-score']}"`);
  const chunk = values['batch-size'] === undefined ? DEFAULT_CHUNK : Number(values['batch-size']);
  if (!Number.isInteger(chunk) || chunk < 1) throw new UsageError(`--batch-size must be a whole number ≥ 1, not "${values['batch-size']}"`);
  const server = values.server ?? io.env.server ?? 'http://localhost:3000';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server must be an http(s) URL, not "${server}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server must be an http(s) URL, not "${server}"`);
  for (const rule of values.ignore ?? []) if (!rule.startsWith('pkg:')) throw new UsageError(`--ignore takes a package URL (pkg:type/name), not "${rule}"`);
  const format = oneOf(values.format, FORMATS, '--format', 'text')!;
  const color = values['no-color'] === true ? false : values.color === true ? true : io.stdout.isTTY === true && !io.env.noColor;
  return {
    files: positionals,
    server: url.href.replace(/\/$/, ''),
    gate: {
      minGrade: oneOf(values['min-grade'], GRADES.filter((g) => g !== 'F') as Grade[], '--min-grade', null),
      minScore,
      unknown: oneOf(values.unknown, UNKNOWN_POLICIES, '--unknown', 'warn') as UnknownPolicy,
      ignore: values.ignore ?? [],
    },
    directOnly: values['direct-only'] === true,
    format,
    color,
    chunk,
  };
}

/** With no FILE: every supported file of the working directory (known names; SBOMs must be named). */
const DEFAULT_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'requirements.txt', 'poetry.lock', 'Pipfile.lock', 'Cargo.lock', 'go.sum', 'Gemfile.lock', 'bom.json'];

async function readAll(options: Options, io: CheckIo): Promise<{ files: string[]; dependencies: Dependency[] }> {
  const named = options.files.length > 0;
  const files: string[] = [];
  const dependencies: Dependency[] = [];
  for (const file of named ? options.files : DEFAULT_FILES) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (error) {
      if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new InputError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, file);
    }
    files.push(file);
    dependencies.push(...readDependencies(file, text));
  }
  if (files.length === 0) throw new UsageError(`no dependency file here; name one (${SUPPORTED_FILES.join(', ')})`);
  return { files, dependencies };
}

/** Asks the server about every distinct package URL, `chunk` at a time; 429s are waited out, anything else unusable is Unreachable. */
async function askServer(purls: string[], options: Options, io: CheckIo, progress: (done: number) => void): Promise<Map<string, BatchItem>> {
  const outcomes = new Map<string, BatchItem>();
  let waited = 0;
  for (let start = 0; start < purls.length; ) {
    const chunk = purls.slice(start, start + options.chunk);
    let res: Response;
    try {
      res = await io.fetch(`${options.server}/v1/preflight`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': `trustbadge-check/${io.version}` },
        body: JSON.stringify({ targets: chunk }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Unreachable(`cannot reach ${options.server}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    if (res.status === 429) {
      const seconds = Math.max(1, Number(res.headers.get('retry-after')) || 1);
      await res.arrayBuffer();
      if (waited + seconds * 1000 > MAX_RATE_LIMIT_WAIT_MS) throw new Unreachable(`${options.server} keeps refusing (rate limited) after ${Math.round(waited / 1000)} s of waiting`);
      io.stderr.write(`rate limited by ${options.server}: waiting ${seconds} s\n`);
      await io.sleep(seconds * 1000);
      waited += seconds * 1000;
      continue;
    }
    if (res.status === 413 && chunk.length > 1) {
      // A server with a smaller BATCH_MAX_TARGETS: halve the chunk and go on.
      await res.arrayBuffer();
      options.chunk = Math.max(1, Math.floor(chunk.length / 2));
      continue;
    }
    const text = await res.text();
    if (res.status !== 200) throw new Unreachable(`${options.server} answered ${res.status}: ${text.slice(0, 300)}`);
    let answer;
    try {
      answer = BatchAnswerSchema.parse(JSON.parse(text));
    } catch {
      throw new Unreachable(`${options.server} did not answer as a trustbadge server does (POST /v1/preflight)`);
    }
    if (answer.results.length !== chunk.length) throw new Unreachable(`${options.server} answered ${answer.results.length} items for ${chunk.length}`);
    chunk.forEach((purl, i) => outcomes.set(purl, answer.results[i]!));
    start += chunk.length;
    progress(start);
  }
  return outcomes;
}

function render(report: CheckReport, options: Options, io: CheckIo): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { version: io.version, informationUri: `${options.server}/docs/api` });
    case 'junit':
      return formatJunit(report);
    default:
      return formatText(report, { color: options.color, width: io.stdout.columns });
  }
}

export async function runCheck(args: string[], io: CheckIo): Promise<number> {
  try {
    const options = readOptions(args, io);
    if (options === 'help') {
      io.stdout.write(USAGE);
      return EXIT.passed;
    }
    const read = await readAll(options, io);
    const dependencies = options.directOnly ? read.dependencies.filter((d) => d.direct !== false) : read.dependencies;
    if (options.directOnly && dependencies.some((d) => d.direct === null)) {
      const files = [...new Set(dependencies.filter((d) => d.direct === null).map((d) => basename(d.file)))];
      io.stderr.write(`--direct-only: ${files.join(', ')} do not say which packages are direct; all of theirs are checked\n`);
    }
    const purls = [...new Set(dependencies.map((d) => d.purl))];
    const long = purls.length > options.chunk;
    const progress = (done: number): void => {
      if (!long) return;
      io.stderr.write(io.stderr.isTTY === true ? `\r\u001b[2Kchecked ${done} of ${purls.length} packages` : `checked ${done} of ${purls.length} packages\n`);
    };
    const outcomes = await askServer(purls, options, io, progress);
    if (long && io.stderr.isTTY === true) io.stderr.write('\r\u001b[2K');
    const report = buildReport(read.files, options.server, options.gate, dependencies.map((d) => judge(d, outcomes.get(d.purl)!, options.gate)));
    io.stdout.write(render(report, options, io));
    return report.passed ? EXIT.passed : EXIT.failed;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`trustbadge check: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      io.stderr.write(`trustbadge check: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof Unreachable) {
      io.stderr.write(`trustbadge check: ${error.message}\n`);
      return EXIT.unreachable;
    }
    throw error;
  }
}

/** The real world: process streams and environment, node's fetch, files from disk. */
export function processIo(version: string): CheckIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: loadCheckEnvironment(),
    fetch: globalThis.fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    readFile: (path) => readFile(path, 'utf8'),
    version,
  };
}
