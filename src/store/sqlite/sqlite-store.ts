// The embedded store: one SQLite file through better-sqlite3, WAL, prepared statements.
// Reads and writes use separate connections, so an import in progress is invisible until commit.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DIMENSIONS, foldName, type Dimensions, type Entity } from '../../domain/entity.js';
import { dayNumber, dayOf, type HistoryPoint } from '../../domain/history.js';
import type { Seal } from '../../domain/seal.js';
import { sameRegistryFirst } from '../alternatives.js';
import { ChangeLog } from '../change-log.js';
import {
  DEFAULT_HISTORY_RETENTION_DAYS,
  SEAL_CHANGES,
  type CatalogueVersion,
  type ChangeListener,
  type SearchPage,
  type NameKeysQuery,
  type SearchQuery,
  type Store,
  type WriteOptions,
  type WriteResult,
} from '../store.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { prepareReads } from './sqlite-queries.js';
import { entityFromValues } from './sqlite-rows.js';
import { prepareSeals } from './sqlite-seals.js';
import { prepareSets } from './sqlite-sets.js';
import { SqliteChangeFeed } from './sqlite-changes.js';
import { prepareWriter } from './sqlite-write.js';

/** How often other processes' commits are looked for. */
const CHANGE_POLL_MS = 250;

/** Page cache of each connection (negative: KiB); the default 2 MB thrashes at a million rows. */
const CACHE_KIB = 16_384;

export interface SqliteOptions {
  /**
   * How much of the file reads may map instead of copying pages through read(2). A lookup at
   * 1.8 M rows touches five or six pages, so mapping saves a few syscalls per lookup; but every
   * mapped page the service touches counts in its RSS. 0 (the default) maps nothing.
   */
  mmapBytes?: number;
  /** How often other processes' commits are looked for (default CHANGE_POLL_MS). */
  changePollMs?: number;
  /** History older than this many days is dropped as entities are written (default two years). */
  historyRetentionDays?: number;
}

export function openSqliteStore(path: string, options: SqliteOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const writer = openConnection(path);
  migrate(writer);
  // An in-memory database is private to its connection: there the writer reads too.
  const reader = path === ':memory:' ? writer : openConnection(path, true, options.mmapBytes ?? 0);
  return new SqliteStore(reader, writer, options.changePollMs ?? CHANGE_POLL_MS, options.historyRetentionDays ?? DEFAULT_HISTORY_RETENTION_DAYS);
}

