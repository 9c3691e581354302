// The parser thread of an import (import-entities.ts, `parseInWorker`): parses and validates batches
// of lines while the importing thread writes the previous ones to the store. Answers each batch,
// in order, with its entities or its first refused line.

import { parentPort, workerData } from 'node:worker_threads';
import { parseBatch, type PackedLines } from './import-lines.js';

const importTime = new Date((workerData as { importTime: string }).importTime);

parentPort!.on('message', (batch: PackedLines) => {
  parentPort!.postMessage(parseBatch(batch, importTime));
});
