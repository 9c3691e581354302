// Streams an NDJSON import into the store, all or nothing: each line is parsed and validated as it
// arrives, and the first bad one aborts the store's transaction with its line number. Memory stays
// bounded by a few chunks and one line, whatever the size of the input. With `parseInWorker`,
// parser threads parse and validate the next batches while this one writes; for a store that takes
// encoded rows (store.ts: BulkWriter) they encode them too, and this thread only passes them on.

import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { FieldError } from '../domain/entity-record.js';
import type { Entity } from '../domain/entity.js';
import { AppError } from '../domain/errors.js';
import { StaleWriteError, type EncodedBatch, type Store, type WriteResult } from '../store/store.js';
import { isBlank, packLines, parseLine, type EncodedAnswer, type LineRefusal, type PackedLines, type ParsedBatch, type ParserThreadData } from './import-lines.js';

export interface ImportResult extends WriteResult {
  lines: number;
}

export interface ImportProgress {
  lines: number;
  bytes: number;
}

export interface ImportOptions {
  /** Called as input arrives (about once per chunk read); cheap, so callers throttle their own output. */
  onProgress?: (progress: ImportProgress) => void;
  /** Input past this many bytes fails the import (payload_too_large) and changes nothing. */
  maxBytes?: number;
  /**
   * Parse and validate on parser threads (import-worker.js, beside this module once built) while
   * this thread writes: for large imports from the command line. Same results, line for line.
   */
  parseInWorker?: boolean;
}

/**
 * A store that writes on this thread (SQLite) gets entities from one parser thread, a batch or so
 * ahead: small batches, few, keep both threads busy (parsing is faster than writing) while this
 * thread's young generation stays at its smallest; more or larger batches grew it fourfold for no
 * speed (1.8 M records).
 */
const ENTITY_THREADS = { threads: 1, ahead: 1, batchBytes: 16 * 1024 };
/**
 * A store that takes encoded rows (PostgreSQL) leaves this thread little to do: two threads parse
 * and encode, larger batches keep them from waiting on each other, and the server's COPY keeps up.
 */
const ENCODING_THREADS = { threads: 2, ahead: 4, batchBytes: 64 * 1024 };

/**
 * A parser thread's garbage dies young and it keeps little (its modules, a batch): small heaps keep
 * its memory small, not slower. Left to V8, each thread's old generation grew to ~30 MB of garbage
 * before a collection (two encoding threads took an import from 150 to 216 MB peak RSS). A thread
 * holds ~12 MB once loaded, and a batch is `batchBytes` and a line, each line under MAX_LINE_BYTES.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 };

/** No record comes near this (2000-character description, 32 aliases); a longer line is refused, not buffered. */
export const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export async function importNdjson(store: Store, input: Readable, now: () => Date, options: ImportOptions = {}): Promise<ImportResult> {
  const progress: ImportProgress = { lines: 0, bytes: 0 };
  const importTime = now();
  const lineOf = new LineNumbers();
  const bulk = options.parseInWorker === true ? store.bulk : null;
  try {
    let summary: WriteResult;
    if (bulk !== null) summary = await bulk.write(readEncodedInThreads(input, importTime, progress, options, bulk.encoder), { importedAt: importTime });
    else {
      const entities = options.parseInWorker === true ? readEntitiesInWorker(input, importTime, progress, options, lineOf) : readEntities(input, importTime, progress, options, lineOf);
      summary = await store.writeEntities(entities, { importedAt: importTime });
    }
    return { ...summary, lines: progress.lines };
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
    const detail = `must not be earlier than the stored ${error.stored} (history only moves forward)`;
    // Encoded rows carry their line; entities their place among the records.
    const line = bulk !== null ? error.position : lineOf.at(error.position);
    throw lineError(line, `updated_at ${detail}`, error, [{ field: 'updated_at', message: detail }]);
  }
}

async function* readEntities(input: Readable, importTime: Date, progress: ImportProgress, options: ImportOptions, lineOf: LineNumbers): AsyncGenerator<Entity> {
  for await (const lines of readLineBatches(input, progress, options)) {
    for (const bytes of lines) {
      progress.lines++;
      if (isBlank(bytes)) {
        lineOf.blank(progress.lines);
        continue;
      }
      const parsed = parseLine(bytes, progress.lines, importTime);
      if (!parsed.ok) throw refusalError(parsed.refusal);
      yield parsed.entity;
    }
  }
}

/**
 * Like readEntities, with the parsing on a parser thread: lines go over in batches and come back as
 * entities (JSON text, parsed one at a time here), in order. A refused line ends the import as it
 * would here.
 */
async function* readEntitiesInWorker(input: Readable, importTime: Date, progress: ImportProgress, options: ImportOptions, lineOf: LineNumbers): AsyncGenerator<Entity> {
  for await (const { entities, ends, blanks, refusal } of inParserThreads<ParsedBatch>(input, progress, options, ENTITY_THREADS, { importTime: importTime.toISOString(), encoder: null })) {
    for (const line of blanks) lineOf.blank(line);
    let start = 0;
    for (let i = 0; i < ends.length; i++) yield JSON.parse(entities.slice(start, (start = ends[i]!))) as Entity;
    if (refusal !== null) throw refusalError(refusal);
  }
}

/** The input as rows in the store's bulk form, encoded on parser threads with `encoder` (store.ts: BulkWriter), in order. */
async function* readEncodedInThreads(input: Readable, importTime: Date, progress: ImportProgress, options: ImportOptions, encoder: URL): AsyncGenerator<EncodedBatch> {
  for await (const { text, rows, registries, refusal } of inParserThreads<EncodedAnswer>(input, progress, options, ENCODING_THREADS, { importTime: importTime.toISOString(), encoder: encoder.href })) {
    if (rows > 0) yield { text, rows, registries };
    if (refusal !== null) throw refusalError(refusal);
  }
}

