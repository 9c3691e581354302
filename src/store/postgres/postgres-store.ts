// The PostgreSQL store, for several replicas sharing one catalogue: a `pg` pool, migrations applied
// at start under an advisory lock, reads as named prepared statements (postgres-queries.ts), writes through COPY, and
// LISTEN/NOTIFY so every replica forgets what another one changed. Same behaviour as the SQLite store.

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DIMENSIONS, foldName, type Dimension, type Dimensions, type Entity } from '../../domain/entity.js';
import type { HistoryPoint } from '../../domain/history.js';
import type { Seal } from '../../domain/seal.js';
import { sameRegistryFirst } from '../alternatives.js';
import { ChangeLog } from '../change-log.js';
import {
  DEFAULT_HISTORY_RETENTION_DAYS,
  MAX_LISTED_CHANGES,
  SEAL_CHANGES,
  type BulkWriter,
  type CatalogueVersion,
  type ChangeListener,
  type Store,
  type StoreChange,
  type WriteOptions,
  type WriteResult,
  type SearchPage,
  type NameKeysQuery,
  type SearchQuery,
} from '../store.js';
import { listenForChanges, parkedChange, type ChangeListener as NoticeListener } from './postgres-changes.js';
import { migrate } from './migrations.js';
import { SQL } from './postgres-queries.js';
import { postgresSeals } from './postgres-seals.js';
import { postgresSets } from './postgres-sets.js';
import type { ChangeChannel } from './postgres-notice.js';
import { toEntity, type PgEntityRow } from './postgres-rows.js';
import { deleteOne, notify, writeWithCopy, type StagedSource } from './postgres-write.js';

export interface PostgresStoreOptions {
  /** Use (and create) this schema instead of the connection's default search_path. */
  schema?: string;
  /** History older than this many days is dropped as entities are written (default two years). */
  historyRetentionDays?: number;
  /** Pool size. */
  maxConnections?: number;
}

