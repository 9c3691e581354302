// The share-card thread (card-thread.ts): draws each card it is sent with the shipped fonts it was
// started with, and answers the PNG or the render's error message.

import { parentPort, workerData } from 'node:worker_threads';
import type { BadgeFont } from './fonts.js';
import { createCardRenderer } from './render-card.js';
import type { CardRequest, CardReply } from './card-thread.js';

const { fonts } = workerData as { fonts: readonly BadgeFont[] };
// Structured clone hands the font bytes over as Uint8Arrays; satori reads Buffers.
const render = createCardRenderer(fonts.map((font) => ({ ...font, data: Buffer.from(font.data.buffer, font.data.byteOffset, font.data.byteLength) })));

parentPort!.on('message', (request: CardRequest) => {
  render(request.view).then(
    (png) => {
      // Resvg's buffer is external memory, which cannot be moved between threads: copy it once into one that can.
      const bytes = new Uint8Array(png.byteLength);
      bytes.set(png);
      const reply: CardReply = { id: request.id, png: bytes };
      parentPort!.postMessage(reply, [bytes.buffer]);
    },
    (error: unknown) => {
      const reply: CardReply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
      parentPort!.postMessage(reply);
    },
  );
});
