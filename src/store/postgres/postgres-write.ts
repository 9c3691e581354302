// Writes to the PostgreSQL store, each one transaction on one connection: entities are COPYed into a
// temporary staging table, then merged with one INSERT … ON CONFLICT; the change notice is sent
// inside the transaction, so PostgreSQL delivers it only if the write commits. Never partially applies.

import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';
import { foldName, type Entity } from '../../domain/entity.js';
import { toIsoSeconds } from '../../domain/entity-record.js';
import { ChangeLog } from '../change-log.js';
import { StaleWriteError, type EncodedBatch, type WriteSummary } from '../store.js';
import { encodeChangeNotice, type ChangeChannel } from './postgres-notice.js';
import { bulkLoadStaged, compareStaged, countSequentially, findStaleLine, mergeStaged, recordHistory, seedHistory, STAGING_SQL, type MergeCounts } from './postgres-merge.js';
import { encodeBulkRow, PG_COLUMNS, STAGED_COLUMNS, toEntity, type PgEntityRow } from './postgres-rows.js';

/** COPY data is sent in blocks of about this many characters. */
const COPY_BLOCK_CHARS = 256 * 1024;
/** An import of at least this many entities into an empty store is bulk-loaded. */
const BULK_MIN_ROWS = 10_000;
/** Memory for the merge's sort and hashes, this transaction only (server side). */
const MERGE_WORK_MEM = '64MB';

/** What the staging COPY reads: entities, encoded here, or rows a parser thread encoded (BulkWriter). */
export type StagedSource = { entities: AsyncIterable<Entity> | Iterable<Entity> } | { encoded: AsyncIterable<EncodedBatch> };

