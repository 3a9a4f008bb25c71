-- Canting catalogue, schema version 1.
-- One file per migration; each runs in its own transaction (see electron/core/db/migrate.ts).

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- A folder the user imported from. Images keep paths relative to it, so a
-- moved photo drive is re-linked by changing `path` alone.
CREATE TABLE import_roots (
  id         INTEGER PRIMARY KEY,
  path       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE import_jobs (
  id          INTEGER PRIMARY KEY,
  state       TEXT NOT NULL CHECK (state IN ('scanning', 'running', 'done', 'cancelled', 'failed', 'interrupted')),
  params      TEXT NOT NULL,            -- JSON: the paths asked for
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  found       INTEGER NOT NULL DEFAULT 0,
  imported    INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The per-file queue of an import: written before any work starts, so an
-- interrupted import resumes with exactly the files it had not finished.
CREATE TABLE import_files (
  job_id   INTEGER NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  root_id  INTEGER NOT NULL REFERENCES import_roots (id),
  rel_path TEXT NOT NULL,
  state    TEXT NOT NULL CHECK (state IN ('pending', 'imported', 'duplicate', 'unchanged', 'failed')),
  image_id INTEGER REFERENCES images (id),
  error    TEXT,
  PRIMARY KEY (job_id, root_id, rel_path)
) STRICT;
CREATE INDEX import_files_pending ON import_files (job_id, state);

CREATE TABLE images (
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE,
  root_id       INTEGER NOT NULL REFERENCES import_roots (id),
  rel_path      TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  size_bytes    INTEGER NOT NULL,
  mtime_ms      INTEGER,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  format        TEXT NOT NULL,
  phash         TEXT,                   -- 64-bit perceptual hash, hex
  dup_group     INTEGER,                -- near-duplicate group: smallest image id in the group
  captured_at   TEXT,
  camera        TEXT,
  gps_lat       REAL,
  gps_lon       REAL,
  description   TEXT,
  keywords      TEXT,                   -- JSON array
  copyright     TEXT,
  metadata      TEXT,                   -- JSON: the rest of EXIF/IPTC/XMP worth keeping
  imported_at   TEXT NOT NULL,
  import_job_id INTEGER REFERENCES import_jobs (id),
  superseded_by INTEGER REFERENCES images (id), -- the file at this path changed; the new content is another image
  missing       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX images_location ON images (root_id, rel_path);
CREATE INDEX images_dup_group ON images (dup_group);
CREATE INDEX images_file_name ON images (file_name);

-- Thumbnails live apart so grid queries never drag blobs through the page cache.
CREATE TABLE thumbnails (
  image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
  mime     TEXT NOT NULL,
  width    INTEGER NOT NULL,
  height   INTEGER NOT NULL,
  data     BLOB NOT NULL
) STRICT;

-- A facet is one label set an image is described by (`tema`, `motif`, …).
CREATE TABLE facets (
  id         INTEGER PRIMARY KEY,
  key        TEXT NOT NULL UNIQUE,
  name_id    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE labels (
  id       INTEGER PRIMARY KEY,
  facet_id INTEGER NOT NULL REFERENCES facets (id),
  key      TEXT NOT NULL,
  name     TEXT NOT NULL,
  position INTEGER NOT NULL,
  active   INTEGER NOT NULL DEFAULT 1,
  UNIQUE (facet_id, key)
) STRICT;

-- Classifier heads, stored in the catalogue so a catalogue file is self-contained.
CREATE TABLE models (
  id             INTEGER PRIMARY KEY,
  facet_id       INTEGER NOT NULL REFERENCES facets (id),
  version        TEXT NOT NULL,
  source         TEXT NOT NULL CHECK (source IN ('bundled', 'trained', 'imported')),
  backbone       TEXT NOT NULL,
  labels         TEXT NOT NULL,          -- JSON array of label keys, in output order
  manifest       TEXT NOT NULL,          -- JSON, the full manifest
  topology       TEXT NOT NULL,          -- TF.js model.json (without weights)
  weights        BLOB NOT NULL,
  metrics        TEXT,                   -- JSON
  training       TEXT,                   -- JSON: training data summary
  active         INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  UNIQUE (facet_id, version)
) STRICT;
CREATE UNIQUE INDEX models_one_active ON models (facet_id) WHERE active = 1;

-- Embeddings are computed once per image per backbone; view 0 is the image
-- itself, views 1.. are augmented copies used for training.
CREATE TABLE embeddings (
  image_id   INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  backbone   TEXT NOT NULL,
  view       INTEGER NOT NULL DEFAULT 0,
  vector     BLOB NOT NULL,              -- float32 little-endian
  created_at TEXT NOT NULL,
  PRIMARY KEY (image_id, backbone, view)
) STRICT;

CREATE TABLE predictions (
  id          INTEGER PRIMARY KEY,
  image_id    INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  facet_id    INTEGER NOT NULL REFERENCES facets (id),
  model_id    INTEGER NOT NULL REFERENCES models (id),
  label_id    INTEGER NOT NULL REFERENCES labels (id),   -- top-1
  confidence  REAL NOT NULL,
  uncertainty REAL NOT NULL,                            -- normalised entropy, 0 = certain
  topk        TEXT NOT NULL,                            -- JSON [{label, p}]
  created_at  TEXT NOT NULL,
  UNIQUE (image_id, model_id)
) STRICT;
CREATE INDEX predictions_facet ON predictions (facet_id, image_id);

-- The current decision per image per facet. History lives in audit_log.
CREATE TABLE reviews (
  image_id      INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  facet_id      INTEGER NOT NULL REFERENCES facets (id),
  status        TEXT NOT NULL CHECK (status IN ('predicted', 'corrected', 'validated', 'rejected')),
  label_id      INTEGER REFERENCES labels (id),
  prediction_id INTEGER REFERENCES predictions (id),
  validator     TEXT,
  note          TEXT,
  updated_at    TEXT NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (image_id, facet_id)
) STRICT;
CREATE INDEX reviews_status ON reviews (facet_id, status, label_id);

-- Unvalidated suggestions from where a file was found (folder names).
CREATE TABLE hints (
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  facet_id INTEGER NOT NULL REFERENCES facets (id),
  label_id INTEGER NOT NULL REFERENCES labels (id),
  source   TEXT NOT NULL,
  PRIMARY KEY (image_id, facet_id)
) STRICT;

-- Every label change ever made. Append-only: triggers refuse updates and deletes.
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  entity        TEXT NOT NULL,
  image_id      INTEGER REFERENCES images (id),
  facet_id      INTEGER REFERENCES facets (id),
  from_status   TEXT,
  from_label_id INTEGER REFERENCES labels (id),
  to_status     TEXT,
  to_label_id   INTEGER REFERENCES labels (id),
  model_id      INTEGER REFERENCES models (id),
  batch_id      TEXT,
  undo_of       INTEGER REFERENCES audit_log (id),
  details       TEXT
) STRICT;
CREATE INDEX audit_log_image ON audit_log (image_id, facet_id);
CREATE INDEX audit_log_batch ON audit_log (batch_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Long jobs other than import (classify, train, export) for resume and history.
CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL,
  params      TEXT NOT NULL,
  progress    TEXT,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  error       TEXT
) STRICT;

INSERT INTO facets (id, key, name_id, name_en, created_at) VALUES
  (1, 'tema', 'Tema', 'Theme', '2026-01-01T00:00:00.000Z'),
  (2, 'motif', 'Motif', 'Motif', '2026-01-01T00:00:00.000Z');
INSERT INTO labels (facet_id, key, name, position) VALUES
  (1, 'arsitektur', 'Arsitektur', 1),
  (1, 'budaya', 'Budaya', 2),
  (1, 'fauna', 'Fauna', 3),
  (1, 'flora', 'Flora', 4),
  (2, 'kawung', 'Kawung', 1),
  (2, 'megamendung', 'Mega Mendung', 2),
  (2, 'parang', 'Parang', 3),
  (2, 'truntum', 'Truntum', 4);
