// Streams an NDJSON import into the store, all or nothing: each line is parsed and validated as it
// arrives, and the first bad one aborts the store's transaction with its line number.

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { checkEntityRecord, describeFieldErrors } from '../domain/entity-record.js';
import type { Entity } from '../domain/entity.js';
import { AppError } from '../domain/errors.js';
import type { Store, WriteSummary } from '../store/store.js';

export interface ImportResult extends WriteSummary {
  lines: number;
}

export async function importNdjson(store: Store, input: Readable, now: () => Date): Promise<ImportResult> {
  const counter = { lines: 0 };
  const summary = await store.writeEntities(readEntities(input, now, counter));
  return { ...summary, lines: counter.lines };
}

async function* readEntities(input: Readable, now: () => Date, counter: { lines: number }): AsyncGenerator<Entity> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const importTime = now();
  for await (const text of lines) {
    counter.lines++;
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw lineError(counter.lines, `is not valid JSON (${(error as Error).message})`, error);
    }
    const checked = checkEntityRecord(record, importTime);
    if (!checked.ok) throw lineError(counter.lines, describeFieldErrors(checked.errors), undefined, checked.errors);
    yield checked.entity;
  }
}

function lineError(line: number, reason: string, cause?: unknown, errors?: unknown): AppError {
  return new AppError('invalid_import', {
    detail: `line ${line}: ${reason}`,
    extra: { line, ...(errors !== undefined ? { errors } : {}) },
    cause,
  });
}
