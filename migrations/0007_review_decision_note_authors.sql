-- Canting catalogue, schema version 7: a decision and a note each keep their
-- own time and author.
--
-- Until now reviews.updated_at was moved by decisions and by note edits alike,
-- so a note written later by someone else made the export report the note's
-- time as the decision's (validated_at, decidedAt) next to the decider's name.
--
-- decided_at: when the current decision (status and label, undo/redo
--   included) was made; its author stays in `validator`.
-- note_at / note_by: when and by whom the current note was last written.
-- updated_at keeps meaning "the row last changed", whatever changed it.

ALTER TABLE reviews ADD COLUMN decided_at TEXT;
ALTER TABLE reviews ADD COLUMN note_at TEXT;
ALTER TABLE reviews ADD COLUMN note_by TEXT;

-- Backfill from the audit log, which has every decision and note edit with its
-- actor and time: the latest decision entry for the row, and the latest note
-- entry. Rows with a decision but no audit entry (written outside the app)
-- keep updated_at, the best time there is.
UPDATE reviews SET decided_at = coalesce(
  (SELECT a.at FROM audit_log a
    WHERE a.image_id = reviews.image_id AND a.facet_id = reviews.facet_id AND a.entity = 'review' AND a.action <> 'note'
    ORDER BY a.id DESC LIMIT 1),
  CASE WHEN validator IS NOT NULL THEN updated_at END);

UPDATE reviews SET
  note_at = coalesce(
    (SELECT a.at FROM audit_log a
      WHERE a.image_id = reviews.image_id AND a.facet_id = reviews.facet_id AND a.entity = 'review' AND a.action = 'note'
      ORDER BY a.id DESC LIMIT 1),
    updated_at),
  note_by = (SELECT a.actor FROM audit_log a
    WHERE a.image_id = reviews.image_id AND a.facet_id = reviews.facet_id AND a.entity = 'review' AND a.action = 'note'
    ORDER BY a.id DESC LIMIT 1)
WHERE note IS NOT NULL;
