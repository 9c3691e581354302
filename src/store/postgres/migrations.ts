// Versioned schema of the PostgreSQL store, applied in order at start, tracked in schema_migrations.
// Append new versions; never edit one that has shipped.

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
