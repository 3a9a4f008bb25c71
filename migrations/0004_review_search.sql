-- Canting catalogue, schema version 4: an index for the review grid's free
-- text filter (file name and review note, case-insensitive substring).
--
-- Without it the filter is LIKE '%text%', which no B-tree index can seek, so
-- every filter change scanned all rows of the facet (136 ms for a file name,
-- 272 ms for a note at 100,000 images, over the 100 ms target).
--
-- review_search: one FTS5 document per image (rowid = image id) holding its
-- file name and the review notes of all its facets, one per line, indexed by
-- trigrams. The grid turns a text of 3 or more characters into a trigram
-- phrase query (a substring search; '%' and '_' are plain characters to
-- MATCH) to find candidate images, then applies its exact LIKE condition to
-- those candidates, so the result is the same as the scan's:
-- - the index folds case for every script, LIKE only for ASCII ("été" finds
--   "ÉTÉ" in the index, LIKE then drops it);
-- - a note of another facet, or text spanning two notes, can make an image a
--   candidate, LIKE then drops it.
-- The index may over-select, never under-select: whatever LIKE matches is a
-- case-folded substring of the document. Shorter texts are not indexable by
-- trigrams and keep the scan.
--
-- Derived data like review_grid: kept in step by triggers on review_grid
-- (whoever changes an image's file name or a note goes through it) and
-- rebuildable from it.
CREATE VIRTUAL TABLE review_search USING fts5(file_name, notes, tokenize = 'trigram case_sensitive 0');

INSERT INTO review_search (rowid, file_name, notes)
SELECT image_id, min(file_name), group_concat(note, char(10)) FROM review_grid GROUP BY image_id;

-- A grid row per facet arrives for each image; only the first one (or one
-- with a note, or a new file name) rewrites the document, so an import costs
-- one index insert per image.
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
