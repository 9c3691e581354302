// Listens on a loopback port through the production server factory, with every connection rule
// the test app's config sets: for tests that need real sockets and node's own connection handling.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectionRulesFor, createAppServer, type Listener } from '../../src/http/server.js';
import type { createTestApp } from './test-app.js';

export interface ListeningApp {
  server: Server;
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Stops listening and cuts every open connection. */
  close: () => Promise<void>;
}

export async function listenTestApp(t: Awaited<ReturnType<typeof createTestApp>>, listener: Listener = 'public'): Promise<ListeningApp> {
  const handler = listener === 'admin' ? t.adminApp : t.app;
  const options = listener === 'admin' ? t.adminServerOptions : t.serverOptions;
  if (handler === null || options === null) throw new Error('the test app has no admin listener: set ADMIN_PORT and ADMIN_TOKEN');
  const server = createAppServer(handler, options, connectionRulesFor(t.config, listener));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
