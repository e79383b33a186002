-- 0004_accounts.sql: sign-in sessions and one-time recovery codes.
-- Neither table holds a secret: tokens and codes are stored only as keyed BLAKE2b hashes
-- (the key lives in the server's key file, not in the database).

-- One row per signed-in browser. expires_at is absolute: 12 hours for a browser-session
-- login, 30 days for "keep me signed in on this device". last_active_day is a day number
-- (days since 1970-01-01 UTC): the page of sessions shows no finer activity than that.
CREATE TABLE sessions (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	token_hash      BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	created_at      INTEGER NOT NULL,
	expires_at      INTEGER NOT NULL,
	last_active_day INTEGER NOT NULL,
	browser         TEXT    NOT NULL
	                CHECK (browser IN ('Firefox', 'Chrome', 'Safari', 'Edge', 'Other')),
	persistent      INTEGER NOT NULL DEFAULT 0 CHECK (persistent IN (0, 1))
) STRICT;

CREATE INDEX sessions_member ON sessions(member_id, id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Eight per member, each usable once; regenerating replaces all of them.
CREATE TABLE recovery_codes (
	member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	code_hash  BLOB    NOT NULL CHECK (length(code_hash) = 32),
	created_at INTEGER NOT NULL,
	used_at    INTEGER,
	PRIMARY KEY (member_id, code_hash)
) STRICT, WITHOUT ROWID;
