// Versioned schema of the PostgreSQL store, applied in order at start (migrate), tracked in
// schema_migrations. Append new versions; never edit one that has shipped.

import pg from 'pg';

// Keys are folded in JavaScript (foldName) and compared bytewise (COLLATE "C"), exactly as the
// embedded store does: the database's own lower() and locale would disagree on some names.
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE entities (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registry     text COLLATE "C" NOT NULL,
    name         text NOT NULL,
    name_key     text COLLATE "C" NOT NULL,
    short_key    text COLLATE "C" NOT NULL,
    category     text COLLATE "C" NOT NULL,
    score        double precision NOT NULL,
    security     double precision,
    privacy      double precision,
    reliability  double precision,
    transparency double precision,
    maintenance  double precision,
    popularity   double precision,
    description  text,
    author       text,
    source_url   text,
    aliases      text[],
    alias_keys   text[] COLLATE "C",
    updated_at   timestamptz NOT NULL
  );
  CREATE UNIQUE INDEX entities_registry_name ON entities (registry, name_key);
  CREATE INDEX entities_name ON entities (name_key);
  CREATE INDEX entities_short_name ON entities (short_key);
  CREATE INDEX entities_category_score ON entities (category, score DESC, registry, name_key);
  CREATE TABLE aliases (
    alias_key text COLLATE "C" NOT NULL,
    entity_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    PRIMARY KEY (alias_key, entity_id)
  );
  CREATE INDEX aliases_entity ON aliases (entity_id);
  CREATE TABLE registries (name text COLLATE "C" PRIMARY KEY);
  -- Change lists too long for a NOTIFY payload; the notice carries the seq.
  CREATE TABLE changes (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entities   jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // Score history: a point per entity per day its score or a dimension changed (the day's last
  // write wins), deleted with its entity; existing entities start with their current score.
  // A catalogue version per import.
  `
  CREATE TABLE score_history (
    entity_id    bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    day          date NOT NULL,
    updated_at   timestamptz NOT NULL,
    score        double precision NOT NULL,
    security     double precision,
    privacy      double precision,
    reliability  double precision,
    transparency double precision,
    maintenance  double precision,
    popularity   double precision,
    PRIMARY KEY (entity_id, day)
  );
  INSERT INTO score_history
    SELECT id, (updated_at AT TIME ZONE 'UTC')::date, updated_at, score, security, privacy, reliability, transparency, maintenance, popularity
    FROM entities;
  CREATE TABLE catalogue_versions (
    version     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    imported_at timestamptz NOT NULL,
    inserted    integer NOT NULL,
    updated     integer NOT NULL,
    unchanged   integer NOT NULL
  );
  `,
  // Alternatives of the entity's own registry come first: read off their own index, however few
  // of a large category that registry holds.
  `
  CREATE INDEX entities_category_registry_score ON entities (category, registry, score DESC, name_key);
  `,
  // Half of each entities page is left free: a re-import rewrites most rows, and a new version that
  // changes no indexed column (a new date, a description) stays on its page (a HOT update) and
  // touches none of the six indexes. Pages written from now on; the space is the old versions'.
  `
  ALTER TABLE entities SET (fillfactor = 50);
  `,
  // Dependency sets, as in the SQLite store: the day each was last asked for, to drop forgotten ones.
  `
  CREATE TABLE dependency_sets (
    id             text COLLATE "C" PRIMARY KEY,
    purls          text[] NOT NULL,
    created_at     timestamptz NOT NULL,
    requested_day  date NOT NULL
  );
  CREATE INDEX dependency_sets_requested ON dependency_sets (requested_day);
  `,
  // Vendor seals, as in the SQLite store.
  `
  CREATE TABLE seals (
    id          text COLLATE "C" PRIMARY KEY,
    registry    text NOT NULL,
    name        text NOT NULL,
    vendor      text NOT NULL,
    origins     text[] NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
  );
  `,
  // Alternatives across registries read each registry's best off (category, registry, score) and
  // merge them: the (category, score) index took a third of a catalogue import's merge, an entry
  // rewritten for every changed score, for one query that no longer needs it.
  `
  DROP INDEX entities_category_score;
  `,
];

/**
 * Applies pending migrations in one transaction, under a lock, so replicas starting together take
 * turns. The schema (the option, else the first of the connection's search_path) is created if missing.
 */
export async function migrate(pool: pg.Pool, option: string | undefined): Promise<string> {
  const client = await pool.connect();
  try {
    const schema = option ?? (await firstSearchPathSchema(client));
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('trustbadge-migrate:' || $1))", [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await client.query(`SET LOCAL search_path = ${pg.escapeIdentifier(schema)}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    for (let version = rows[0]?.version ?? 0; version < POSTGRES_MIGRATIONS.length; version++) {
      await client.query(POSTGRES_MIGRATIONS[version]!);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
    }
    await client.query('COMMIT');
    return schema;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function firstSearchPathSchema(client: pg.PoolClient): Promise<string> {
  const { rows } = await client.query<{ schema: string | null; path: string }>('SELECT current_schema() AS schema, current_setting($1) AS path', ['search_path']);
  if (rows[0]!.schema !== null) return rows[0]!.schema;
  const first = rows[0]!.path.split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1')).find((s) => s !== '$user' && s !== '');
  if (first === undefined) throw new Error('the connection has no schema to use: set search_path (options=-c search_path=NAME)');
  return first;
}
