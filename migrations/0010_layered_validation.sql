-- Canting catalogue, schema version 10: layered validation (validasi
-- berlapis), agreement between validators, and work queues.
--
-- A facet may require two validations: an image's label is settled only when
-- two different people agree. After the first decision the image is
-- 'awaiting' (a second validation); when the second person decides
-- otherwise it is 'disputed' until an expert resolves it. With 1 (the
-- default, every existing facet) nothing changes.
--
-- Each person's decision under layered validation is a row of
-- validation_votes, so "who agreed with whom" is data (agreement statistics
-- read it); the audit log still has every change. reviews keeps the
-- current state, as before.

ALTER TABLE facets ADD COLUMN required_validations INTEGER NOT NULL DEFAULT 1 CHECK (required_validations IN (1, 2));
-- Blind: the second validator is not shown the first one's label.
ALTER TABLE facets ADD COLUMN blind_validation INTEGER NOT NULL DEFAULT 0 CHECK (blind_validation IN (0, 1));

-- One vote per row. A round is one pass of layered validation over an
-- (image, facet): it opens with the first vote and closes when the label is
-- settled (agreement or an expert's resolution); a decision on a settled
-- image opens the next round. A person deciding again in the same round
-- adds a newer row (the latest one is their vote; a person never counts
-- twice). Undo withdraws the votes of the batch it reverses (withdrawn = 1),
-- redo brings them back; nothing else changes a row.
-- actor_user_id: the signed-in user's id in a team catalogue (accounts,
-- migration 0009), NULL for a typed validator name.
CREATE TABLE validation_votes (
  id            INTEGER PRIMARY KEY,
  image_id      INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  facet_id      INTEGER NOT NULL REFERENCES facets (id),
  round         INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('vote', 'resolution')),
  outcome       TEXT NOT NULL CHECK (outcome IN ('label', 'reject')),
  label_id      INTEGER REFERENCES labels (id),
  actor_name    TEXT NOT NULL,
  actor_user_id INTEGER,
  at            TEXT NOT NULL,
  batch_id      TEXT NOT NULL,
  withdrawn     INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
  CHECK ((outcome = 'label') = (label_id IS NOT NULL))
) STRICT;
CREATE INDEX validation_votes_item ON validation_votes (image_id, facet_id, round);
CREATE INDEX validation_votes_batch ON validation_votes (batch_id);
CREATE INDEX validation_votes_facet ON validation_votes (facet_id, kind);

-- Work queues: a part of the catalogue (a folder, or a saved grid filter as
-- JSON) assigned to a validator for one facet.
CREATE TABLE work_queues (
  id                 INTEGER PRIMARY KEY,
  facet_id           INTEGER NOT NULL REFERENCES facets (id),
  assignee_name      TEXT NOT NULL,
  assignee_user_id   INTEGER,
  folder             TEXT,
  filter             TEXT,
  created_by         TEXT NOT NULL,
  created_by_user_id INTEGER,
  created_at         TEXT NOT NULL,
  CHECK ((folder IS NULL) <> (filter IS NULL))
) STRICT;
CREATE INDEX work_queues_assignee ON work_queues (assignee_name COLLATE NOCASE);

------------------------------------------------------------------------------
-- The two new statuses. reviews and review_grid list the statuses in a CHECK
-- constraint, which SQLite cannot alter: both tables are rebuilt (create,
-- copy, drop, rename). Every trigger that writes review_grid, or fires on
-- it, is dropped first (so no trigger refers to a missing table while the
-- tables are swapped) and recreated afterwards, the same as in 0002/0004/0008
-- except that the recompute keeps 'awaiting' (with its label) and
-- 'disputed' (no label) like the other human decisions.
------------------------------------------------------------------------------
DROP TRIGGER review_grid_prediction_ins;
DROP TRIGGER review_grid_prediction_upd;
DROP TRIGGER review_grid_prediction_del;
DROP TRIGGER review_grid_review_ins;
DROP TRIGGER review_grid_review_upd;
DROP TRIGGER review_grid_review_del;
DROP TRIGGER review_grid_image_ins;
DROP TRIGGER review_grid_image_upd;
DROP TRIGGER review_grid_image_del;
DROP TRIGGER review_grid_model_deactivated;
DROP TRIGGER review_grid_model_activated;
DROP TRIGGER review_grid_hint_ins;
DROP TRIGGER review_grid_hint_upd;
DROP TRIGGER review_grid_hint_del;
DROP TRIGGER review_grid_facet_ins;
DROP TRIGGER review_search_ins;
DROP TRIGGER review_search_upd;
DROP TRIGGER review_search_del;

