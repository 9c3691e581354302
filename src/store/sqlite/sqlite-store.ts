// The embedded store: one SQLite file through better-sqlite3, WAL, prepared statements.
// Reads and writes use separate connections, so an import in progress is invisible until commit.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DIMENSIONS, foldName, foldShortName, type Dimensions, type Entity } from '../../domain/entity.js';
import { MAX_LISTED_CHANGES, type ChangeListener, type Store, type StoreChange, type WriteSummary } from '../store.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

interface EntityRow {
  id: number;
  registry: string;
  name: string;
  category: string;
  score: number;
  security: number | null;
  privacy: number | null;
  reliability: number | null;
  transparency: number | null;
  maintenance: number | null;
  popularity: number | null;
  description: string | null;
  author: string | null;
  source_url: string | null;
  aliases: string;
  updated_at: string;
}

/** How often other processes' commits are looked for. */
const CHANGE_POLL_MS = 250;
/** Change rows kept for pollers that fall behind; older ones are pruned on write. */
const CHANGES_KEPT = 100_000;
/** Search reads at most this many candidates per index before ranking them. */
const SEARCH_CANDIDATES = 200;

const COLUMNS = 'id, registry, name, category, score, security, privacy, reliability, transparency, maintenance, popularity, description, author, source_url, aliases, updated_at';

export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const writer = openConnection(path);
  migrate(writer);
  // An in-memory database is private to its connection: there the writer reads too.
  const reader = path === ':memory:' ? writer : openConnection(path, true);
  return new SqliteStore(reader, writer);
}