function openConnection(path: string, readonly = false, mmapBytes = 0): Database.Database {
  const db = new Database(path, { readonly: readonly && path !== ':memory:' });
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${CACHE_KIB}`);
  if (mmapBytes > 0) db.pragma(`mmap_size = ${Math.floor(mmapBytes)}`);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Lets CREATE INDEX sort on a second core when a bulk import rebuilds the indexes.
    db.pragma('threads = 2');
  }
  return db;
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

class SqliteStore implements Store {
  readonly engine = 'sqlite';
  /** Its writes run on this thread: an import's parser thread hands it entities (services/import-entities.ts). */
  readonly bulk = null;
  private readonly read;
  private readonly write;
  private readonly sets;
  private readonly seals;
  private readonly changes: SqliteChangeFeed;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reader: Database.Database,
    private readonly writer: Database.Database,
    changePollMs: number,
    historyRetentionDays: number,
  ) {
    this.read = prepareReads(reader);
    this.write = prepareWriter(writer, { historyRetentionDays });
    this.changes = new SqliteChangeFeed(reader, writer, changePollMs);
    this.sets = prepareSets(reader, writer);
    this.seals = prepareSeals(reader, writer);
  }

  async listRegistries(): Promise<ReadonlySet<string>> {
    return new Set(this.read.registries.all().map((r) => r.name));
  }

  async findByName(registry: string, name: string): Promise<Entity | null> {
    const values = this.read.byName.get(registry.toLowerCase(), foldName(name));
    return values === undefined ? null : entityFromValues(values);
  }

  async findByNames(refs: readonly { registry: string; name: string }[]): Promise<(Entity | null)[]> {
    const found: (Entity | null)[] = refs.map(() => null);
    if (refs.length === 0) return found;
    const pairs = JSON.stringify(refs.map(({ registry, name }) => [registry.toLowerCase(), foldName(name)]));
    for (const values of this.read.byNames.all(pairs)) found[values[0] as number] = entityFromValues(values.slice(1));
    return found;
  }

  async findByBareName(name: string, limit: number): Promise<Entity[]> {
    const key = foldName(name);
    return this.read.byBareName.all(key, key, limit).map(entityFromValues);
  }

  async findAlternatives(entity: Entity, limit: number): Promise<Entity[]> {
    const key = [entity.category, entity.registry, foldName(entity.name), limit] as const;
    const sameRegistry = this.read.sameRegistryAlternatives.all(...key).map(entityFromValues);
    const wholeCategory = sameRegistry.length < limit ? this.read.alternatives.all(...key).map(entityFromValues) : [];
    return sameRegistryFirst(entity, sameRegistry, wholeCategory, limit);
  }

  async searchEntities(query: SearchQuery, limit: number): Promise<SearchPage> {
    const key = foldName(query.prefix);
    if (key === '') return { entities: [], total: 0, more: false };
    const range = { low: key, high: `${key}\uffff` };
    const { after } = query;
    const params = {
      ...range, exact: key, limit,
      rank: after?.rank ?? null, score: after?.score ?? null, registry_after: after?.registry ?? null, name_after: after?.nameKey ?? null,
    };
    if (query.registry === undefined) {
      const counted = this.read.searchCount.get(range)!;
      return { entities: this.read.search.all(params).map(entityFromValues), total: counted.total, more: counted.more === 1 };
    }
    const registry = query.registry.toLowerCase();
    const counted = this.read.searchInRegistryCount.get({ ...range, registry })!;
    return { entities: this.read.searchInRegistry.all({ ...params, registry }).map(entityFromValues), total: counted.total, more: counted.more === 1 };
  }

  async findByNameKeys(query: NameKeysQuery, limit: number): Promise<Entity[]> {
    if (query.keys.length === 0) return [];
    const keys = JSON.stringify(query.keys.map(foldName));
    const rows = query.registry === undefined
      ? this.read.byNameKeys.all({ keys, limit })
      : this.read.byNameKeysInRegistry.all({ keys, limit, registry: query.registry.toLowerCase() });
    return rows.map(entityFromValues);
  }

  async countEntities(): Promise<number> {
    return this.read.count.get()!.n;
  }

  async getHistory(registry: string, name: string, sinceDay: string): Promise<HistoryPoint[]> {
    return this.read.history.all(registry.toLowerCase(), foldName(name), dayNumber(sinceDay)).map((values) => {
      const dimensions: Dimensions = {};
      DIMENSIONS.forEach((d, i) => {
        const score = values[3 + i];
        if (typeof score === 'number') dimensions[d] = score;
      });
      return { day: dayOf(values[0] as number), updated_at: values[1] as string, score: values[2] as number, dimensions };
    });
  }

  async latestCatalogueVersion(): Promise<CatalogueVersion | null> {
    return this.read.latestVersion.get() ?? null;
  }

  async writeEntities(source: AsyncIterable<Entity> | Iterable<Entity>, options: WriteOptions = {}): Promise<WriteResult> {
    return this.exclusive(async () => {
      // A manual transaction, because the source may be an async stream; the writer connection is
      // used only here, so readers keep seeing the last committed state until COMMIT.
      this.writer.exec('BEGIN IMMEDIATE');
      let result: WriteResult;
      try {
        const written = await this.write.writeAll(source, options);
        this.changes.record(written.changes);
        this.writer.exec('COMMIT');
        result = { ...written.summary, change: written.changes.toChange() };
      } catch (error) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw error;
      }
      this.changes.poll();
      return result;
    });
  }

  async saveSet(id: string, purls: readonly string[], today: string): Promise<boolean> {
    return this.exclusive(async () => this.sets.save(id, purls, dayNumber(today)));
  }

  async readSet(id: string, today: string): Promise<string[] | null> {
    const set = this.sets.read(id);
    if (set === null) return null;
    const day = dayNumber(today);
    // At most one write a set a day, whatever the traffic.
    if (set.requestedDay < day) await this.exclusive(async () => this.sets.touch(id, day));
    return set.purls;
  }

  async dropSetsBefore(day: string): Promise<number> {
    return this.exclusive(async () => this.sets.dropBefore(dayNumber(day)));
  }

  async insertSeal(seal: Seal): Promise<void> {
    return this.sealWrite(seal.id, () => this.seals.insert(seal));
  }

  async readSeal(id: string): Promise<Seal | null> {
    return this.seals.read(id);
  }

  async updateSeal(seal: Seal): Promise<boolean> {
    return this.sealWrite(seal.id, () => this.seals.update(seal));
  }

  async revokeSeal(id: string, at: string): Promise<Seal | null> {
    return this.sealWrite(id, () => this.seals.revoke(id, at));
  }

  /** A seal write and its change row in one transaction, announced before it resolves (SEAL_CHANGES). */
  private sealWrite<T>(id: string, write: () => T): Promise<T> {
    return this.exclusive(async () => {
      const result = this.writer.transaction(() => {
        const written = write();
        const changes = new ChangeLog();
        changes.addKeys(SEAL_CHANGES, [id]);
        this.changes.record(changes);
        return written;
      }).immediate();
      this.changes.poll();
      return result;
    });
  }

  async deleteEntity(registry: string, name: string): Promise<Entity | null> {
    return this.exclusive(async () => {
      const deleted = this.writer.transaction(() => {
        const removed = this.write.remove(registry, name);
        if (removed !== null) this.changes.record(removed.changes);
        return removed?.entity ?? null;
      }).immediate();
      this.changes.poll();
      return deleted;
    });
  }

  /**
   * One write at a time on the writer connection: a second BEGIN inside an import still streaming
   * would fail, and a delete would silently join the import's transaction.
   */
  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const run = this.writing.then(write, write);
    this.writing = run.catch(() => undefined);
    return run;
  }

  watchChanges(listener: ChangeListener): () => void {
    return this.changes.watch(listener);
  }

  async ping(): Promise<void> {
    this.read.ping.get();
  }

  async close(): Promise<void> {
    this.changes.close();
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
  }
}