/**
 * The input's lines sent to parser threads in batches (packed, the buffer transferred, not copied),
 * and the threads' answers, in the order of the lines; up to `ahead` batches are out while the
 * caller takes the answers. The threads end with the import, however it ends.
 */
async function* inParserThreads<Answer>(
  input: Readable,
  progress: ImportProgress,
  options: ImportOptions,
  { threads: count, ahead, batchBytes }: { threads: number; ahead: number; batchBytes: number },
  workerData: ParserThreadData,
): AsyncGenerator<Answer> {
  const threads = new ParserThreads<Answer>(count, workerData);
  try {
    let batch: Uint8Array[] = [];
    let bytes = 0;
    let firstLine = 1;
    const send = () => {
      threads.send(packLines(batch, firstLine));
      firstLine += batch.length;
      batch = [];
      bytes = 0;
    };
    for await (const lines of readLineBatches(input, progress, options)) {
      progress.lines += lines.length;
      for (const line of lines) {
        batch.push(line);
        bytes += line.length;
        if (bytes < batchBytes) continue;
        send();
        if (threads.out > ahead) yield await threads.next();
      }
    }
    if (batch.length > 0) send();
    while (threads.out > 0) yield await threads.next();
  } finally {
    await threads.close();
  }
}

/**
 * Worker threads that answer batches in the order sent: the k-th batch goes to thread k mod n, and
 * each thread answers its own in order. A thread's error or exit fails the import.
 */
class ParserThreads<Answer> {
  private readonly workers: Worker[];
  private readonly answers: Answer[][];
  private waiter: { thread: number; resolve: (answer: Answer) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private sent = 0;
  private received = 0;

  constructor(count: number, workerData: ParserThreadData) {
    this.answers = Array.from({ length: count }, () => []);
    this.workers = Array.from({ length: count }, (_, thread) => {
      const worker = new Worker(new URL('./import-worker.js', import.meta.url), { workerData, resourceLimits: THREAD_HEAP });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`the import's parser thread stopped (exit code ${code})`)));
      worker.on('message', (answer: Answer) => {
        if (this.waiter?.thread === thread) {
          this.waiter.resolve(answer);
          this.waiter = null;
        } else this.answers[thread]!.push(answer);
      });
      return worker;
    });
  }

  /** Batches sent and not yet answered. */
  get out(): number {
    return this.sent - this.received;
  }

  send(packed: PackedLines): void {
    this.workers[this.sent++ % this.workers.length]!.postMessage(packed, [packed.bytes.buffer, packed.ends.buffer]);
  }

  /** The answer to the oldest batch not yet taken. */
  next(): Promise<Answer> {
    const thread = this.received++ % this.workers.length;
    const answer = this.answers[thread]!.shift();
    if (answer !== undefined) return Promise.resolve(answer);
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { thread, resolve, reject }));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiter?.reject(this.failure);
    this.waiter = null;
  }
}

function refusalError(refusal: LineRefusal): AppError {
  return lineError(refusal.line, refusal.reason, refusal.cause, refusal.errors);
}

/**
 * The line of each record, by its place among the records: its place plus the blank lines before
 * it. Only blank lines are kept (the record lines would be 4 bytes each, 7 MB at 1.8 M records).
 */
class LineNumbers {
  private readonly blanks: number[] = [];

  /** Lines come in ascending order. */
  blank(line: number): void {
    this.blanks.push(line);
  }

  /** `position` counts from 1, as the store's StaleWriteError does. */
  at(position: number): number {
    let line = position;
    for (const blank of this.blanks) {
      if (blank > line) break;
      line++;
    }
    return line;
  }
}

/**
 * The input's lines as bytes, a chunk's worth at a time (one await per chunk, not per line). Blank
 * lines come through too so line numbers stay true; a `\r` before the `\n` and the input's
 * byte-order mark are dropped. Bytes, not text: decoding is the record parser's, which refuses what
 * is not UTF-8 instead of replacing it.
 */
async function* readLineBatches(input: Readable, progress: ImportProgress, options: ImportOptions): AsyncGenerator<Buffer[]> {
  let carry: Buffer | null = null;
  let first = true;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    progress.bytes += bytes.length;
    if (options.maxBytes !== undefined && progress.bytes > options.maxBytes) {
      throw new AppError('payload_too_large', { detail: `The import is larger than ${options.maxBytes} bytes; nothing was changed.` });
    }
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      const piece = bytes.subarray(start, end);
      lines.push(trimLine(carry === null ? piece : Buffer.concat([carry, piece]), first));
      carry = null;
      first = false;
      start = end + 1;
    }
    if (start < bytes.length) carry = carry === null ? bytes.subarray(start) : Buffer.concat([carry, bytes.subarray(start)]);
    if (carry !== null && carry.length > MAX_LINE_BYTES) {
      throw lineError(progress.lines + lines.length + 1, `is longer than ${MAX_LINE_BYTES} bytes`);
    }
    options.onProgress?.(progress);
    if (lines.length > 0) yield lines;
  }
  if (carry !== null) yield [trimLine(carry, first)];
}

function trimLine(bytes: Buffer, first: boolean): Buffer {
  const start = first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = bytes.length > start && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  return bytes.subarray(start, end);
}

function lineError(line: number, reason: string, cause?: unknown, errors?: FieldError[]): AppError {
  return new AppError('invalid_import', {
    detail: `line ${line}: ${reason}`,
    extra: { line },
    errors: errors?.map((e) => ({ in: 'body', name: e.field, detail: e.message })),
    cause,
  });
}
