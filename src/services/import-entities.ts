// Streams an NDJSON import into the store, all or nothing: each line is parsed and validated as it
// arrives, and the first bad one aborts the store's transaction with its line number. Memory stays
// bounded by a few chunks and one line, whatever the size of the input. With `parseInWorker`, a
// second thread parses and validates the next batches while this one writes.

import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { FieldError } from '../domain/entity-record.js';
import type { Entity } from '../domain/entity.js';
import { AppError } from '../domain/errors.js';
import { StaleWriteError, type Store, type WriteResult } from '../store/store.js';
import { isBlank, packLines, parseLine, type LineRefusal, type ParsedBatch } from './import-lines.js';

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
   * Parse and validate in a worker thread (import-worker.js, beside this module once built) while
   * this thread writes: for large imports from the command line. Same results, line for line.
   */
  parseInWorker?: boolean;
}

/**
 * Whether a large import into `store` should parse on a second thread: yes when the store writes in
 * this process (SQLite); PostgreSQL's server already writes in parallel with the parsing, and a
 * third busy thread on the same cores made its imports slower (1.8 M records: 17.3 s staged
 * inline, 21.3 s with the parser thread).
 */
export function parsesInWorker(store: Pick<Store, 'engine'>): boolean {
  return store.engine === 'sqlite';
}

/**
 * Batches parsed ahead of the one being written, and their size: small and few keep both threads
 * busy (parsing is faster than writing) while the importing thread's young generation stays at
 * its smallest; more or larger batches grew it fourfold for no speed (1.8 M records).
 */
const BATCHES_AHEAD = 1;
const BATCH_BYTES = 16 * 1024;

/** No record comes near this (2000-character description, 32 aliases); a longer line is refused, not buffered. */
export const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export async function importNdjson(store: Store, input: Readable, now: () => Date, options: ImportOptions = {}): Promise<ImportResult> {
  const progress: ImportProgress = { lines: 0, bytes: 0 };
  const importTime = now();
  const lineOf = new LineNumbers();
  try {
    const entities = options.parseInWorker === true ? readEntitiesInWorker(input, importTime, progress, options, lineOf) : readEntities(input, importTime, progress, options, lineOf);
    const summary = await store.writeEntities(entities, { importedAt: importTime });
    return { ...summary, lines: progress.lines };
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
    const detail = `must not be earlier than the stored ${error.stored} (history only moves forward)`;
    throw lineError(lineOf.at(error.position), `updated_at ${detail}`, error, [{ field: 'updated_at', message: detail }]);
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
 * Like readEntities, with the parsing on a worker thread: lines go over in batches (packed, the
 * buffer transferred, not copied) and come back as entities, in order; up to BATCHES_AHEAD are
 * parsed while the store writes. A refused line ends the import as it would here; the thread
 * ends with the import, however it ends.
 */
async function* readEntitiesInWorker(input: Readable, importTime: Date, progress: ImportProgress, options: ImportOptions, lineOf: LineNumbers): AsyncGenerator<Entity> {
  // The thread's garbage dies young: a small young generation keeps its memory small, not slower.
  const worker = new Worker(new URL('./import-worker.js', import.meta.url), {
    workerData: { importTime: importTime.toISOString() },
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  const answers: ParsedBatch[] = [];
  const waiting: { resolve: (answer: ParsedBatch) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the import's parser thread stopped (exit code ${code})`)));
  worker.on('message', (answer: ParsedBatch) => {
    const waiter = waiting.shift();
    if (waiter === undefined) answers.push(answer);
    else waiter.resolve(answer);
  });
  const next = (): Promise<ParsedBatch> => {
    const answer = answers.shift();
    if (answer !== undefined) return Promise.resolve(answer);
    if (failure !== null) return Promise.reject(failure);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  let sent = 0;
  let received = 0;
  async function* take(): AsyncGenerator<Entity> {
    const { entities, ends, blanks, refusal } = await next();
    received++;
    for (const line of blanks) lineOf.blank(line);
    let start = 0;
    for (let i = 0; i < ends.length; i++) yield JSON.parse(entities.slice(start, (start = ends[i]!))) as Entity;
    if (refusal !== null) throw refusalError(refusal);
  }
  try {
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    let firstLine = 1;
    const send = () => {
      const packed = packLines(batch, firstLine);
      worker.postMessage(packed, [packed.bytes.buffer, packed.ends.buffer]);
      sent++;
      firstLine += batch.length;
      batch = [];
      batchBytes = 0;
    };
    for await (const lines of readLineBatches(input, progress, options)) {
      progress.lines += lines.length;
      for (const line of lines) {
        batch.push(line);
        batchBytes += line.length;
        if (batchBytes < BATCH_BYTES) continue;
        send();
        if (sent - received > BATCHES_AHEAD) yield* take();
      }
    }
    if (batch.length > 0) send();
    while (received < sent) yield* take();
  } finally {
    await worker.terminate();
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
