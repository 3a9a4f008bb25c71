-- Canting catalogue, schema version 11: the archive's own description of each
-- photo, imported from its existing spreadsheets (canting metadata import).
--
-- One row per image and field, so each value says where it came from (the
-- import that wrote it) and a later import of one column leaves the others'
-- sources alone. `value` is the text as the spreadsheet gave it; for dates,
-- `date_iso` is the ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) when the text
-- reads one way only, else NULL (the text is kept, nothing is guessed).
--
-- The archive's identifier names one photo in the catalogue: unique when
-- present (partial index), so an identifier is a key to match later sheets by.

CREATE TABLE metadata_imports (
  id          INTEGER PRIMARY KEY,
  batch_id    TEXT NOT NULL UNIQUE,     -- the audit_log batch of every change it made
  source      TEXT NOT NULL,            -- the spreadsheet's path as given
  encoding    TEXT NOT NULL CHECK (encoding IN ('utf-8', 'windows-1252')),
  match_by    TEXT NOT NULL CHECK (match_by IN ('file-name', 'path', 'sha256', 'identifier')),
  mapping     TEXT NOT NULL,            -- JSON: column → field
  actor       TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  matched     INTEGER NOT NULL,
  decisions   TEXT NOT NULL DEFAULT '[]', -- JSON: decision batch ids of labels imported as reviewed
  imported_at TEXT NOT NULL,
  undone_at   TEXT
) STRICT;

CREATE TABLE record_metadata (
  image_id  INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  field     TEXT NOT NULL CHECK (field IN ('identifier', 'title', 'description', 'date', 'place')),
  value     TEXT NOT NULL CHECK (length(trim(value)) > 0),
  date_iso  TEXT CHECK (date_iso IS NULL OR field = 'date'),
  import_id INTEGER NOT NULL REFERENCES metadata_imports (id),
  PRIMARY KEY (image_id, field)
) STRICT;
CREATE UNIQUE INDEX record_metadata_identifier ON record_metadata (value) WHERE field = 'identifier';
CREATE INDEX record_metadata_import ON record_metadata (import_id);