-- validator_user_id: who decided, in a team catalogue (NULL: a typed name).
CREATE TABLE reviews_new (
  image_id          INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  facet_id          INTEGER NOT NULL REFERENCES facets (id),
  status            TEXT NOT NULL CHECK (status IN ('predicted', 'corrected', 'validated', 'rejected', 'awaiting', 'disputed')),
  label_id          INTEGER REFERENCES labels (id),
  prediction_id     INTEGER REFERENCES predictions (id),
  validator         TEXT,
  note              TEXT,
  updated_at        TEXT NOT NULL,
  revision          INTEGER NOT NULL DEFAULT 1,
  decided_at        TEXT,
  note_at           TEXT,
  note_by           TEXT,
  validator_user_id INTEGER,
  PRIMARY KEY (image_id, facet_id)
) STRICT;
INSERT INTO reviews_new (image_id, facet_id, status, label_id, prediction_id, validator, note, updated_at, revision, decided_at, note_at, note_by)
SELECT image_id, facet_id, status, label_id, prediction_id, validator, note, updated_at, revision, decided_at, note_at, note_by FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_new RENAME TO reviews;
CREATE INDEX reviews_status ON reviews (facet_id, status, label_id);

CREATE TABLE review_grid_new (
  image_id      INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  facet_id      INTEGER NOT NULL REFERENCES facets (id),
  status        TEXT NOT NULL CHECK (status IN ('unreviewed', 'predicted', 'corrected', 'validated', 'rejected', 'awaiting', 'disputed')),
  label_id      INTEGER,
  prediction_id INTEGER,
  model_id      INTEGER,
  confidence    REAL,
  uncertainty   REAL,
  hint_label_id INTEGER,
  revision      INTEGER NOT NULL,
  note          TEXT,
  root_id       INTEGER NOT NULL,
  rel_path      TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  imported_at   TEXT NOT NULL,
  dup_group     INTEGER,
  missing       INTEGER NOT NULL,
  PRIMARY KEY (image_id, facet_id)
) STRICT, WITHOUT ROWID;
INSERT INTO review_grid_new SELECT image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
  revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing FROM review_grid;
DROP TABLE review_grid;
ALTER TABLE review_grid_new RENAME TO review_grid;

CREATE INDEX review_grid_uncertainty ON review_grid (facet_id, uncertainty, image_id, status, label_id, confidence);
CREATE INDEX review_grid_confidence ON review_grid (facet_id, confidence, image_id, status, label_id);
CREATE INDEX review_grid_file_name ON review_grid (facet_id, file_name COLLATE NOCASE, image_id, status, label_id, note);
CREATE INDEX review_grid_imported ON review_grid (facet_id, imported_at, image_id, status, label_id);
CREATE INDEX review_grid_status ON review_grid (facet_id, status, label_id, confidence);
CREATE INDEX review_grid_label ON review_grid (facet_id, label_id, status, uncertainty);
CREATE INDEX review_grid_folder ON review_grid (facet_id, root_id, rel_path, status, label_id);
CREATE INDEX review_grid_model ON review_grid (facet_id, model_id, status, label_id);
CREATE INDEX review_grid_dup ON review_grid (facet_id, dup_group, status, label_id) WHERE dup_group IS NOT NULL;

-- The triggers, recreated (0002 hints and new facets, 0004 search, 0008 the rest).
CREATE TRIGGER review_grid_prediction_ins AFTER INSERT ON predictions
WHEN EXISTS (SELECT 1 FROM models m WHERE m.id = NEW.model_id AND m.active = 1)
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = NEW.image_id AND f.id = NEW.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_prediction_upd AFTER UPDATE ON predictions
WHEN EXISTS (SELECT 1 FROM models m WHERE m.id IN (OLD.model_id, NEW.model_id) AND m.active = 1)
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = NEW.image_id AND f.id = NEW.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_prediction_del AFTER DELETE ON predictions
WHEN EXISTS (SELECT 1 FROM models m WHERE m.id = OLD.model_id AND m.active = 1)
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = OLD.image_id AND f.id = OLD.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_review_ins AFTER INSERT ON reviews
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = NEW.image_id AND f.id = NEW.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_review_upd AFTER UPDATE ON reviews
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = NEW.image_id AND f.id = NEW.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_review_del AFTER DELETE ON reviews
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = OLD.image_id AND f.id = OLD.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_image_ins AFTER INSERT ON images
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE (i.id = NEW.id OR (NEW.dup_group IS NOT NULL AND i.dup_group = NEW.dup_group)) AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_image_upd AFTER UPDATE OF root_id, rel_path, file_name, imported_at, dup_group, missing, superseded_by ON images
BEGIN
  DELETE FROM review_grid WHERE image_id = NEW.id AND NEW.superseded_by IS NOT NULL;
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE (i.id = NEW.id OR i.dup_group = NEW.dup_group OR i.dup_group = OLD.dup_group) AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_image_del AFTER DELETE ON images WHEN OLD.dup_group IS NOT NULL
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated', 'awaiting') THEN r.label_id WHEN r.status IN ('rejected', 'disputed') THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN models am ON am.facet_id = f.id AND am.active = 1
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = am.id
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.dup_group = OLD.dup_group AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

