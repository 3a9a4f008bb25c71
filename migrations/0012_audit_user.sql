-- Canting catalogue, schema version 12: who made each audited change, by
-- account. In a team catalogue every decision, note, facet change and model
-- activation is recorded under the signed-in user's id (issue #18): display
-- names can repeat or change, the id cannot. NULL for single-seat and local
-- entries (the typed validator name in `actor` is all there is). No foreign
-- key, like reviews.validator_user_id (0010): accounts are disabled, never
-- deleted, and the append-only log must never refuse an entry.

ALTER TABLE audit_log ADD COLUMN user_id INTEGER;
CREATE INDEX audit_log_user ON audit_log (user_id) WHERE user_id IS NOT NULL;
