// The listener's connection rules through the production server factory (security finding 9):
// idle sockets from one client cannot fill the service, silent ones are closed, the global cap holds.

import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { connectionRulesFor } from '../../../src/http/server.js';
import { listenTestApp, type ListeningApp } from '../../helpers/listen.js';
import { createTestApp } from '../../helpers/test-app.js';

const opened: Socket[] = [];
let running: { t: Awaited<ReturnType<typeof createTestApp>>; listening: ListeningApp } | null = null;

async function start(env: NodeJS.ProcessEnv): Promise<ListeningApp> {
  const t = await createTestApp(env);
  running = { t, listening: await listenTestApp(t) };
  return running.listening;
}

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.destroy();
  await running?.listening.close();
  await running?.t.close();
  running = null;
});

interface WatchedSocket {
  socket: Socket;
  /** Everything the server sent, once it has closed the connection. */
  closed: Promise<string>;
}

/** An idle connection from `localAddress` (any of 127.0.0.0/8 on Linux), resolved once connected. */
function openIdle(port: number, localAddress: string): Promise<WatchedSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    opened.push(socket);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<string>((resolveClosed) => socket.once('close', () => resolveClosed(received)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** GET `path` on a fresh connection from `localAddress`: its status, or the error's code. */
function get(port: number, path: string, localAddress = '127.0.0.1'): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', localAddress, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

/** One GET on an already open socket: the status it answers, or 'closed'. */
function getOn(socket: Socket, path: string): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(received);
      if (status !== null && received.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(Number(status[1]));
      }
    };
    socket.on('data', onData);
    socket.once('close', () => resolve('closed'));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  });
}

/** Resolves with the sockets whose 'close' came first, once `count` of them have closed. */
async function firstClosed(sockets: WatchedSocket[], count: number): Promise<Set<WatchedSocket>> {
  const done = new Set<WatchedSocket>();
  await new Promise<void>((resolve) => {
    for (const watched of sockets) {
      void watched.closed.then(() => {
        done.add(watched);
        if (done.size === count) resolve();
      });
    }
  });
  return done;
}

describe('the per-client connection cap', () => {
  it('closes a client\'s sockets past its cap at once, while another client is served', async () => {
    const { port } = await start({ MAX_CONNECTIONS_PER_CLIENT: '4', MAX_CONNECTIONS: '50', HEADERS_TIMEOUT_SECONDS: '600', IDLE_TIMEOUT_SECONDS: '3600' });
    const idle: WatchedSocket[] = [];
    for (let i = 0; i < 12; i++) idle.push(await openIdle(port, '127.0.0.2'));
    const refused = await firstClosed(idle, 8);
    expect(await get(port, '/livez')).toBe(200);

    const kept = idle.filter((watched) => !refused.has(watched));
    expect(kept).toHaveLength(4);
    for (const watched of kept) expect(await getOn(watched.socket, '/livez')).toBe(200);
    // At its cap the client gets no more; one closed frees a place.
    expect(await get(port, '/livez', '127.0.0.2')).toBe('ECONNRESET');
    kept[0]!.socket.destroy();
    await kept[0]!.closed;
    await expect.poll(() => get(port, '/livez', '127.0.0.2')).toBe(200);
  });

  it('leaves trusted proxies uncapped: a load balancer carries many clients', async () => {
    const { port } = await start({ MAX_CONNECTIONS_PER_CLIENT: '2', TRUST_PROXY: '127.0.0.3', HEADERS_TIMEOUT_SECONDS: '600', IDLE_TIMEOUT_SECONDS: '3600' });
    const fromProxy: WatchedSocket[] = [];
    for (let i = 0; i < 6; i++) fromProxy.push(await openIdle(port, '127.0.0.3'));
    for (const watched of fromProxy) expect(await getOn(watched.socket, '/livez')).toBe(200);
    // An untrusted peer on the same listener is still capped.
    const other = [await openIdle(port, '127.0.0.4'), await openIdle(port, '127.0.0.4'), await openIdle(port, '127.0.0.4')];
    expect((await firstClosed(other, 1)).size).toBe(1);
  });
});

