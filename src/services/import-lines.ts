// One import line, from its bytes to an Entity or the reason it is refused: the same for lines
// parsed in the importing thread and in the parser thread (import-worker.ts). Plain data only, so
// a refusal crosses threads unchanged; import-entities.ts turns it into the error.

import { checkEntityRecord, describeFieldErrors, type FieldError } from '../domain/entity-record.js';
import type { Entity } from '../domain/entity.js';
import type { EncodeBulkRow, EncodedBatch } from '../store/store.js';
import { parseRecordJson } from './record-json.js';

export interface LineRefusal {
  line: number;
  reason: string;
  /** Field by field, when the record parsed but broke the format. */
  errors?: FieldError[];
  cause?: unknown;
}

export type LineParse = { ok: true; entity: Entity } | { ok: false; refusal: LineRefusal };

export function parseLine(bytes: Uint8Array, line: number, importTime: Date): LineParse {
  const parsed = parseRecordJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!parsed.ok) {
    const errors = parsed.field === null ? undefined : [{ field: parsed.field, message: parsed.message }];
    return { ok: false, refusal: { line, reason: parsed.field === null ? parsed.message : `${parsed.field} ${parsed.message}`, errors, cause: parsed.cause } };
  }
  const checked = checkEntityRecord(parsed.record, importTime);
  if (!checked.ok) return { ok: false, refusal: { line, reason: describeFieldErrors(checked.errors), errors: checked.errors } };
  return { ok: true, entity: checked.entity };
}

/** Empty, or only JSON white space (space, tab; the line's `\r` is gone already). */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09) return false;
  return true;
}

/** What a parser thread starts with (its workerData): the import's time, and the store's encoder module (BulkWriter) or null for entities. */
export interface ParserThreadData {
  importTime: string;
  encoder: string | null;
}

/** Lines packed into one buffer to cross to the parser thread: their bytes and where each ends. */
export interface PackedLines {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
  /** The line number of the first. */
  firstLine: number;
}

export function packLines(lines: readonly Uint8Array[], firstLine: number): PackedLines {
  const ends = new Uint32Array(lines.length);
  let total = 0;
  lines.forEach((line, i) => (ends[i] = total += line.length));
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const line of lines) {
    bytes.set(line, offset);
    offset += line.length;
  }
  return { bytes, ends, firstLine };
}

/**
 * What the parser thread answers for a batch: its entities with their lines, up to a refusal. The
 * entities go as JSON text, one after another (`ends` marks each), and are parsed one at a time
 * as the store takes them: young objects that die young. Cloned objects, or a batch parsed at
 * once, outlive the young generation and double the import's peak memory.
 */
export interface ParsedBatch {
  entities: string;
  ends: Uint32Array;
  /** The blank lines among them (they hold no entity). */
  blanks: number[];
  /** The first refused line: nothing after it was parsed. */
  refusal: LineRefusal | null;
}

export function parseBatch(packed: PackedLines, importTime: Date): ParsedBatch {
  let entities = '';
  const ends = new Uint32Array(packed.ends.length);
  const blanks: number[] = [];
  let count = 0;
  const refusal = eachRecord(packed, importTime, (line) => blanks.push(line), (entity) => {
    entities += JSON.stringify(entity);
    ends[count++] = entities.length;
  });
  return { entities, ends: ends.subarray(0, count), blanks, refusal };
}

/** What a parser thread that encodes for the store (store.ts: BulkWriter) answers for a batch: its rows, up to a refusal. */
export interface EncodedAnswer extends EncodedBatch {
  /** The first refused line: nothing after it was parsed. */
  refusal: LineRefusal | null;
}

export function encodeBatch(packed: PackedLines, importTime: Date, encode: EncodeBulkRow): EncodedAnswer {
  let text = '';
  let rows = 0;
  const registries = new Set<string>();
  const refusal = eachRecord(packed, importTime, () => undefined, (entity, line) => {
    text += encode(entity, line);
    rows++;
    registries.add(entity.registry);
  });
  return { text, rows, registries: [...registries], refusal };
}

/** Each line of a batch, blank or a record, in order, up to the first refused line: that one is returned. */
function eachRecord({ bytes, ends, firstLine }: PackedLines, importTime: Date, blank: (line: number) => void, record: (entity: Entity, line: number) => void): LineRefusal | null {
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const bytesOfLine = bytes.subarray(start, ends[i]);
    start = ends[i]!;
    if (isBlank(bytesOfLine)) {
      blank(firstLine + i);
      continue;
    }
    const parsed = parseLine(bytesOfLine, firstLine + i, importTime);
    // A refusal's cause (a SyntaxError) stays behind: its message is in the reason already.
    if (!parsed.ok) return { ...parsed.refusal, cause: undefined };
    record(parsed.entity, firstLine + i);
  }
  return null;
}
