// Writes the synthetic catalogue, or its monthly snapshots, as NDJSON files, streamed with
// back-pressure: memory holds one block per output and one entity's history, whatever the count.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join, parse } from 'node:path';
import type { Writable } from 'node:stream';
import { syntheticLines, type CatalogueOptions } from './synthetic-catalogue.js';
import { syntheticHistory, type SnapshotOptions } from './synthetic-history.js';

/** Lines are written in blocks of about this size. */
const BLOCK_CHARS = 256 * 1024;

/** `/tmp/cat.ndjson` with 12 snapshots: `/tmp/cat.01.ndjson` … `/tmp/cat.12.ndjson`, oldest first. */
export function snapshotPaths(out: string, snapshots: number): string[] {
  const { dir, name, ext } = parse(out);
  const width = Math.max(2, String(snapshots).length);
  return Array.from({ length: snapshots }, (_, k) => join(dir, `${name}.${String(k + 1).padStart(width, '0')}${ext}`));
}

/** Entities 0 … count - 1 to `output`; `-` leaves stdout open, a file is closed when done. */
export async function writeCatalogue(output: Writable, count: number, options: CatalogueOptions): Promise<void> {
  const writer = blockWriter(output);
  for (const line of syntheticLines(0, count, options)) if (writer.add(line)) await writer.flush();
  await writer.flush();
}

/** Each snapshot to its path (see snapshotPaths), all written in one pass over the entities. */
export async function writeSnapshots(paths: readonly string[], count: number, options: SnapshotOptions): Promise<void> {
  const outputs = paths.map((path) => createWriteStream(path));
  const writers = outputs.map(blockWriter);
  for (let index = 0; index < count; index++) {
    const history = syntheticHistory(index, options);
    let line = '';
    for (let snapshot = 0; snapshot < history.length; snapshot++) {
      // Consecutive snapshots often hold the same record object: serialise it once.
      if (snapshot === 0 || history[snapshot] !== history[snapshot - 1]) line = `${JSON.stringify(history[snapshot])}\n`;
      if (writers[snapshot]!.add(line)) await writers[snapshot]!.flush();
    }
  }
  for (const writer of writers) await writer.flush();
  await Promise.all(outputs.map(async (output) => {
    output.end();
    await once(output, 'finish');
  }));
}

/** Gathers lines into blocks; `add` says when a block is full, `flush` writes it and waits for drain. */
function blockWriter(output: Writable) {
  let block = '';
  return {
    add(line: string): boolean {
      block += line;
      return block.length >= BLOCK_CHARS;
    },
    async flush(): Promise<void> {
      if (block === '') return;
      const full = !output.write(block);
      block = '';
      if (full) await once(output, 'drain');
    },
  };
}