function openConnection(path: string, readonly = false): Database.Database {
  const db = new Database(path, { readonly: readonly && path !== ':memory:' });
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
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
  private readonly read;
  private readonly write;
  private readonly listeners = new Set<ChangeListener>();
  private poller: NodeJS.Timeout | null = null;
  private seenDataVersion = 0;
  private seenChange = 0;

  constructor(
    private readonly reader: Database.Database,
    private readonly writer: Database.Database,
  ) {
    this.read = {
      registries: reader.prepare<[], { name: string }>('SELECT name FROM registries'),
      byName: reader.prepare<[string, string], EntityRow>(`SELECT ${COLUMNS} FROM entities WHERE registry = ? AND name_key = ?`),
      byBareName: reader.prepare<[string, string, number], EntityRow>(
        `SELECT ${COLUMNS} FROM entities WHERE id IN (
           SELECT id FROM entities WHERE name_key = ?
           UNION SELECT entity_id FROM aliases WHERE alias_key = ?)
         ORDER BY registry, name_key LIMIT ?`,
      ),
      alternatives: reader.prepare<[string, string, string, number], EntityRow>(
        `SELECT ${COLUMNS} FROM entities WHERE category = ? AND NOT (registry = ? AND name_key = ?)
         ORDER BY score DESC, registry, name_key LIMIT ?`,
      ),
      search: reader.prepare<[string, string, string, number], EntityRow>(
        `SELECT ${COLUMNS} FROM entities WHERE id IN (
           SELECT id FROM (SELECT id FROM entities WHERE name_key >= ?1 AND name_key < ?2 LIMIT ${SEARCH_CANDIDATES})
           UNION SELECT id FROM (SELECT id FROM entities WHERE short_key >= ?1 AND short_key < ?2 LIMIT ${SEARCH_CANDIDATES})
           UNION SELECT entity_id FROM (SELECT entity_id FROM aliases WHERE alias_key >= ?1 AND alias_key < ?2 LIMIT ${SEARCH_CANDIDATES}))
         ORDER BY name_key = ?3 DESC, short_key = ?3 DESC, score DESC, registry, name_key LIMIT ?4`,
      ),
      count: reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM entities'),
      dataVersion: reader.prepare<[], { data_version: number }>('PRAGMA data_version'),
      changesSince: reader.prepare<[number, number], { seq: number; registry: string; keys: string }>(
        'SELECT seq, registry, keys FROM changes WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      lastChange: reader.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM changes'),
      ping: reader.prepare('SELECT 1'),
    };
    this.write = {
      existing: writer.prepare<[string, string], EntityRow>(`SELECT ${COLUMNS} FROM entities WHERE registry = ? AND name_key = ?`),
      insert: writer.prepare(
        `INSERT INTO entities (registry, name, name_key, short_key, category, score, ${DIMENSIONS.join(', ')},
           description, author, source_url, aliases, updated_at)
         VALUES (@registry, @name, @name_key, @short_key, @category, @score, ${DIMENSIONS.map((d) => `@${d}`).join(', ')},
           @description, @author, @source_url, @aliases, @updated_at)`,
      ),
      update: writer.prepare(
        `UPDATE entities SET name = @name, category = @category, score = @score,
           ${DIMENSIONS.map((d) => `${d} = @${d}`).join(', ')}, description = @description,
           author = @author, source_url = @source_url, aliases = @aliases, updated_at = @updated_at
         WHERE id = @id`,
      ),
      clearAliases: writer.prepare<[number]>('DELETE FROM aliases WHERE entity_id = ?'),
      addAlias: writer.prepare<[string, number]>('INSERT OR IGNORE INTO aliases (alias_key, entity_id) VALUES (?, ?)'),
      addRegistry: writer.prepare<[string]>('INSERT OR IGNORE INTO registries (name) VALUES (?)'),
      remove: writer.prepare<[number]>('DELETE FROM entities WHERE id = ?'),
      registryInUse: writer.prepare<[string]>('SELECT 1 FROM entities WHERE registry = ? LIMIT 1'),
      removeRegistry: writer.prepare<[string]>('DELETE FROM registries WHERE name = ?'),
      recordChange: writer.prepare<[string, string]>('INSERT INTO changes (registry, keys) VALUES (?, ?)'),
      pruneChanges: writer.prepare<[number]>('DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - ?'),
    };
  }

  async listRegistries(): Promise<ReadonlySet<string>> {
    return new Set(this.read.registries.all().map((r) => r.name));
  }

  async findByName(registry: string, name: string): Promise<Entity | null> {
    const row = this.read.byName.get(registry.toLowerCase(), foldName(name));
    return row === undefined ? null : toEntity(row);
  }

  async findByBareName(name: string, limit: number): Promise<Entity[]> {
    const key = foldName(name);
    return this.read.byBareName.all(key, key, limit).map(toEntity);
  }

  async findAlternatives(entity: Entity, limit: number): Promise<Entity[]> {
    return this.read.alternatives.all(entity.category, entity.registry, foldName(entity.name), limit).map(toEntity);
  }

  async searchEntities(prefix: string, limit: number): Promise<Entity[]> {
    const key = foldName(prefix);
    if (key === '') return [];
    return this.read.search.all(key, `${key}\uffff`, key, limit).map(toEntity);
  }

  async countEntities(): Promise<number> {
    return this.read.count.get()!.n;
  }

  async writeEntities(source: AsyncIterable<Entity> | Iterable<Entity>): Promise<WriteSummary> {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0 };
    const changes = new ChangeLog();
    // A manual transaction, because the source may be an async stream; the writer connection is
    // used only here, so readers keep seeing the last committed state until COMMIT.
    this.writer.exec('BEGIN IMMEDIATE');
    try {
      for await (const entity of source) summary[this.upsert(entity, changes)]++;
      this.recordChanges(changes);
      this.writer.exec('COMMIT');
    } catch (error) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      throw error;
    }
    this.pollChanges();
    return summary;
  }

  private upsert(entity: Entity, changes: ChangeLog): keyof WriteSummary {
    const nameKey = foldName(entity.name);
    const existing = this.write.existing.get(entity.registry, nameKey);
    if (existing !== undefined && sameEntity(toEntity(existing), entity)) return 'unchanged';
    changes.add(entity.registry, [entity.name, ...entity.aliases, ...(existing ? (JSON.parse(existing.aliases) as string[]) : [])]);
    const params = toParams(entity, nameKey);
    let id: number;
    if (existing === undefined) {
      id = Number(this.write.insert.run(params).lastInsertRowid);
      this.write.addRegistry.run(entity.registry);
    } else {
      id = existing.id;
      this.write.update.run({ ...params, id });
      this.write.clearAliases.run(id);
    }
    for (const alias of entity.aliases) this.write.addAlias.run(foldName(alias), id);
    return existing === undefined ? 'inserted' : 'updated';
  }

  async deleteEntity(registry: string, name: string): Promise<Entity | null> {
    const deleted = this.writer.transaction(() => {
      const row = this.write.existing.get(registry.toLowerCase(), foldName(name));
      if (row === undefined) return null;
      this.write.remove.run(row.id);
      if (this.write.registryInUse.get(row.registry) === undefined) this.write.removeRegistry.run(row.registry);
      const entity = toEntity(row);
      const changes = new ChangeLog();
      changes.add(entity.registry, [entity.name, ...entity.aliases]);
      this.recordChanges(changes);
      return entity;
    }).immediate();
    this.pollChanges();
    return deleted;
  }

  private recordChanges(changes: ChangeLog): void {
    if (changes.isEmpty()) return;
    if (changes.overflowed) this.write.recordChange.run('*', '[]');
    else for (const [registry, keys] of changes.byRegistry) this.write.recordChange.run(registry, JSON.stringify([...keys]));
    this.write.pruneChanges.run(CHANGES_KEPT);
  }

  watchChanges(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (this.poller === null) {
      this.seenDataVersion = this.read.dataVersion.get()!.data_version;
      this.seenChange = this.read.lastChange.get()!.seq ?? 0;
      this.poller = setInterval(() => this.pollChanges(), CHANGE_POLL_MS);
      this.poller.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.poller !== null) {
        clearInterval(this.poller);
        this.poller = null;
      }
    };
  }

  /** Reads the change rows committed since the last look, by any connection, and announces them. */
  private pollChanges(): void {
    if (this.listeners.size === 0) return;
    const version = this.read.dataVersion.get()!.data_version;
    const own = this.reader === this.writer;
    if (!own && version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    const rows = this.read.changesSince.all(this.seenChange, MAX_LISTED_CHANGES + 1);
    if (rows.length === 0) return;
    this.seenChange = rows[rows.length - 1]!.seq;
    let change: StoreChange;
    if (rows.length > MAX_LISTED_CHANGES || rows.some((r) => r.registry === '*')) {
      change = { kind: 'all' };
      this.seenChange = this.read.lastChange.get()!.seq ?? this.seenChange;
    } else {
      change = { kind: 'entities', entities: rows.map((r) => ({ registry: r.registry, keys: JSON.parse(r.keys) as string[] })) };
    }
    for (const listener of this.listeners) listener(change);
  }

  async ping(): Promise<void> {
    this.read.ping.get();
  }

  async close(): Promise<void> {
    if (this.poller !== null) clearInterval(this.poller);
    this.listeners.clear();
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
  }
}