const DEFAULT_MAX_CONNECTIONS = 10;
/** Reads that take longer are abandoned, so a stuck database fails requests instead of piling them up. */
const READ_TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 5_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresStore extends Store {
  /** Resolves once this store hears other replicas' commits (LISTEN is in place). */
  listening(): Promise<void>;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  const clientConfig: pg.ClientConfig = {
    connectionString: options.schema === undefined ? url : withSearchPath(url, options.schema),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'trustbadge',
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, statement_timeout: READ_TIMEOUT_MS });
  // An idle connection that dies is dropped by the pool; without a handler it would crash the process.
  pool.on('error', () => undefined);
  try {
    const schema = await migrate(pool, options.schema);
    return new PgStore(pool, clientConfig, { name: channelFor(schema), origin: randomUUID() }, options.historyRetentionDays ?? DEFAULT_HISTORY_RETENTION_DAYS);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options === null ? '' : `${options} `}-c search_path=${schema}`);
  return parsed.href;
}

/** NOTIFY channels are identifiers (at most 63 bytes); one per schema, so catalogues do not mix. */
function channelFor(schema: string): string {
  return `trustbadge_changes:${schema}`.slice(0, 63);
}

class PgStore implements PostgresStore {
  readonly engine = 'postgres';
  private readonly listeners = new Set<ChangeListener>();
  private notices: NoticeListener | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clientConfig: pg.ClientConfig,
    private readonly channel: ChangeChannel,
    private readonly historyRetentionDays: number,
  ) {}

  private async rows<T extends pg.QueryResultRow>(name: keyof typeof SQL, values: unknown[]): Promise<T[]> {
    return (await this.pool.query<T>({ name: `tb-${name}`, text: SQL[name], values })).rows;
  }

  async listRegistries(): Promise<ReadonlySet<string>> {
    return new Set((await this.rows<{ name: string }>('registries', [])).map((r) => r.name));
  }

  async findByName(registry: string, name: string): Promise<Entity | null> {
    const rows = await this.rows<PgEntityRow>('byName', [registry.toLowerCase(), foldName(name)]);
    return rows[0] === undefined ? null : toEntity(rows[0]);
  }

  async findByNames(refs: readonly { registry: string; name: string }[]): Promise<(Entity | null)[]> {
    if (refs.length === 0) return [];
    const rows = await this.rows<PgEntityRow & { asked: number }>('byNames', [refs.map((r) => r.registry.toLowerCase()), refs.map((r) => foldName(r.name))]);
    const found: (Entity | null)[] = refs.map(() => null);
    for (const row of rows) found[row.asked - 1] = toEntity(row);
    return found;
  }

  async findByBareName(name: string, limit: number): Promise<Entity[]> {
    return (await this.rows<PgEntityRow>('byBareName', [foldName(name), limit])).map(toEntity);
  }

  async findAlternatives(entity: Entity, limit: number): Promise<Entity[]> {
    const rows = await this.rows<PgEntityRow & { same_registry: boolean }>('alternatives', [entity.category, entity.registry, foldName(entity.name), limit]);
    const sameRegistry = rows.filter((r) => r.same_registry).map(toEntity);
    return sameRegistryFirst(entity, sameRegistry, rows.filter((r) => !r.same_registry).map(toEntity), limit);
  }

  async searchEntities(query: SearchQuery, limit: number): Promise<SearchPage> {
    const key = foldName(query.prefix);
    if (key === '') return { entities: [], total: 0, more: false };
    const range = [key, `${key}\uffff`];
    const { after } = query;
    const params = [...range, key, limit, after?.rank ?? null, after?.score ?? null, after?.registry ?? null, after?.nameKey ?? null];
    const registry = query.registry?.toLowerCase();
    const [rows, [counted]] = await Promise.all(registry === undefined
      ? [this.rows<PgEntityRow>('search', params), this.rows<{ total: number; more: boolean }>('searchCount', range)]
      : [this.rows<PgEntityRow>('searchInRegistry', [...params, registry]), this.rows<{ total: number; more: boolean }>('searchInRegistryCount', [...range, registry])]);
    return { entities: rows.map(toEntity), total: counted!.total, more: counted!.more };
  }

  async findByNameKeys(query: NameKeysQuery, limit: number): Promise<Entity[]> {
    if (query.keys.length === 0) return [];
    const keys = query.keys.map(foldName);
    const rows = await (query.registry === undefined
      ? this.rows<PgEntityRow>('byNameKeys', [keys, limit])
      : this.rows<PgEntityRow>('byNameKeysInRegistry', [keys, limit, query.registry.toLowerCase()]));
    return rows.map(toEntity);
  }

  saveSet(id: string, purls: readonly string[], today: string): Promise<boolean> {
    return postgresSets.save(this.pool, id, purls, today);
  }

  readSet(id: string, today: string): Promise<string[] | null> {
    return postgresSets.read(this.pool, id, today);
  }

  dropSetsBefore(day: string): Promise<number> {
    return postgresSets.dropBefore(this.pool, day);
  }

  insertSeal(seal: Seal): Promise<void> {
    return this.sealWrite(seal.id, (client) => postgresSeals.insert(client, seal));
  }

  readSeal(id: string): Promise<Seal | null> {
    return postgresSeals.read(this.pool, id);
  }

  updateSeal(seal: Seal): Promise<boolean> {
    return this.sealWrite(seal.id, (client) => postgresSeals.update(client, seal));
  }

  revokeSeal(id: string, at: string): Promise<Seal | null> {
    return this.sealWrite(id, (client) => postgresSeals.revoke(client, id, at));
  }

  /** A seal write in a transaction whose commit notifies every replica (SEAL_CHANGES); announced here once it has. */
  private async sealWrite<T>(id: string, write: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const changes = new ChangeLog();
    changes.addKeys(SEAL_CHANGES, [id]);
    const result = await this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const written = await write(client);
        await notify(client, this.channel, changes);
        await client.query('COMMIT');
        return written;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    this.announce(changes.toChange());
    return result;
  }

  async countEntities(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM entities');
    return rows[0]!.n;
  }

  async getHistory(registry: string, name: string, sinceDay: string): Promise<HistoryPoint[]> {
    const rows = await this.rows<{ day: string; updated_at: string; score: number } & Record<Dimension, number | null>>('history', [registry.toLowerCase(), foldName(name), sinceDay]);
    return rows.map((row) => {
      const dimensions: Dimensions = {};
      for (const d of DIMENSIONS) if (row[d] !== null) dimensions[d] = row[d];
      return { day: row.day, updated_at: row.updated_at, score: row.score, dimensions };
    });
  }

  async latestCatalogueVersion(): Promise<CatalogueVersion | null> {
    return (await this.rows<CatalogueVersion>('latestVersion', []))[0] ?? null;
  }

  writeEntities(source: AsyncIterable<Entity> | Iterable<Entity>, options: WriteOptions = {}): Promise<WriteResult> {
    return this.writeStaged({ entities: source }, options);
  }

  readonly bulk: BulkWriter = {
    encoder: new URL('./postgres-rows.js', import.meta.url),
    write: (source, options = {}) => this.writeStaged({ encoded: source }, options),
  };

  private async writeStaged(source: StagedSource, options: WriteOptions): Promise<WriteResult> {
    const { summary, changes } = await this.withClient((client) =>
      writeWithCopy(client, source, this.channel, { listLimit: MAX_LISTED_CHANGES, historyRetentionDays: this.historyRetentionDays, importedAt: options.importedAt }),
    );
    const change = changes.toChange();
    if (!changes.isEmpty()) this.announce(change);
    return { ...summary, change };
  }

  async deleteEntity(registry: string, name: string): Promise<Entity | null> {
    const deleted = await this.withClient((client) => deleteOne(client, registry, name, this.channel));
    if (deleted !== null) this.announce({ kind: 'entities', entities: [{ registry: deleted.registry, keys: [deleted.name, ...deleted.aliases].map(foldName) }] });
    return deleted;
  }

  private async withClient<T>(write: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await write(client);
    } catch (error) {
      // A connection that failed mid-COPY is not trusted again.
      broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  watchChanges(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    this.notices ??= listenForChanges({
      clientConfig: this.clientConfig,
      channel: this.channel,
      readParked: async (seq) => {
        const { rows } = await this.pool.query<{ entities: unknown }>('SELECT entities FROM changes WHERE seq = $1', [seq]);
        return rows[0] === undefined ? null : parkedChange(rows[0].entities);
      },
      deliver: (change) => this.announce(change),
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.notices !== null) {
        void this.notices.stop();
        this.notices = null;
      }
    };
  }

  async listening(): Promise<void> {
    await this.notices?.listening();
  }

  private announce(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.notices?.stop();
    this.notices = null;
    await this.pool.end();
  }
}
