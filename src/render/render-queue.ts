// Runs cold renders a few at a time from bounded wait lists, one per lane, yielding to the event
// loop before each, so cached hits and health checks are answered between renders. Past a lane's
// bound it refuses (RenderQueueFullError) instead of building a backlog; one lane never fills another.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export class RenderQueueFullError extends Error {
  constructor() {
    super('render queue is full');
    this.name = 'RenderQueueFullError';
  }
}

/**
 * Who waits where, served in this order:
 * - `fixed`: the handful of pictures that take no caller input (`busy`, `unavailable`, `rate
 *   limited` per format and scale); never refused, and at most one render each can wait, since
 *   the badge cache shares a render in flight between its callers;
 * - `entity`: badges that show a score;
 * - `state`: badges that show no score (unknown, ambiguous, invalid), whose text a caller chooses
 *   freely: a flood of them fills only this lane, so it can never make a real badge `busy`.
 */
export const RENDER_LANES = ['fixed', 'entity', 'state'] as const;
export type RenderLane = (typeof RENDER_LANES)[number];

export interface RenderQueueOptions {
  /** Renders in flight at once (Satori runs on the main thread, Resvg on libuv's pool). */
  concurrency: number;
  /** Renders allowed to wait in each of the `entity` and `state` lanes; one more is refused. */
  maxQueued: number;
}

export interface RenderQueueStats {
  running: number;
  /** Waiting, all lanes together. */
  queued: number;
  queuedByLane: Record<RenderLane, number>;
  rejected: number;
}

export interface RenderQueue {
  run<T>(task: () => Promise<T>, lane: RenderLane): Promise<T>;
  stats(): RenderQueueStats;
}

export function createRenderQueue(options: RenderQueueOptions): RenderQueue {
  const waiting: Record<RenderLane, (() => void)[]> = { fixed: [], entity: [], state: [] };
  let running = 0;
  let rejected = 0;

  const release = (): void => {
    running--;
    const lane = RENDER_LANES.find((name) => waiting[name].length > 0);
    const next = lane === undefined ? undefined : waiting[lane].shift();
    if (next !== undefined) {
      running++;
      next();
    }
  };

  return {
    async run(task, lane) {
      if (running >= options.concurrency) {
        if (lane !== 'fixed' && waiting[lane].length >= options.maxQueued) {
          rejected++;
          throw new RenderQueueFullError();
        }
        await new Promise<void>((resolve) => waiting[lane].push(resolve));
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
    stats: () => {
      const queuedByLane = { fixed: waiting.fixed.length, entity: waiting.entity.length, state: waiting.state.length };
      return { running, queued: queuedByLane.fixed + queuedByLane.entity + queuedByLane.state, queuedByLane, rejected };
    },
  };
}
