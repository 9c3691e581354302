// The process's lifecycle: reads config once, opens and migrates the store, seeds the sample
// catalogue into an empty store, listens, and drains on SIGTERM. Everything else is built in app.ts.

import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { connectionRulesFor, createAppServer, type AppServer } from './http/server.js';
import { createCardThread } from './render/card-thread.js';
import { loadFonts } from './render/fonts.js';
import { seedSampleCatalogue } from './services/seed-sample.js';
import { openStore } from './store/open-store.js';

/** Log lines are written in blocks of about this size, and at least this often. */
const LOG_BUFFER_BYTES = 8 * 1024;
const LOG_FLUSH_MS = 500;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`trustbadge: ${error.message}\n`);
    process.exit(2);
  }
  // Buffered: a write(2) per request line would cost more than a cached badge. Flushed on every way out.
  const logDestination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  setInterval(() => logDestination.flush(), LOG_FLUSH_MS).unref();
  const logger = pino({ level: config.logLevel }, logDestination);
  const store = await openStore(config.databaseUrl, { mmapBytes: config.sqliteMmapBytes, historyRetentionDays: config.historyRetentionDays });

  if (config.seedSampleData && (await store.countEntities()) === 0) {
    const result = await seedSampleCatalogue(store, config.sampleDataPath, () => new Date());
    logger.info({ entities: result.inserted, imports: result.files, file: config.sampleDataPath }, 'seeded the empty store with the sample catalogue and its history');
  }

  const fonts = loadFonts(config.fontsDir);
  // Share cards are drawn on their own thread, in a heap of their own bound (card-thread.ts says why).
  const cardThread = createCardThread({ fonts, heapMiB: Math.floor(config.cardHeapBytes / 1024 ** 2) });
  const app = createApp({ config, store, fonts, logger, renderCard: cardThread.render });
  const listen = (appServer: AppServer, port: number, host: string, what: string): void => {
    appServer.server.listen(port, host);
    appServer.server.on('listening', () => {
      const address = appServer.server.address();
      logger.info({ port: typeof address === 'object' && address !== null ? address.port : port, host, store: store.engine }, what);
      logDestination.flush();
    });
    appServer.server.on('error', (error) => {
      logger.fatal({ err: error }, `cannot listen (${what})`);
      logDestination.flushSync();
      process.exit(1);
    });
  };
  const servers = [createAppServer(app.handler, connectionRulesFor(config, 'public'))];
  listen(servers[0]!, config.port, config.host, 'listening');
  if (app.adminHandler !== null) {
    servers.push(createAppServer(app.adminHandler, connectionRulesFor(config, 'admin')));
    listen(servers[1]!, config.adminPort ?? 0, config.adminHost, 'admin routes listening');
  }

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'draining in-flight requests');
    app.startDraining();
    void Promise.all(servers.map((appServer) => appServer.drain())).then(async () => {
      app.close();
      await cardThread.close();
      await store.close();
      logger.info('stopped');
      logDestination.flushSync();
      process.exit(0);
    });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`trustbadge: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
