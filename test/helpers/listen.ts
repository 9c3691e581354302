// Listens on a loopback port through the production server factory, with every connection rule
// the test app's config sets: for tests that need real sockets and node's own connection handling.

import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { connectionRulesFor, createAppServer, type Listener } from '../../src/http/server.js';
import { watchAnswers } from './openapi-answers.js';

export interface ListeningApp {
  server: Server;
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** As SIGTERM drains it. */
  drain: (options?: { graceMs?: number }) => Promise<void>;
  /** Stops listening and cuts every open connection. */
  close: () => Promise<void>;
}

/** A test app (createTestApp) or any app's listener with its config. */
export async function listenTestApp(t: { handler: RequestListener; adminHandler: RequestListener | null; config: Readonly<Config> }, listener: Listener = 'public'): Promise<ListeningApp> {
  const handler = listener === 'admin' ? t.adminHandler : t.handler;
  if (handler === null) throw new Error('the test app has no admin listener: set ADMIN_PORT and ADMIN_TOKEN');
  const { server, drain } = createAppServer(handler, connectionRulesFor(t.config, listener));
  watchAnswers(server, listener);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    drain,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An app as createApp builds it, with the production server in front of it: `server` is what supertest talks to. */
export function withServer<T extends { handler: RequestListener }>(app: T, config: Readonly<Config>): T & { server: Server } {
  return Object.assign(app, { server: watchAnswers(createAppServer(app.handler, connectionRulesFor(config, 'public')).server) });
}

export type ServedApp = App & { server: Server };
