// The head formatted once must put on the wire exactly the bytes node's writeHead would, in every
// connection state, and step aside (return false) wherever it cannot: checked byte for byte over
// raw sockets against writeHead on the node that runs the tests.

import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareHead, writePreparedHead } from '../../src/http/prepared-head.js';

const BODY = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
const HEADERS = [
  'Cache-Control', 'public, max-age=300',
  'ETag', '"abc123"',
  'Surrogate-Key', 'e-1 all',
  'X-Content-Type-Options', 'nosniff',
  'Content-Type', 'image/svg+xml; charset=utf-8',
  'Content-Length', String(BODY.length),
];
const HEAD = prepareHead(200, HEADERS)!;

/** The server the test works with now; every one a test started is closed after it. */
let server: Server | undefined;
const started: Server[] = [];
afterEach(() => {
  for (const each of started.splice(0)) {
    each.closeAllConnections();
    each.close();
  }
  server = undefined;
});

interface StartOptions {
  setUp?: (s: Server) => void;
  /** Runs before the answer is written. */
  before?: (res: ServerResponse) => void;
  /** Replaces the two answers; `fast` is handed in to record into. */
  handler?: (res: ServerResponse, fast: boolean[]) => void;
}

/** `/node` answers through writeHead, `/prepared` through writePreparedHead (writeHead when it declines); `fast` records which. */
async function start({ setUp, before, handler }: StartOptions = {}) {
  const fast: boolean[] = [];
  server = createServer((req, res) => {
    before?.(res);
    if (handler !== undefined) return handler(res, fast);
    const id = req.headers['x-id'] as string | undefined ?? 'req-1';
    if (req.url === '/prepared') {
      const used = writePreparedHead(res, HEAD, id);
      fast.push(used);
      if (!used) res.writeHead(200, [...HEADERS, 'X-Request-Id', id]);
    } else {
      res.writeHead(200, [...HEADERS, 'X-Request-Id', id]);
    }
    if (req.method === 'HEAD') res.end();
    else res.end(BODY);
  });
  started.push(server);
  setUp?.(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, fast };
}

/** Sends `requests` (raw text) at once on one connection; resolves with `count` raw answers, Date values blanked. */
async function exchange(port: number, requests: string[], bodiless: boolean[], count = requests.length): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  socket.write(requests.join(''));
  let received = Buffer.alloc(0);
  const answers: string[] = [];
  for await (const chunk of socket) {
    received = Buffer.concat([received, chunk as Buffer]);
    for (;;) {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = received.subarray(0, end + 4).toString('latin1');
      const length = bodiless[answers.length] ? 0 : Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (received.length < end + 4 + length) break;
      answers.push(received.subarray(0, end + 4 + length).toString('latin1').replace(/\r\nDate: [^\r]*/, '\r\nDate: -'));
      received = received.subarray(end + 4 + length);
    }
    if (answers.length === count) break;
  }
  socket.destroy();
  return answers;
}

/** Each request once as /node and once as /prepared, on fresh connections: the answers must be the same bytes. */
async function compare(port: number, requests: string[], bodiless = requests.map((r) => r.startsWith('HEAD')), count = requests.length) {
  const viaNode = await exchange(port, requests.map((r) => r.replace('{path}', '/node')), bodiless, count);
  const prepared = await exchange(port, requests.map((r) => r.replace('{path}', '/prepared')), bodiless, count);
  expect(viaNode).toHaveLength(count);
  expect(prepared).toEqual(viaNode);
  return prepared;
}

const GET = 'GET {path} HTTP/1.1\r\nHost: x\r\n\r\n';

