// Versioned schema for the embedded store; applied in order, tracked by PRAGMA user_version.
// Append new versions; never edit one that has shipped.

export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE entities (
    id           INTEGER PRIMARY KEY,
    registry     TEXT NOT NULL,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    short_key    TEXT NOT NULL,
    category     TEXT NOT NULL,
    score        REAL NOT NULL,
    security     REAL,
    privacy      REAL,
    reliability  REAL,
    transparency REAL,
    maintenance  REAL,
    popularity   REAL,
    description  TEXT,
    author       TEXT,
    source_url   TEXT,
    aliases      TEXT NOT NULL DEFAULT '[]',
    updated_at   TEXT NOT NULL
  );
  CREATE UNIQUE INDEX entities_registry_name ON entities (registry, name_key);
  CREATE INDEX entities_name ON entities (name_key);
  CREATE INDEX entities_short_name ON entities (short_key);
  CREATE INDEX entities_category_score ON entities (category, score DESC);
  CREATE TABLE aliases (
    alias_key TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    PRIMARY KEY (alias_key, entity_id)
  ) WITHOUT ROWID;
  CREATE INDEX aliases_entity ON aliases (entity_id);
  CREATE TABLE registries (name TEXT PRIMARY KEY) WITHOUT ROWID;
  -- What each committed write touched, for the caches of every process sharing this file.
  -- registry '*' means "too many to list: drop everything".
  CREATE TABLE changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    registry TEXT NOT NULL,
    keys     TEXT NOT NULL
  );
  `,
  // Alternatives order by score, then registry and name: with those in the index, the first few
  // rows of a category are read straight off it, however many entities tie on a score.
  `
  DROP INDEX entities_category_score;
  CREATE INDEX entities_category_score ON entities (category, score DESC, registry, name_key);
  `,
  // Score history: a point per entity per day its score or a dimension changed (the day's last
  // write wins), deleted with its entity; `day` counts days since 1970-01-01 (UTC). Existing
  // entities start with their current score as their first point. A catalogue version per import.
  `
  CREATE TABLE score_history (
    entity_id    INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    day          INTEGER NOT NULL,
    updated_at   TEXT NOT NULL,
    score        REAL NOT NULL,
    security     REAL,
    privacy      REAL,
    reliability  REAL,
    transparency REAL,
    maintenance  REAL,
    popularity   REAL,
    PRIMARY KEY (entity_id, day)
  ) WITHOUT ROWID;
  INSERT INTO score_history
    SELECT id, CAST(unixepoch(updated_at) / 86400 AS INTEGER), updated_at, score, security, privacy, reliability, transparency, maintenance, popularity
    FROM entities;
  CREATE TABLE catalogue_versions (
    version     INTEGER PRIMARY KEY AUTOINCREMENT,
    imported_at TEXT NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL
  );
  `,
  // Alternatives of the entity's own registry come first: read off their own index, however few
  // of a large category that registry holds.
  `
  CREATE INDEX entities_category_registry_score ON entities (category, registry, score DESC, name_key);
  `,
  // Dependency sets (POST /v1/sets): content-addressed lists of package URLs, the day each was last
  // asked for (days since 1970-01-01), so sets nobody asks for can be dropped.
  `
  CREATE TABLE dependency_sets (
    id             TEXT PRIMARY KEY,
    purls          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    requested_day  INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX dependency_sets_requested ON dependency_sets (requested_day);
  `,
  // Vendor seals (POST /v1/seals): an entity vouched for on the origins listed (a JSON array).
  // Times are ISO-8601 text; a revoked seal is kept, so its image and page can say so.
  `
  CREATE TABLE seals (
    id          TEXT PRIMARY KEY,
    registry    TEXT NOT NULL,
    name        TEXT NOT NULL,
    vendor      TEXT NOT NULL,
    origins     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT
  ) WITHOUT ROWID;
  `,
];
