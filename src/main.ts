// Starts the service: reads config once, opens and migrates the store, seeds the sample
// catalogue into an empty store, checks itself over loopback, listens, and drains on SIGTERM.

import { createReadStream } from 'node:fs';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { createApp } from './http/create-app.js';
import { SELF_CHECK_PATH, selfCheck } from './http/self-check.js';
import { connectionRulesFor, createAppServer } from './http/server.js';
import { loadFonts } from './render/fonts.js';
import { importNdjson } from './services/import-entities.js';
import { openStore } from './store/open-store.js';

/**
 * V8 settings the service is measured with, given on node's command line (`npm start`, the
 * Dockerfile and the bench repeat this list; V8 reads them when it starts, and NODE_OPTIONS
 * refuses them). Without them a cached badge costs 24–45 µs of CPU instead of 17–20 µs, for the
 * rest of the process's life, in two ways seen here (README, Performance):
 * - the memory reducer's collection after ~8 s of idleness leaves process.nextTick's tick objects
 *   (several per request) built through V8's slow runtime path from then on;
 * - about one start in two, pretenuring decided under load to allocate per-request objects
 *   straight into the old generation, which then kept full collections running.
 */
const V8_FLAGS = ['--no-memory-reducer', '--no-allocation-site-pretenuring'];

const SHUTDOWN_GRACE_MS = 10_000;
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
  // Buffered and written in blocks: a write(2) per request line costs more than the request itself
  // on the hot path. Lines reach stdout within LOG_FLUSH_MS; flushed on every way out below.
  const logDestination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  setInterval(() => logDestination.flush(), LOG_FLUSH_MS).unref();
  const logger = pino({ level: config.logLevel }, logDestination);
  const store = await openStore(config.databaseUrl, { mmapBytes: config.sqliteMmapBytes });

  if (config.seedSampleData && (await store.countEntities()) === 0) {
    const result = await importNdjson(store, createReadStream(config.sampleDataPath), () => new Date());
    logger.info({ ...result, file: config.sampleDataPath }, 'seeded the empty store with the sample catalogue');
  }

  const missingV8Flags = V8_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missingV8Flags.length > 0) {
    logger.warn({ missing: missingV8Flags }, 'node was started without V8 flags the service is tuned for: cached badges may cost twice the CPU (README, Performance)');
  }

  const app = createApp({ config, store, fonts: loadFonts(config.fontsDir), logger, accessLogBatchMs: LOG_FLUSH_MS });
  try {
    const statuses = await selfCheck(app.handler, app.serverOptions);
    if (statuses.some((status) => status !== 200)) logger.warn({ statuses, path: SELF_CHECK_PATH }, 'self-check: the service did not answer its own badge request with 200');
  } catch (error) {
    logger.warn({ err: error, path: SELF_CHECK_PATH }, 'self-check failed: the service could not ask itself for a badge');
  }
  const server = createAppServer(app.handler, app.serverOptions, connectionRulesFor(config, 'public')).listen(config.port, config.host);
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    logger.info({ port, host: config.host, store: store.engine }, 'listening');
    logDestination.flush();
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'cannot listen');
    logDestination.flushSync();
    process.exit(1);
  });

  const adminServer =
    app.adminHandler === null
      ? null
      : createAppServer(app.adminHandler, app.adminServerOptions ?? {}, connectionRulesFor(config, 'admin')).listen(config.adminPort ?? 0, config.adminHost);
  adminServer?.on('listening', () => {
    const address = adminServer.address();
    logger.info({ port: typeof address === 'object' && address !== null ? address.port : config.adminPort, host: config.adminHost }, 'admin routes listening');
    logDestination.flush();
  });
  adminServer?.on('error', (error) => {
    logger.fatal({ err: error }, 'cannot listen for admin routes');
    logDestination.flushSync();
    process.exit(1);
  });

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'draining in-flight requests');
    app.startDraining();
    void Promise.all([drain(server), ...(adminServer === null ? [] : [drain(adminServer)])]).then(async () => {
      app.close();
      await store.close();
      logger.info('stopped');
      logDestination.flushSync();
      process.exit(0);
    });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** Stops accepting, lets in-flight requests finish, and cuts idle keep-alive sockets. */
function drain(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`trustbadge: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
