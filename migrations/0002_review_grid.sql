-- Canting catalogue, schema version 2: the review grid's query table.
-- (The motif knowledge base is version 3, free-text search version 4.)

------------------------------------------------------------------------------
-- review_grid: one row per (image, facet) with everything the review grid
-- filters, sorts and counts on, so a filter change on 100,000 images is one
-- single-table, index-driven query instead of joins over images, predictions,
-- reviews and hints. It is derived data: triggers keep it in step with those
-- tables whoever writes them (importer, classifier, reviews, retraining), and
-- it can always be rebuilt from them.
--
-- status is the effective one: corrected/validated/rejected from reviews,
-- else 'predicted' when a prediction exists, else 'unreviewed'. The current
-- prediction is the most recently written one for the facet (latest
-- classification run wins). Superseded images have no rows.
------------------------------------------------------------------------------
CREATE TABLE review_grid (
  image_id      INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  facet_id      INTEGER NOT NULL REFERENCES facets (id),
  status        TEXT NOT NULL CHECK (status IN ('unreviewed', 'predicted', 'corrected', 'validated', 'rejected')),
  label_id      INTEGER,                -- label shown: the decision's, else the prediction's
  prediction_id INTEGER,
  model_id      INTEGER,
  confidence    REAL,
  uncertainty   REAL,
  hint_label_id INTEGER,
  revision      INTEGER NOT NULL,       -- reviews.revision, 0 without a review row
  note          TEXT,
  root_id       INTEGER NOT NULL,
  rel_path      TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  imported_at   TEXT NOT NULL,
  dup_group     INTEGER,                -- only when the group has another member
  missing       INTEGER NOT NULL,
  PRIMARY KEY (image_id, facet_id)
) STRICT, WITHOUT ROWID;
-- Every index starts with facet_id (the grid always shows one facet); sort
-- indexes continue with image_id so ORDER BY <key>, image_id walks them.
-- Each also carries status and label_id, so the counts (GROUP BY status,
-- label) and the label/status filters are answered from the index alone.
CREATE INDEX review_grid_uncertainty ON review_grid (facet_id, uncertainty, image_id, status, label_id, confidence);
CREATE INDEX review_grid_confidence ON review_grid (facet_id, confidence, image_id, status, label_id);
-- Also the index free-text search scans (file name and note, no table lookups).
CREATE INDEX review_grid_file_name ON review_grid (facet_id, file_name COLLATE NOCASE, image_id, status, label_id, note);
CREATE INDEX review_grid_imported ON review_grid (facet_id, imported_at, image_id, status, label_id);
CREATE INDEX review_grid_status ON review_grid (facet_id, status, label_id, confidence);
CREATE INDEX review_grid_label ON review_grid (facet_id, label_id, status, uncertainty);
CREATE INDEX review_grid_folder ON review_grid (facet_id, root_id, rel_path, status, label_id);
CREATE INDEX review_grid_model ON review_grid (facet_id, model_id, status, label_id);
CREATE INDEX review_grid_dup ON review_grid (facet_id, dup_group, status, label_id) WHERE dup_group IS NOT NULL;

-- The one recompute, repeated per trigger (SQLite has no stored procedures):
-- INSERT … SELECT … ON CONFLICT DO UPDATE over images × facets, restricted by
-- the trigger's WHERE.

-- Backfill for catalogues created at version 1.
INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                         revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
SELECT i.id, f.id,
       CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
       CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
       p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
       i.root_id, i.rel_path, i.file_name, i.imported_at,
       CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
       i.missing
FROM images i CROSS JOIN facets f
LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
WHERE i.superseded_by IS NULL;

-- Recompute one (image, facet) after a prediction, review or hint changed.
CREATE TRIGGER review_grid_prediction_ins AFTER INSERT ON predictions
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = NEW.image_id AND f.id = NEW.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_prediction_upd AFTER UPDATE ON predictions
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = NEW.image_id AND f.id = NEW.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

CREATE TRIGGER review_grid_prediction_del AFTER DELETE ON predictions
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.id = OLD.image_id AND f.id = OLD.facet_id AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

-- Hints only change one column; a plain UPDATE is enough.
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

-- A new image gets a row per facet; so do the other members of its
-- near-duplicate group (their dup flag may have just turned on).
CREATE TRIGGER review_grid_image_ins AFTER INSERT ON images
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE (i.id = NEW.id OR (NEW.dup_group IS NOT NULL AND i.dup_group = NEW.dup_group)) AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

-- Columns the grid mirrors changed (relink, rename, dedup, missing file,
-- superseded): drop the rows of a superseded image, recompute the image and
-- both its old and new near-duplicate groups.
CREATE TRIGGER review_grid_image_upd AFTER UPDATE OF root_id, rel_path, file_name, imported_at, dup_group, missing, superseded_by ON images
BEGIN
  DELETE FROM review_grid WHERE image_id = NEW.id AND NEW.superseded_by IS NOT NULL;
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE (i.id = NEW.id OR i.dup_group = NEW.dup_group OR i.dup_group = OLD.dup_group) AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

-- A deleted image may leave its near-duplicate partner alone in its group.
CREATE TRIGGER review_grid_image_del AFTER DELETE ON images WHEN OLD.dup_group IS NOT NULL
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, label_id, prediction_id, model_id, confidence, uncertainty, hint_label_id,
                           revision, note, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, f.id,
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty, h.label_id, coalesce(r.revision, 0), r.note,
         i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i CROSS JOIN facets f
  LEFT JOIN reviews r ON r.image_id = i.id AND r.facet_id = f.id
  LEFT JOIN predictions p ON p.id = (SELECT q.id FROM predictions q WHERE q.facet_id = f.id AND q.image_id = i.id ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
  LEFT JOIN hints h ON h.image_id = i.id AND h.facet_id = f.id
  WHERE i.dup_group = OLD.dup_group AND i.superseded_by IS NULL
  ON CONFLICT (image_id, facet_id) DO UPDATE SET
    status = excluded.status, label_id = excluded.label_id, prediction_id = excluded.prediction_id, model_id = excluded.model_id,
    confidence = excluded.confidence, uncertainty = excluded.uncertainty, hint_label_id = excluded.hint_label_id,
    revision = excluded.revision, note = excluded.note, root_id = excluded.root_id, rel_path = excluded.rel_path,
    file_name = excluded.file_name, imported_at = excluded.imported_at, dup_group = excluded.dup_group, missing = excluded.missing;
END;

-- A new facet starts with every image unreviewed.
CREATE TRIGGER review_grid_facet_ins AFTER INSERT ON facets
BEGIN
  INSERT INTO review_grid (image_id, facet_id, status, revision, root_id, rel_path, file_name, imported_at, dup_group, missing)
  SELECT i.id, NEW.id, 'unreviewed', 0, i.root_id, i.rel_path, i.file_name, i.imported_at,
         CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id) THEN i.dup_group END,
         i.missing
  FROM images i WHERE i.superseded_by IS NULL;
END;

-- Undo/redo look up the entries that reverse a batch's entries.
CREATE INDEX audit_log_undo_of ON audit_log (undo_of) WHERE undo_of IS NOT NULL;
