// Runs cold renders a few at a time with a bounded wait list, yielding to the event loop before
// each, so cached hits and health checks are answered between renders. Past the bound it refuses
// (RenderQueueFullError) instead of building an unbounded backlog.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export class RenderQueueFullError extends Error {
  constructor() {
    super('render queue is full');
    this.name = 'RenderQueueFullError';
  }
}

export interface RenderQueueOptions {
  /** Renders in flight at once (Satori runs on the main thread, Resvg on libuv's pool). */
  concurrency: number;
  /** Renders allowed to wait; one more is refused. */
  maxQueued: number;
}

export interface RenderQueue {
  /** `urgent` work (tiny error badges) skips the bound but still waits its turn. */
  run<T>(task: () => Promise<T>, urgent?: boolean): Promise<T>;
  stats(): { running: number; queued: number; rejected: number };
}

export function createRenderQueue(options: RenderQueueOptions): RenderQueue {
  const waiting: (() => void)[] = [];
  let running = 0;
  let rejected = 0;

  const release = (): void => {
    running--;
    const next = waiting.shift();
    if (next !== undefined) {
      running++;
      next();
    }
  };

  return {
    async run(task, urgent = false) {
      if (running >= options.concurrency) {
        if (!urgent && waiting.length >= options.maxQueued) {
          rejected++;
          throw new RenderQueueFullError();
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        await yieldToEventLoop();
        return await task();
      } finally {
        release();
      }
    },
    stats: () => ({ running, queued: waiting.length, rejected }),
  };
}
