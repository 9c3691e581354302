// Creates the node:http server of a listener with every connection rule (caps on connections, in all
// and per client; timeouts that close what sends nothing), and drains it without cutting a request
// already sent. Never listens; main.ts and the tests do.

import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import proxyAddr from 'proxy-addr';
import type { Config, TrustProxy } from '../config.js';
import { clientKeyFor } from './rate-limit.js';

export interface ConnectionRules {
  /** Open connections on this listener; node closes more as they arrive. */
  maxConnections: number;
  /** Open connections per client key (clientKeyFor); 0: no per-client cap. */
  maxConnectionsPerClient: number;
  /** Peers Express would trust as proxies: they carry many clients, so no per-client cap applies to them. */
  trustProxy: TrustProxy;
  /** Request line and headers, from the request's first byte or, on a fresh connection, from connecting. */
  headersTimeoutMs: number;
  /** The whole request, body included, from the same start. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** No traffic either way for this long closes the socket, unless the service is the one still working. */
  idleTimeoutMs: number;
}

export type Listener = 'public' | 'admin';

/**
 * How often node looks for requests past headersTimeoutMs or requestTimeoutMs; its default, 30 s,
 * would let a silent socket outlive the headers timeout by that much. A pass over 4096 open
 * connections costs ~1.5 ms of CPU (measured on node 20): 0.15 % of a core at one a second.
 */
const CONNECTIONS_CHECK_MS = 1000;
/** The admin listener serves operators' scripts and probes, on a private address. */
const ADMIN_MAX_CONNECTIONS = 64;
/** Past IMPORT_MAX_SECONDS, time for the import's own 408 to answer before node cuts the request. */
const IMPORT_ANSWER_MARGIN_MS = 10_000;

export function connectionRulesFor(config: Readonly<Config>, listener: Listener): ConnectionRules {
  const headersTimeoutMs = config.headersTimeoutSeconds * 1000;
  const takesImports = config.adminToken !== null && (listener === 'admin' || config.adminPort === null);
  return {
    maxConnections: listener === 'admin' ? Math.min(config.maxConnections, ADMIN_MAX_CONNECTIONS) : config.maxConnections,
    maxConnectionsPerClient: config.maxConnectionsPerClient,
    trustProxy: config.trustProxy,
    headersTimeoutMs,
    // No public route reads a body, so a public request is whole once its headers are in.
    requestTimeoutMs: takesImports ? Math.max(headersTimeoutMs, config.importMaxSeconds * 1000 + IMPORT_ANSWER_MARGIN_MS) : headersTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutSeconds * 1000,
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
  };
}

export interface AppServer {
  server: Server;
  /**
   * Stops the listener without cutting any request already sent: every answer from now on closes
   * its connection (`Connection: close`), idle keep-alive connections end as they time out, and
   * once none is left the listener stops accepting. Past `graceMs` whatever is left is cut.
   * Resolves when the server is closed.
   */
  drain(options?: { graceMs?: number }): Promise<void>;
}

/** What a drain allows requests in flight and idle keep-alive connections, at most. */
export const DRAIN_GRACE_MS = 10_000;

/** `handler` as createApp returns it (or its admin handler). */
export function createAppServer(handler: RequestListener, rules: ConnectionRules): AppServer {
  let draining = false;
  /** Answers not yet begun: a drain tells each to close its connection after it. */
  const unanswered = new Set<ServerResponse>();
  const server = createServer(
    {
      headersTimeout: rules.headersTimeoutMs,
      requestTimeout: rules.requestTimeoutMs,
      keepAliveTimeout: rules.keepAliveTimeoutMs,
      connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
    },
    (req, res) => {
      if (draining) {
        res.setHeader('Connection', 'close');
      } else {
        unanswered.add(res);
        res.once('close', () => unanswered.delete(res));
      }
      handler(req, res);
    },
  );
  server.maxConnections = rules.maxConnections;
  capPerClient(server, rules);
  closeIdleSockets(server, rules.idleTimeoutMs);
  let open = 0;
  let lastClosed: () => void = () => undefined;
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => {
      if (--open === 0) lastClosed();
    });
  });

  return {
    server,
    drain: ({ graceMs = DRAIN_GRACE_MS } = {}) =>
      new Promise<void>((resolve) => {
        draining = true;
        for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
        unanswered.clear();
        // server.close() would also close idle keep-alive connections at once, resetting one whose
        // next request is already on its way: it is called once node has closed the last of them.
        const stop = (): void => {
          lastClosed = () => undefined;
          clearTimeout(deadline);
          server.close(() => resolve());
          server.closeAllConnections();
        };
        const deadline = setTimeout(stop, graceMs);
        lastClosed = stop;
        if (open === 0) stop();
      }),
  };
}

function capPerClient(server: Server, rules: ConnectionRules): void {
  if (rules.maxConnectionsPerClient === 0) return;
  const isProxy = compileProxyTrust(rules.trustProxy);
  const openByClient = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) {
      socket.destroy();
      return;
    }
    if (isProxy(address)) return;
    const key = clientKeyFor(address);
    const open = openByClient.get(key) ?? 0;
    if (open >= rules.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    openByClient.set(key, open + 1);
    socket.once('close', () => {
      const left = (openByClient.get(key) ?? 1) - 1;
      if (left === 0) openByClient.delete(key);
      else openByClient.set(key, left);
    });
  });
}

/**
 * Whether a TCP peer is a proxy, as Express decides for 'trust proxy' at the peer's hop (0): true
 * trusts every peer, a hop count any, addresses through proxy-addr.
 */
function compileProxyTrust(trust: TrustProxy): (address: string) => boolean {
  if (typeof trust === 'boolean') return () => trust;
  if (typeof trust === 'number') return () => trust > 0;
  const trusted = proxyAddr.compile([...trust]);
  return (address) => {
    try {
      return trusted(address, 0);
    } catch {
      return false;
    }
  };
}

/**
 * Node's socket timeout, with the default (destroy) replaced by a choice: a quiet socket is left
 * open while its request waits on the service (not yet answered, and either complete or paused by
 * the service, e.g. an import waiting for the write lock); requestTimeoutMs and IMPORT_MAX_SECONDS
 * bound those. Any other quiet socket (silent, stalled mid-body, not reading its answer) is closed.
 */
function closeIdleSockets(server: Server, idleTimeoutMs: number): void {
  const answering = new WeakMap<Socket, ServerResponse>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => answering.set(req.socket, res));
  server.setTimeout(idleTimeoutMs, (socket: Socket) => {
    const res = answering.get(socket);
    if (res !== undefined && !res.headersSent && (res.req.complete || res.req.isPaused())) return;
    socket.destroy();
  });
}
