// Draws share cards on a worker thread whose V8 heap is bounded (Worker `resourceLimits`). A card
// allocates ~14 MB of short-lived layout and path objects; drawn on the main thread, that churn
// grew the service's heap past 180 MB for a live set of ~20 MB, and held the event loop for the
// whole layout. On its own thread the churn stays inside the bound, and badges, reports and pages
// are answered meanwhile. A thread that dies (out of its heap, or a crash) fails only the cards it
// was drawing; the next card starts a new one.

import { Worker } from 'node:worker_threads';
import type { BadgeFont } from './fonts.js';
import type { RenderCard } from './render-card.js';
import type { CardView } from './templates/card.js';

export interface CardRequest {
  id: number;
  view: CardView;
}
export type CardReply = { id: number; png: Uint8Array } | { id: number; error: string };

export interface CardThreadOptions {
  fonts: readonly BadgeFont[];
  /** The thread's V8 heap: its old generation, in MiB (the young one is sized from it). */
  heapMiB: number;
}

export interface CardThread {
  render: RenderCard;
  /** Threads started so far (a second one means the first died). */
  started(): number;
  close(): Promise<void>;
}

/** The young generation's share of the bound: scavenges stay short, and few objects are promoted. */
const YOUNG_SHARE = 0.25;

export function createCardThread(options: CardThreadOptions): CardThread {
  let current: { worker: Worker; pending: Map<number, { resolve: (png: Buffer) => void; reject: (error: Error) => void }> } | null = null;
  let nextId = 0;
  let started = 0;

  const start = () => {
    const worker = new Worker(new URL('./card-worker.js', import.meta.url), {
      workerData: { fonts: options.fonts },
      resourceLimits: {
        maxOldGenerationSizeMb: options.heapMiB,
        maxYoungGenerationSizeMb: Math.max(4, Math.round(options.heapMiB * YOUNG_SHARE)),
      },
    });
    started++;
    // The thread keeps the process alive only while it draws (an idle one never holds up an exit).
    worker.unref();
    const thread = { worker, pending: new Map() as NonNullable<typeof current>['pending'] };
    const failAll = (error: Error) => {
      if (current === thread) current = null;
      for (const waiter of thread.pending.values()) waiter.reject(error);
      thread.pending.clear();
    };
    worker.on('message', (reply: CardReply) => {
      const waiter = thread.pending.get(reply.id);
      if (waiter === undefined) return;
      thread.pending.delete(reply.id);
      if (thread.pending.size === 0) worker.unref();
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else waiter.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    });
    worker.on('error', (error) => failAll(new Error(`the card thread failed: ${String(error)}`, { cause: error })));
    worker.on('exit', (code) => failAll(new Error(`the card thread stopped (exit code ${code})`)));
    return thread;
  };

  return {
    render: (view) =>
      new Promise<Buffer>((resolve, reject) => {
        current ??= start();
        const id = nextId++;
        if (current.pending.size === 0) current.worker.ref();
        current.pending.set(id, { resolve, reject });
        const request: CardRequest = { id, view };
        current.worker.postMessage(request);
      }),
    started: () => started,
    close: async () => {
      const thread = current;
      current = null;
      if (thread !== null) await thread.worker.terminate();
    },
  };
}
