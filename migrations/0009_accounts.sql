-- Canting catalogue, schema version 9: team catalogues — accounts, sessions
-- and sign-in events.
--
-- A catalogue is a team catalogue when `team` holds its one row (written by
-- `canting team enable`, together with the first admin). Without it the
-- catalogue is single-seat: the desktop, the CLI and the loopback browser
-- work as before and these tables stay empty.

CREATE TABLE team (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  enabled_at TEXT NOT NULL
) STRICT;

-- username: compared without regard to case (COLLATE NOCASE on the column
-- and its unique index), so "Sari" and "sari" are one account.
-- password_hash: "scrypt$N$r$p$salt$hash" (base64); parameters stored with
-- each hash so they can be raised later without breaking old passwords.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'archivist', 'validator', 'expert', 'viewer', 'worker')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE);

-- A signed-in session. Only a SHA-256 of the token is kept, so a copy of the
-- catalogue file does not hand out live sessions. Times are ISO-8601 UTC.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id),
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  idle_expires_at     TEXT NOT NULL,
  absolute_expires_at TEXT NOT NULL,
  revoked_at   TEXT,
  address      TEXT,
  user_agent   TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

-- Every sign-in and every refused one (the audit of who tried what, from where).
-- user_id is set when the name belonged to an account, even on failure.
CREATE TABLE sign_in_events (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  username  TEXT NOT NULL,
  user_id   INTEGER REFERENCES users (id),
  success   INTEGER NOT NULL CHECK (success IN (0, 1)),
  reason    TEXT NOT NULL,
  address   TEXT
) STRICT;
CREATE INDEX sign_in_events_at ON sign_in_events (at);
CREATE TRIGGER sign_in_events_no_update BEFORE UPDATE ON sign_in_events
BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only'); END;
CREATE TRIGGER sign_in_events_no_delete BEFORE DELETE ON sign_in_events
BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only'); END;
