import { describe, expect, it } from 'vitest';
import { createRenderQueue, RenderQueueFullError } from '../../src/cache/render-queue.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('render queue', () => {
  it('runs at most `concurrency` tasks at once, the rest in arrival order', async () => {
    const queue = createRenderQueue({ concurrency: 2, maxQueued: 10 });
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let peak = 0;
    const runs = gates.map((gate, i) =>
      queue.run(async () => {
        started.push(i);
        peak = Math.max(peak, queue.stats().running);
        await gate.promise;
        return i;
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1]);
    expect(queue.stats()).toMatchObject({ running: 2, queued: 3 });
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(queue.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('refuses work past the bound instead of growing a backlog, but takes urgent work', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxQueued: 1 });
    const gate = deferred();
    const first = queue.run(() => gate.promise);
    const second = queue.run(async () => 'second');
    await expect(queue.run(async () => 'third')).rejects.toBeInstanceOf(RenderQueueFullError);
    const urgent = queue.run(async () => 'urgent', true);
    expect(queue.stats()).toMatchObject({ running: 1, queued: 2, rejected: 1 });
    gate.resolve();
    await first;
    expect(await second).toBe('second');
    expect(await urgent).toBe('urgent');
  });

  it('frees its slot when a task fails', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxQueued: 0 });
    await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('yields to the event loop before each task, so pending I/O callbacks run in between', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxQueued: 10 });
    const order: string[] = [];
    const tasks = [1, 2, 3].map((i) => queue.run(async () => void order.push(`render ${i}`)));
    setImmediate(() => order.push('io'));
    await Promise.all(tasks);
    expect(order.indexOf('io')).toBeLessThan(order.indexOf('render 3'));
  });
});