function toEntity(row: EntityRow): Entity {
  const dimensions: Dimensions = {};
  for (const d of DIMENSIONS) {
    const value = row[d];
    if (value !== null) dimensions[d] = value;
  }
  return {
    registry: row.registry,
    name: row.name,
    category: row.category,
    score: row.score,
    dimensions,
    description: row.description,
    author: row.author,
    sourceUrl: row.source_url,
    aliases: JSON.parse(row.aliases) as string[],
    updatedAt: row.updated_at,
  };
}

function toParams(entity: Entity, nameKey: string): Record<string, unknown> {
  const params: Record<string, unknown> = {
    registry: entity.registry,
    name: entity.name,
    name_key: nameKey,
    short_key: foldShortName(entity.name),
    category: entity.category,
    score: entity.score,
    description: entity.description,
    author: entity.author,
    source_url: entity.sourceUrl,
    aliases: JSON.stringify(entity.aliases),
    updated_at: entity.updatedAt,
  };
  for (const d of DIMENSIONS) params[d] = entity.dimensions[d] ?? null;
  return params;
}

/** The keys a write touched, per registry; past MAX_LISTED_CHANGES it only remembers "many". */
class ChangeLog {
  readonly byRegistry = new Map<string, Set<string>>();
  overflowed = false;
  private count = 0;

  add(registry: string, names: string[]): void {
    if (this.overflowed) return;
    if (++this.count > MAX_LISTED_CHANGES) {
      this.overflowed = true;
      this.byRegistry.clear();
      return;
    }
    let keys = this.byRegistry.get(registry);
    if (keys === undefined) this.byRegistry.set(registry, (keys = new Set()));
    for (const name of names) keys.add(foldName(name));
  }

  isEmpty(): boolean {
    return !this.overflowed && this.byRegistry.size === 0;
  }
}

function sameEntity(a: Entity, b: Entity): boolean {
  return JSON.stringify(toParams(a, '')) === JSON.stringify(toParams(b, ''));
}
