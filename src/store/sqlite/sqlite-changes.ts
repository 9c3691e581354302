// How SQLite stores hear commits, their own and other processes' on the same file: every write
// records what it touched as change rows inside its transaction; a poller watches the file's
// data_version and announces the rows committed since its last look. Past MAX_LISTED_CHANGES rows,
// or a write that changed everything ('*'), it announces `all`.

import type Database from 'better-sqlite3';
import type { ChangeLog } from '../change-log.js';
import { MAX_LISTED_CHANGES, type ChangeListener, type StoreChange } from '../store.js';

/** Change rows kept for pollers that fall behind; older ones are pruned on write. */
const CHANGES_KEPT = 100_000;

export class SqliteChangeFeed {
  private readonly statements;
  private readonly listeners = new Set<ChangeListener>();
  private poller: NodeJS.Timeout | null = null;
  private seenDataVersion = 0;
  private seenChange = 0;

  /** `reader` and `writer` may be one connection (an in-memory store): then every poll reads the rows. */
  constructor(
    private readonly reader: Database.Database,
    private readonly writer: Database.Database,
    private readonly pollMs: number,
  ) {
    this.statements = {
      record: writer.prepare<[string, string]>('INSERT INTO changes (registry, keys) VALUES (?, ?)'),
      prune: writer.prepare<[number]>('DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - ?'),
      dataVersion: reader.prepare<[], { data_version: number }>('PRAGMA data_version'),
      since: reader.prepare<[number, number], { seq: number; registry: string; keys: string }>(
        'SELECT seq, registry, keys FROM changes WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      last: reader.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM changes'),
    };
  }

  /** Records what a write touched; call inside its transaction, on the writer connection. */
  record(changes: ChangeLog): void {
    if (changes.isEmpty()) return;
    if (changes.overflowed) this.statements.record.run('*', '[]');
    else for (const [registry, keys] of changes.byRegistry) this.statements.record.run(registry, JSON.stringify([...keys]));
    this.statements.prune.run(CHANGES_KEPT);
  }

  watch(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (this.poller === null) {
      this.seenDataVersion = this.statements.dataVersion.get()!.data_version;
      this.seenChange = this.statements.last.get()!.seq ?? 0;
      this.poller = setInterval(() => this.poll(), this.pollMs);
      this.poller.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Reads the change rows committed since the last look, by any connection, and announces them. */
  poll(): void {
    if (this.listeners.size === 0) return;
    const version = this.statements.dataVersion.get()!.data_version;
    const own = this.reader === this.writer;
    if (!own && version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    const rows = this.statements.since.all(this.seenChange, MAX_LISTED_CHANGES + 1);
    if (rows.length === 0) return;
    this.seenChange = rows[rows.length - 1]!.seq;
    let change: StoreChange;
    if (rows.length > MAX_LISTED_CHANGES || rows.some((r) => r.registry === '*')) {
      change = { kind: 'all' };
      this.seenChange = this.statements.last.get()!.seq ?? this.seenChange;
    } else {
      change = { kind: 'entities', entities: rows.map((r) => ({ registry: r.registry, keys: JSON.parse(r.keys) as string[] })) };
    }
    for (const listener of this.listeners) listener(change);
  }

  close(): void {
    this.stop();
    this.listeners.clear();
  }

  private stop(): void {
    if (this.poller !== null) clearInterval(this.poller);
    this.poller = null;
  }
}
