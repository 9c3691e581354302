// Reads one entity record's JSON text (an import line, an admin PUT body) from its bytes: UTF-8,
// JSON, and no key given twice at any depth. It checks no field: domain/entity-record.ts does.

import { isUtf8 } from 'node:buffer';
import { parse as parseJsonTree, type ValueNode } from '@humanwhocodes/momoa';

export type RecordJsonParse =
  | { ok: true; record: unknown }
  /** `field`: the repeated key's path (`dimensions.security`), or null when the text as a whole is wrong. */
  | { ok: false; field: string | null; message: string; cause?: unknown };

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * JSON.parse stays the parser (imports run to millions of lines) but keeps the last of two equal
 * keys, so `{"score":99,"score":40}` would pass as 40. A leading byte-order mark is ignored, as
 * RFC 8259 allows.
 */
export function parseRecordJson(bytes: Buffer): RecordJsonParse {
  if (!isUtf8(bytes)) return { ok: false, field: null, message: 'is not valid UTF-8' };
  const text = bytes.toString('utf8', startsWithBom(bytes) ? BOM.length : 0);
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return { ok: false, field: null, message: `is not valid JSON (${(error as Error).message})`, cause: error };
  }
  // Every key written in the text is a string whose closing (unescaped) quote is followed by white
  // space and a colon, so the text holds at least as many such `":` as keys were written; the parsed
  // value holds one key per distinct key. Equal counts prove nothing was repeated. More (a repeat,
  // or a string value starting with a colon) sends the text through the exact check.
  if (countKeyColons(text) === countKeys(record)) return { ok: true, record };
  const problem = findRepeatedKey(text);
  return problem === null ? { ok: true, record } : { ok: false, ...problem };
}

function startsWithBom(bytes: Buffer): boolean {
  return bytes.length >= BOM.length && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

/** Colons whose previous non-white-space character is a double quote that no backslash escapes. */
function countKeyColons(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) {
    let before = at - 1;
    while (before >= 0 && isJsonWhiteSpace(text.charCodeAt(before))) before--;
    if (text.charCodeAt(before) === QUOTE && !isEscaped(text, before)) count++;
  }
  return count;
}

/** An odd run of backslashes before `at` escapes it (`\"`); an even one is escaped backslashes (`\\"`). */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= 0 && text.charCodeAt(at - backslashes - 1) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

function isJsonWhiteSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Past this depth countKeys gives up (NaN), which sends the text to the exact check: records nest two deep. */
const MAX_COUNTED_DEPTH = 32;

/** Keys of every object in a parsed value, or NaN when it nests deeper than MAX_COUNTED_DEPTH. */
function countKeys(value: unknown, depth = 0): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > MAX_COUNTED_DEPTH) return NaN;
  let count = 0;
  if (Array.isArray(value)) {
    for (const element of value) count += countKeys(element, depth + 1);
  } else {
    for (const key in value) count += 1 + countKeys((value as Record<string, unknown>)[key], depth + 1);
  }
  return count;
}

/** The first key an object repeats, by its path (`dimensions.security`, `aliases[0].x`), or null. */
function findRepeatedKey(text: string): { field: string | null; message: string; cause?: unknown } | null {
  let root: ValueNode;
  try {
    root = parseJsonTree(text, { mode: 'json' }).body;
  } catch (error) {
    // JSON.parse read this text, so only nesting too deep for the tree parser's recursion gets
    // here; no record nests like that, so it is the record's error, not a crash.
    return { field: null, message: 'is nested too deeply to check for repeated keys', cause: error };
  }
  const pending: { node: ValueNode; path: string }[] = [{ node: root, path: '' }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    const children: { node: ValueNode; path: string }[] = [];
    if (node.type === 'Array') {
      node.elements.forEach((element, i) => children.push({ node: element.value, path: `${path}[${i}]` }));
    } else if (node.type === 'Object') {
      const seen = new Set<string>();
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        const keyPath = path === '' ? key : `${path}.${key}`;
        if (seen.has(key)) return { field: keyPath, message: 'is given more than once' };
        seen.add(key);
        children.push({ node: member.value, path: keyPath });
      }
    }
    // Reversed, so nested values are searched in the order the text gives them.
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
  return null;
}