/** Upserts every entity of `source`; the caller holds `client` and releases it. */
export async function writeWithCopy(
  client: PoolClient,
  source: StagedSource,
  channel: ChangeChannel,
  options: { listLimit: number; historyRetentionDays: number; importedAt?: Date },
): Promise<{ summary: WriteSummary; changes: ChangeLog }> {
  const { listLimit } = options;
  await client.query('BEGIN');
  try {
    await lockWrites(client);
    await client.query(`SET LOCAL work_mem = '${MERGE_WORK_MEM}'`);
    await client.query(STAGING_SQL);
    const staged: Staged = { rows: 0, registries: new Set<string>() };
    const blocks = 'entities' in source ? encodeBlocks(source.entities, staged) : encodedBlocks(source.encoded, staged);
    await pipeline(Readable.from(blocks), client.query(copyStreams.from(`COPY staging (${STAGED_COLUMNS.join(', ')}) FROM STDIN`)));
    let summary: WriteSummary;
    let changes: ChangeLog;
    const repeated = (counts: MergeCounts) => staged.rows > counts.entities;
    if (staged.rows >= BULK_MIN_ROWS && (await isEmpty(client))) {
      const counts = await bulkLoadStaged(client);
      await seedHistory(client);
      summary = repeated(counts) ? await countSequentially(client, false) : { inserted: counts.inserted, updated: 0, unchanged: 0 };
      changes = new ChangeLog();
      changes.markAll();
    } else {
      const entities = await compareStaged(client);
      const repeats = staged.rows > entities;
      const stale = await findStaleLine(client, repeats);
      if (stale !== null) throw new StaleWriteError(stale.registry, stale.name, stale.stored, stale.given, stale.line);
      // Rare: an import that names an entity more than once is counted line by line against the store as it was.
      const sequential = repeats ? await countSequentially(client, true) : null;
      const merged = await mergeStaged(client, entities, listLimit);
      const { counts } = merged;
      summary = sequential ?? { inserted: counts.inserted, updated: counts.updated, unchanged: counts.entities - counts.inserted - counts.updated };
      changes = merged.changes;
      await recordHistory(client, options.historyRetentionDays);
    }
    await client.query('INSERT INTO registries (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...staged.registries]]);
    if (options.importedAt !== undefined) {
      await client.query('INSERT INTO catalogue_versions (imported_at, inserted, updated, unchanged) VALUES ($1, $2, $3, $4)', [
        toIsoSeconds(options.importedAt),
        summary.inserted,
        summary.updated,
        summary.unchanged,
      ]);
    }
    await notify(client, channel, changes);
    await client.query('COMMIT');
    return { summary, changes };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function isEmpty(client: PoolClient): Promise<boolean> {
  return (await client.query('SELECT 1 FROM entities LIMIT 1')).rowCount === 0;
}

/** Deletes one entity; null when there is none. */
export async function deleteOne(client: PoolClient, registry: string, name: string, channel: ChangeChannel): Promise<Entity | null> {
  await client.query('BEGIN');
  try {
    await lockWrites(client);
    const { rows } = await client.query<PgEntityRow>({
      name: 'tb-delete',
      text: `DELETE FROM entities WHERE registry = $1 AND name_key = $2 RETURNING ${PG_COLUMNS}`,
      values: [registry.toLowerCase(), foldName(name)],
    });
    const row = rows[0];
    if (row === undefined) {
      await client.query('ROLLBACK');
      return null;
    }
    await client.query('DELETE FROM registries WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM entities WHERE registry = $1)', [row.registry]);
    const entity = toEntity(row);
    const changes = new ChangeLog();
    changes.add(entity.registry, [entity.name, ...entity.aliases]);
    await notify(client, channel, changes);
    await client.query('COMMIT');
    return entity;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * One writer at a time per schema, across every replica: imports never interleave or deadlock.
 * Writes may run long (an import), so the pool's read timeout is lifted for this transaction.
 */
async function lockWrites(client: PoolClient): Promise<void> {
  await client.query('SET LOCAL statement_timeout = 0');
  await client.query("SELECT pg_advisory_xact_lock(hashtext('trustbadge-write:' || current_schema()))");
}

/** Tells every replica what the transaction on `client` touched, as it commits (NOTIFY is sent at COMMIT). */
export async function notify(client: PoolClient, channel: ChangeChannel, changes: ChangeLog): Promise<void> {
  if (changes.isEmpty()) return;
  const notice = encodeChangeNotice(changes.toChange(), channel.origin);
  if (notice.kind === 'inline') {
    await client.query('SELECT pg_notify($1, $2)', [channel.name, notice.payload]);
    return;
  }
  // Too long for a NOTIFY payload: park the list in `changes` and send its seq.
  const { rows } = await client.query<{ seq: string }>('INSERT INTO changes (entities) VALUES ($1) RETURNING seq', [notice.entities]);
  await client.query("DELETE FROM changes WHERE created_at < now() - interval '1 hour'");
  await client.query('SELECT pg_notify($1, $2)', [channel.name, JSON.stringify({ o: channel.origin, seq: Number(rows[0]!.seq) })]);
}

interface Staged {
  rows: number;
  registries: Set<string>;
}

/** Each entity's row, numbered by its place in `source`, in blocks of about COPY_BLOCK_CHARS. */
async function* encodeBlocks(source: AsyncIterable<Entity> | Iterable<Entity>, staged: Staged): AsyncGenerator<string> {
  let block = '';
  for await (const entity of source) {
    staged.rows++;
    staged.registries.add(entity.registry);
    block += encodeBulkRow(entity, staged.rows);
    if (block.length >= COPY_BLOCK_CHARS) {
      yield block;
      block = '';
    }
  }
  if (block !== '') yield block;
}

/** Batches a parser thread encoded, as they come (each is a block already). */
async function* encodedBlocks(source: AsyncIterable<EncodedBatch>, staged: Staged): AsyncGenerator<string> {
  for await (const batch of source) {
    staged.rows += batch.rows;
    for (const registry of batch.registries) staged.registries.add(registry);
    if (batch.text !== '') yield batch.text;
  }
}
