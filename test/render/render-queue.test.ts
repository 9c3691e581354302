import { describe, expect, it } from 'vitest';
import { createRenderQueue, RenderQueueFullError } from '../../src/render/render-queue.js';

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
      }, 'entity'),
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

  it("refuses work past a lane's bound instead of growing a backlog, but always takes the fixed pictures", async () => {
    const queue = createRenderQueue({ concurrency: 1, maxQueued: 1 });
    const gate = deferred();
    const first = queue.run(() => gate.promise, 'entity');
    const second = queue.run(async () => 'second', 'entity');
    await expect(queue.run(async () => 'third', 'entity')).rejects.toBeInstanceOf(RenderQueueFullError);
    const fixed = queue.run(async () => 'fixed', 'fixed');
    expect(queue.stats()).toMatchObject({ running: 1, queued: 2, rejected: 1, queuedByLane: { fixed: 1, entity: 1, state: 0 } });
    gate.resolve();
    await first;
    expect(await second).toBe('second');
    expect(await fixed).toBe('fixed');
  });

  it('keeps a flood of state badges in their own lane: badges with a score are never refused for it', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxQueued: 2 });
    const gate = deferred();
    const order: string[] = [];
    const running = queue.run(() => gate.promise, 'state');
    const states = [1, 2].map((i) => queue.run(async () => void order.push(`state ${i}`), 'state'));
    await expect(queue.run(async () => 'one too many', 'state')).rejects.toBeInstanceOf(RenderQueueFullError);
    // The state lane is full; the entity lane is not, and it is served first.
    const entities = [1, 2].map((i) => queue.run(async () => void order.push(`entity ${i}`), 'entity'));
    gate.resolve();
    await Promise.all([running, ...states, ...entities]);
    expect(order).toEqual(['entity 1', 'entity 2', 'state 1', 'state 2']);
  });

  it('frees its slot when a task fails', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxQueued: 0 });
    await expect(queue.run(async () => Promise.reject(new Error('boom')), 'entity')).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next', 'entity')).toBe('next');
  });

  it('yields to the event loop before each task, so pending I/O callbacks run in between', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxQueued: 10 });
    const order: string[] = [];
    const tasks = [1, 2, 3].map((i) => queue.run(async () => void order.push(`render ${i}`), 'entity'));
    setImmediate(() => order.push('io'));
    await Promise.all(tasks);
    expect(order.indexOf('io')).toBeLessThan(order.indexOf('render 3'));
  });
});
