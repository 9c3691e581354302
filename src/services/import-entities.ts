// Streams an NDJSON import into the store, all or nothing: each line is parsed and validated as it
// arrives, and the first bad one aborts the store's transaction with its line number. Memory stays
// bounded by one chunk and one line, whatever the size of the input.

import type { Readable } from 'node:stream';
import { checkEntityRecord, describeFieldErrors, type FieldError } from '../domain/entity-record.js';
import type { Entity } from '../domain/entity.js';
import { AppError } from '../domain/errors.js';
import { StaleWriteError, type Store, type WriteResult } from '../store/store.js';
import { parseRecordJson } from './record-json.js';

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
}

/** No record comes near this (2000-character description, 32 aliases); a longer line is refused, not buffered. */
export const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export async function importNdjson(store: Store, input: Readable, now: () => Date, options: ImportOptions = {}): Promise<ImportResult> {
  const progress: ImportProgress = { lines: 0, bytes: 0 };
  const importTime = now();
  const lineOf = new LineNumbers();
  try {
    const summary = await store.writeEntities(readEntities(input, importTime, progress, options, lineOf), { importedAt: importTime });
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
      if (isBlank(bytes)) continue;
      const entity = parseLine(bytes, progress.lines, importTime);
      lineOf.push(progress.lines);
      yield entity;
    }
  }
}

/** The line of each record, by its place among the records (blank lines hold none): 4 bytes a record. */
class LineNumbers {
  private lines = new Uint32Array(1024);
  private count = 0;

  push(line: number): void {
    if (this.count === this.lines.length) {
      const grown = new Uint32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[this.count++] = line;
  }

  /** `position` counts from 1, as the store's StaleWriteError does. */
  at(position: number): number {
    return this.lines[position - 1] ?? position;
  }
}

function parseLine(bytes: Buffer, line: number, importTime: Date): Entity {
  const parsed = parseRecordJson(bytes);
  if (!parsed.ok) {
    const errors = parsed.field === null ? undefined : [{ field: parsed.field, message: parsed.message }];
    throw lineError(line, parsed.field === null ? parsed.message : `${parsed.field} ${parsed.message}`, parsed.cause, errors);
  }
  const checked = checkEntityRecord(parsed.record, importTime);
  if (!checked.ok) throw lineError(line, describeFieldErrors(checked.errors), undefined, checked.errors);
  return checked.entity;
}

/** Empty, or only JSON white space (space, tab; the line's `\r` is gone already). */
function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09) return false;
  return true;
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
