// Hears other replicas' commits: one dedicated connection LISTENs on the schema's channel and turns
// each notice into a StoreChange. When that connection is lost it reconnects with back-off and
// announces `all`, since notices sent meanwhile are gone. Must not share a connection with queries.

import pg from 'pg';
import type { StoreChange } from '../store.js';
import { decodeChangeNotice, isEntityList, type ChangeChannel } from './postgres-notice.js';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

export interface ChangeListenerDeps {
  clientConfig: pg.ClientConfig;
  channel: ChangeChannel;
  /** Reads a parked change list by seq (through the pool); null when it is gone. */
  readParked: (seq: number) => Promise<StoreChange | null>;
  deliver: (change: StoreChange) => void;
}

export interface ChangeListener {
  /** Resolves once LISTEN is in place (after a reconnect, once it is again). */
  listening(): Promise<void>;
  stop(): Promise<void>;
}

export function listenForChanges(deps: ChangeListenerDeps): ChangeListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | null = null;
  let markListening: () => void = () => undefined;
  let ready = new Promise<void>((resolve) => (markListening = resolve));

  const onNotice = (message: pg.Notification): void => {
    if (message.channel !== deps.channel.name) return;
    const notice = decodeChangeNotice(message.payload ?? '');
    if (notice.origin === deps.channel.origin) return;
    if ('change' in notice) deps.deliver(notice.change);
    else void deps.readParked(notice.seq).then((change) => deps.deliver(change ?? { kind: 'all' }), () => deps.deliver({ kind: 'all' }));
  };

  const lost = (current: pg.Client): void => {
    if (client !== current) return;
    client = null;
    current.removeAllListeners('notification');
    void current.end().catch(() => undefined);
    if (stopped) return;
    ready = new Promise<void>((resolve) => (markListening = resolve));
    retry = setTimeout(connect, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  async function connect(): Promise<void> {
    retry = null;
    if (stopped) return;
    const current = new pg.Client(deps.clientConfig);
    client = current;
    current.on('error', () => lost(current));
    current.on('end', () => lost(current));
    current.on('notification', onNotice);
    try {
      await current.connect();
      await current.query(`LISTEN ${pg.escapeIdentifier(deps.channel.name)}`);
    } catch {
      lost(current);
      return;
    }
    if (stopped || client !== current) return;
    retryMs = FIRST_RETRY_MS;
    // Whatever was committed before LISTEN took hold was not heard: start from a clean slate.
    deps.deliver({ kind: 'all' });
    markListening();
  }

  void connect();
  return {
    listening: () => ready,
    async stop() {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      const current = client;
      client = null;
      if (current !== null) await current.end().catch(() => undefined);
    },
  };
}

/** The `entities` column of a parked change row, checked. */
export function parkedChange(entities: unknown): StoreChange {
  return isEntityList(entities) ? { kind: 'entities', entities } : { kind: 'all' };
}