-- Activation and roll-back. Exactly one model per facet is active
-- (models_one_active), so the grid's model_id is the active version or NULL.
-- A switch recomputes the prediction columns in ONE pass over the facet's
-- rows that either version predicted: the new version's prediction where it
-- has one (undecided rows 'predicted'), none elsewhere (undecided rows
-- 'unreviewed'). Decided rows keep their status and label.
--
-- A switch is several row updates of `models` (the new one marked, the old
-- one off, the new one on; models/store.ts activateModel), since the unique
-- index never allows two active rows. While the new one is marked
-- (active = 2, only ever inside that transaction) turning the old one off
-- leaves the grid alone, and the activation does the one pass; a version
-- turned off with nothing marked (a new version inserted active, or plain
-- SQL) clears its rows on its own.
CREATE TRIGGER review_grid_model_deactivated AFTER UPDATE OF active ON models
WHEN OLD.active = 1 AND NEW.active = 0 AND NOT EXISTS (SELECT 1 FROM models m WHERE m.facet_id = OLD.facet_id AND m.active = 2)
BEGIN
  UPDATE review_grid
  SET status = CASE WHEN status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN status ELSE 'unreviewed' END,
      label_id = CASE WHEN status IN ('corrected', 'validated', 'awaiting') THEN label_id END,
      prediction_id = NULL, model_id = NULL, confidence = NULL, uncertainty = NULL
  WHERE facet_id = OLD.facet_id AND model_id = OLD.id;
END;

CREATE TRIGGER review_grid_model_activated AFTER UPDATE OF active ON models
WHEN OLD.active <> 1 AND NEW.active = 1
BEGIN
  UPDATE review_grid AS g
  SET (status, label_id, prediction_id, model_id, confidence, uncertainty) = (
    SELECT CASE WHEN g.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN g.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
           CASE WHEN g.status IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed') THEN g.label_id ELSE p.label_id END,
           p.id, p.model_id, p.confidence, p.uncertainty
    FROM (SELECT 1) LEFT JOIN predictions p ON p.image_id = g.image_id AND p.model_id = NEW.id)
  WHERE g.facet_id = NEW.facet_id
    AND (g.model_id IS NOT NULL OR EXISTS (SELECT 1 FROM predictions q WHERE q.image_id = g.image_id AND q.model_id = NEW.id));
END;

CREATE TRIGGER review_grid_hint_ins AFTER INSERT ON hints
BEGIN
  UPDATE review_grid SET hint_label_id = NEW.label_id WHERE image_id = NEW.image_id AND facet_id = NEW.facet_id;
END;
CREATE TRIGGER review_grid_hint_upd AFTER UPDATE ON hints
BEGIN
  UPDATE review_grid SET hint_label_id = NULL WHERE image_id = OLD.image_id AND facet_id = OLD.facet_id;
  UPDATE review_grid SET hint_label_id = NEW.label_id WHERE image_id = NEW.image_id AND facet_id = NEW.facet_id;
END;
CREATE TRIGGER review_grid_hint_del AFTER DELETE ON hints
BEGIN
  UPDATE review_grid SET hint_label_id = NULL WHERE image_id = OLD.image_id AND facet_id = OLD.facet_id;
END;

CREATE TRIGGER review_grid_facet_ins AFTER INSERT ON facets
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, revision, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, NEW.id, 'unreviewed', 0, i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i WHERE i.superseded_by IS NULL;
END;

CREATE TRIGGER review_search_ins AFTER INSERT ON review_grid
WHEN NEW.note IS NOT NULL OR (SELECT s.file_name FROM review_search s WHERE s.rowid = NEW.image_id) IS NOT NEW.file_name
BEGIN
  DELETE FROM review_search WHERE rowid = NEW.image_id;
  INSERT INTO review_search (rowid, file_name, notes)
  SELECT NEW.image_id, NEW.file_name, (SELECT group_concat(g.note, char(10)) FROM review_grid g WHERE g.image_id = NEW.image_id);
END;

-- The grid's triggers rewrite every column on each recompute; only a real
-- change of the name or the note touches the index.
CREATE TRIGGER review_search_upd AFTER UPDATE OF file_name, note ON review_grid
WHEN OLD.note IS NOT NEW.note OR OLD.file_name IS NOT NEW.file_name
BEGIN
  DELETE FROM review_search WHERE rowid = NEW.image_id;
  INSERT INTO review_search (rowid, file_name, notes)
  SELECT NEW.image_id, NEW.file_name, (SELECT group_concat(g.note, char(10)) FROM review_grid g WHERE g.image_id = NEW.image_id);
END;

-- Rows leave the grid when an image is superseded or deleted (or a facet
-- row goes): rebuild from what is left, nothing when no row is.
CREATE TRIGGER review_search_del AFTER DELETE ON review_grid
BEGIN
  DELETE FROM review_search WHERE rowid = OLD.image_id;
  INSERT INTO review_search (rowid, file_name, notes)
  SELECT OLD.image_id, min(g.file_name), group_concat(g.note, char(10)) FROM review_grid g WHERE g.image_id = OLD.image_id HAVING count(*) > 0;
END;