// A parser thread of an import (import-entities.ts, `parseInWorker`): parses and validates batches
// of lines while the importing thread writes the previous ones to the store. Answers each batch,
// in order, with its entities or, when given the store's encoder (store.ts: BulkWriter), with the
// rows the store takes; and with its first refused line, if any.

import { parentPort, workerData } from 'node:worker_threads';
import type { EncodeBulkRow } from '../store/store.js';
import { encodeBatch, parseBatch, type PackedLines, type ParserThreadData } from './import-lines.js';

const data = workerData as ParserThreadData;
const importTime = new Date(data.importTime);
const encode = data.encoder === null ? null : ((await import(data.encoder)) as { encodeBulkRow: EncodeBulkRow }).encodeBulkRow;

parentPort!.on('message', (batch: PackedLines) => {
  parentPort!.postMessage(encode === null ? parseBatch(batch, importTime) : encodeBatch(batch, importTime, encode));
});
