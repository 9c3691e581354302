// Draining without resets, as SIGTERM runs it (src/http/server.ts): a request already on the wire
// when the drain starts is answered, with Connection: close, and its connection ends cleanly.
// Deterministic: each request is written to the socket in the same tick as the drain starts, so
// the server has not read it yet; nothing waits on a timer.

import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listenTestApp, type ListeningApp } from '../../helpers/listen.js';
import { createTestApp, holdableRenderer } from '../../helpers/test-app.js';

let t: Awaited<ReturnType<typeof createTestApp>> | null = null;
let listening: ListeningApp | null = null;
afterEach(async () => {
  await listening?.close();
  await t?.close();
  t = null;
  listening = null;
});

const requestFor = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n`;

/** A raw keep-alive connection: every byte the server sends, whether it ended cleanly or was reset. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const ended = new Promise<{ how: 'end' | 'error'; text: string }>((resolve) => {
    socket.once('end', () => resolve({ how: 'end', text: received }));
    socket.once('error', (error) => resolve({ how: 'error', text: `${received}\n${String(error)}` }));
  });
  /** Waits until the server has sent `count` complete answers. */
  const answers = async (count: number): Promise<string[]> => {
    for (;;) {
      const parts = splitAnswers(received);
      if (parts.length >= count) return parts;
      await once(socket, 'data');
    }
  };
  return { socket, ended, answers, connected: once(socket, 'connect') };
}

/** Complete HTTP/1.1 answers in `text`, each by its Content-Length. */
function splitAnswers(text: string): string[] {
  const answers: string[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return answers;
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(rest.slice(0, end))?.[1] ?? 0);
    if (rest.length < end + 4 + length) return answers;
    answers.push(rest.slice(0, end + 4 + length));
    rest = rest.slice(end + 4 + length);
  }
}

describe('draining', () => {
  it('answers a request sent on an idle keep-alive connection as the drain starts, then closes the connection cleanly', async () => {
    t = await createTestApp();
    listening = await listenTestApp(t);
    const client = rawConnection(listening.port);
    await client.connected;
    client.socket.write(requestFor('/badge/openrouter.svg'));
    const [first] = await client.answers(1);
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first).toMatch(/\r\nConnection: keep-alive\r\n/i);

    // The connection is idle now. The next request goes on the wire, and the drain starts in the same tick.
    client.socket.write(requestFor('/badge/web/OpenRouter.svg?style=social'));
    const drained = listening.drain({ graceMs: 5_000 });

    const { how, text } = await client.ended;
    expect(how).toBe('end');
    const answers = splitAnswers(text);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answers[1]).toMatch(/\r\nConnection: close\r\n/i);
    await drained;
    expect(listening.server.listening).toBe(false);
  });

  it('lets a request in flight finish, answered with Connection: close, before it stops', async () => {
    const renderer = holdableRenderer();
    t = await createTestApp({}, [], { renderBadge: renderer.render });
    listening = await listenTestApp(t);
    const client = rawConnection(listening.port);
    await client.connected;
    renderer.hold();
    client.socket.write(requestFor('/badge/openrouter.png?scale=4'));
    while (renderer.waiting() === 0) await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const drained = listening.drain({ graceMs: 5_000 }).then(() => (stopped = true));
    // Still drawing: the listener waits for it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    renderer.release();
    const { how, text } = await client.ended;
    expect(how).toBe('end');
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    await drained;
    expect(stopped).toBe(true);
  });

  it('cuts what is left once the grace is over', async () => {
    t = await createTestApp();
    listening = await listenTestApp(t);
    const client = rawConnection(listening.port);
    await client.connected;
    // A request that never finishes its headers: nothing to answer, so the grace decides.
    client.socket.write('GET /badge/openrouter.svg HTTP/1.1\r\nHost: x\r\n');
    await listening.drain({ graceMs: 50 });
    const { text } = await client.ended;
    expect(text).not.toMatch(/^HTTP\/1\.1 200/);
    expect(listening.server.listening).toBe(false);
  });
});