describe('prepared head', () => {
  it('writes what writeHead writes on a kept-alive connection, request after request', async () => {
    const { port, fast } = await start();
    const [first] = await compare(port, [GET, GET, 'HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\n', GET]);
    expect(fast).toEqual([true, true, true, true]);
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first).toContain('\r\nX-Request-Id: req-1\r\nDate: -\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n<svg');
  });

  it('follows the server\'s keep-alive settings', async () => {
    const { port, fast } = await start({
      setUp: (s) => {
        s.keepAliveTimeout = 0;
      },
    });
    expect((await compare(port, [GET]))[0]).not.toContain('Keep-Alive:');
    expect(fast).toEqual([true]);
    server!.keepAliveTimeout = 7000;
    server!.maxRequestsPerSocket = 2;
    // The second request is the socket's last: node says Connection: close, so writeHead does.
    const answers = await compare(port, [GET, GET]);
    expect(answers[0]).toContain('Keep-Alive: timeout=7, max=2\r\n');
    expect(answers[1]).toContain('Connection: close\r\n');
    expect(fast).toEqual([true, true, false]);
  });

  it('steps aside for a connection that closes, HTTP/1.0, and Expect: 100-continue', async () => {
    const { port, fast } = await start();
    await compare(port, ['GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    await compare(port, ['GET {path} HTTP/1.0\r\n\r\n']);
    expect(fast).toEqual([false, false]);
    // HTTP/1.0 asking to keep the connection is kept alive, and answered by the prepared head.
    await compare(port, ['GET {path} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n']);
    expect(fast).toEqual([false, false, true]);
    const expecting = ['GET {path} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n'];
    const [interim, answer] = await compare(port, expecting, [true, false], 2);
    expect(interim).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(fast.at(-1)).toBe(false);
  });

  it('steps aside once anything has set a header or a status message', async () => {
    const { port, fast } = await start({ before: (res) => res.setHeader('X-Early', '1') });
    const [answer] = await compare(port, [GET]);
    expect(answer).toContain('X-Early: 1\r\n');
    expect(fast).toEqual([false]);
    const named = await start({
      handler: (res, record) => {
        res.statusMessage = 'Fine';
        record.push(writePreparedHead(res, HEAD, undefined));
        res.writeHead(204).end();
      },
    });
    expect(await exchange(named.port, [GET.replace('{path}', '/')], [true])).toEqual([expect.stringMatching(/^HTTP\/1\.1 204 Fine\r\n/)]);
    expect(named.fast).toEqual([false]);
  });

  it('never writes a request id that writeHead would refuse', async () => {
    const { port, fast } = await start({
      handler: (res, record) => {
        record.push(writePreparedHead(res, HEAD, 'evil\r\nSet-Cookie: a=b'));
        res.writeHead(204).end();
      },
    });
    const [answer] = await exchange(port, [GET.replace('{path}', '/')], [true]);
    expect(fast).toEqual([false]);
    expect(answer).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
    expect(answer).not.toContain('Set-Cookie');
  });

  it('checks the headers once, as writeHead would, and leaves framing to node', () => {
    expect(HEAD).toEqual({ status: 200, lines: expect.stringMatching(/^HTTP\/1\.1 200 OK\r\nCache-Control: public, max-age=300\r\n/), contentLength: BODY.length });
    expect(() => prepareHead(200, ['X-Bad', 'a\nb', 'Content-Length', '1'])).toThrow(/Invalid character/);
    expect(() => prepareHead(200, ['Bad Name', 'a', 'Content-Length', '1'])).toThrow(/valid HTTP token/);
    for (const headers of [
      ['Content-Type', 'text/plain'],
      ['Content-Length', '1', 'Connection', 'close'],
      ['Content-Length', '1', 'content-length', '1'],
      ['Content-Length', '1', 'Transfer-Encoding', 'chunked'],
      ['Content-Length', '1', 'date', 'x'],
      ['Content-Length', 'x1'],
    ]) {
      expect(prepareHead(200, headers)).toBeNull();
    }
    for (const status of [299, 204, 304, 103]) expect(prepareHead(status, ['Content-Length', '0'])).toBeNull();
    expect(prepareHead(503, ['Content-Length', '0'])).toMatchObject({ lines: 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n' });
  });
});