describe('the admin listener', () => {
  it('has the same per-client cap', async () => {
    const t = await createTestApp({ ADMIN_PORT: '0', ADMIN_TOKEN: 'admin-token-0123456789abcdef', MAX_CONNECTIONS_PER_CLIENT: '2', HEADERS_TIMEOUT_SECONDS: '600' });
    running = { t, listening: await listenTestApp(t, 'admin') };
    const { port } = running.listening;
    const idle = [await openIdle(port, '127.0.0.10'), await openIdle(port, '127.0.0.10'), await openIdle(port, '127.0.0.10')];
    expect((await firstClosed(idle, 1)).size).toBe(1);
    expect(await get(port, '/v1/import')).toBe(404);
  });
});

describe('the global connection cap', () => {
  it('holds whatever the number of clients', async () => {
    const { port } = await start({ MAX_CONNECTIONS: '6', MAX_CONNECTIONS_PER_CLIENT: '3', HEADERS_TIMEOUT_SECONDS: '600', IDLE_TIMEOUT_SECONDS: '3600' });
    const idle: WatchedSocket[] = [];
    for (const host of ['127.0.0.5', '127.0.0.6', '127.0.0.7']) for (let i = 0; i < 3; i++) idle.push(await openIdle(port, host));
    const refused = await firstClosed(idle, 3);
    const kept = idle.filter((watched) => !refused.has(watched));
    for (const watched of kept) expect(await getOn(watched.socket, '/livez')).toBe(200);
    expect(await get(port, '/livez')).toBe('ECONNRESET');
  });
});

describe('timeouts', () => {
  it('answers 408 and closes a socket that never sends a byte, and one that trickles its headers, after HEADERS_TIMEOUT_SECONDS', async () => {
    const { port } = await start({ HEADERS_TIMEOUT_SECONDS: '1', IDLE_TIMEOUT_SECONDS: '3600' });
    const silent = await openIdle(port, '127.0.0.8');
    const trickling = await openIdle(port, '127.0.0.8');
    const headers = 'GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(1000);
    let sent = 0;
    const drip = setInterval(() => {
      if (!trickling.socket.destroyed) trickling.socket.write(headers[sent++ % headers.length]!);
    }, 50);
    try {
      // Node's headers timeout applies from connecting, with no byte received (checked on node 20).
      expect(await silent.closed).toMatch(/^HTTP\/1\.1 408 /);
      expect(await trickling.closed).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a silent socket after IDLE_TIMEOUT_SECONDS, without an answer', async () => {
    const { port } = await start({ HEADERS_TIMEOUT_SECONDS: '600', IDLE_TIMEOUT_SECONDS: '1' });
    const silent = await openIdle(port, '127.0.0.9');
    expect(await silent.closed).toBe('');
    expect(await get(port, '/livez')).toBe(200);
  });

  it('gives the listener that takes imports room for IMPORT_MAX_SECONDS, and public-only listeners none for bodies', () => {
    const base = { HEADERS_TIMEOUT_SECONDS: '10', IMPORT_MAX_SECONDS: '900', ADMIN_TOKEN: 'admin-token-0123456789abcdef' };
    expect(connectionRulesFor(loadConfig(base), 'public').requestTimeoutMs).toBe(910_000);
    const separate = loadConfig({ ...base, ADMIN_PORT: '0' });
    expect(connectionRulesFor(separate, 'public').requestTimeoutMs).toBe(10_000);
    expect(connectionRulesFor(separate, 'admin')).toMatchObject({ requestTimeoutMs: 910_000, maxConnections: 64 });
    expect(connectionRulesFor(loadConfig({}), 'public')).toMatchObject({ maxConnections: 4096, maxConnectionsPerClient: 128, headersTimeoutMs: 10_000, idleTimeoutMs: 30_000, keepAliveTimeoutMs: 5000 });
  });
});
