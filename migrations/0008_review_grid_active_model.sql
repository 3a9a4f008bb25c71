-- Canting catalogue, schema version 8: the review grid shows the ACTIVE
-- model's prediction.
--
-- Until now review_grid's current prediction was the most recently written
-- one for the facet, so after activating or rolling back a version the grid,
-- its counts, the large view and the exports went on showing whichever
-- version ran last, while classification counted the active one. One rule
-- now, for every reader of the grid (and exports/records.ts, which applies
-- the same rule to the v1 tables):
--
--   a facet's prediction is the facet's active model's prediction for the
--   image; an image the active model has not classified has none (status
--   'unreviewed' unless a human decided, and the classify screen offers to
--   classify exactly those).
--
-- Predictions of other versions stay in `predictions` (comparison, exports'
-- history, a later roll-back): activating a version whose predictions are
-- kept shows them at once. Human decisions (corrected/validated/rejected)
-- are untouched by any of this; only the prediction columns change.
--
-- The active model is found through the partial unique index
-- models_one_active, its prediction through UNIQUE (image_id, model_id).

-- Every trigger that recomputed rows with "latest wins" is redefined with
-- the active-model join (same recompute otherwise, see 0002_review_grid.sql).
-- A prediction of an inactive version changes nothing the grid shows.
DROP TRIGGER review_grid_prediction_ins;
DROP TRIGGER review_grid_prediction_upd;
DROP TRIGGER review_grid_prediction_del;
DROP TRIGGER review_grid_review_ins;
DROP TRIGGER review_grid_review_upd;
DROP TRIGGER review_grid_review_del;
DROP TRIGGER review_grid_image_ins;
DROP TRIGGER review_grid_image_upd;
DROP TRIGGER review_grid_image_del;

CREATE TRIGGER review_grid_prediction_ins AFTER INSERT ON predictions
WHEN EXISTS (SELECT 1 FROM models m WHERE m.id = NEW.model_id AND m.active = 1)
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
         CASE WHEN r.status IN ('corrected', 'validated', 'rejected') THEN r.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN r.status IN ('corrected', 'validated') THEN r.label_id WHEN r.status = 'rejected' THEN NULL ELSE p.label_id END,
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
  SET status = CASE WHEN status IN ('corrected', 'validated', 'rejected') THEN status ELSE 'unreviewed' END,
      label_id = CASE WHEN status IN ('corrected', 'validated') THEN label_id END,
      prediction_id = NULL, model_id = NULL, confidence = NULL, uncertainty = NULL
  WHERE facet_id = OLD.facet_id AND model_id = OLD.id;
END;

CREATE TRIGGER review_grid_model_activated AFTER UPDATE OF active ON models
WHEN OLD.active <> 1 AND NEW.active = 1
BEGIN
  UPDATE review_grid AS g
  SET (status, label_id, prediction_id, model_id, confidence, uncertainty) = (
    SELECT CASE WHEN g.status IN ('corrected', 'validated', 'rejected') THEN g.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
           CASE WHEN g.status IN ('corrected', 'validated', 'rejected') THEN g.label_id ELSE p.label_id END,
           p.id, p.model_id, p.confidence, p.uncertainty
    FROM (SELECT 1) LEFT JOIN predictions p ON p.image_id = g.image_id AND p.model_id = NEW.id)
  WHERE g.facet_id = NEW.facet_id
    AND (g.model_id IS NOT NULL OR EXISTS (SELECT 1 FROM predictions q WHERE q.image_id = g.image_id AND q.model_id = NEW.id));
END;

-- Existing catalogues: the same recompute, over every facet, of the rows
-- whose shown prediction is not the active version's.
UPDATE review_grid AS g
SET (status, label_id, prediction_id, model_id, confidence, uncertainty) = (
  SELECT CASE WHEN g.status IN ('corrected', 'validated', 'rejected') THEN g.status WHEN p.id IS NOT NULL THEN 'predicted' ELSE 'unreviewed' END,
         CASE WHEN g.status IN ('corrected', 'validated', 'rejected') THEN g.label_id ELSE p.label_id END,
         p.id, p.model_id, p.confidence, p.uncertainty
  FROM (SELECT 1)
  LEFT JOIN models m ON m.facet_id = g.facet_id AND m.active = 1
  LEFT JOIN predictions p ON p.image_id = g.image_id AND p.model_id = m.id)
WHERE g.prediction_id IS NOT (SELECT p.id FROM models m JOIN predictions p ON p.model_id = m.id AND p.image_id = g.image_id WHERE m.facet_id = g.facet_id AND m.active = 1);
