-- 0016_drafts.sql: a member's saved drafts (issue 13): one per thread they reply to and one
-- new dilemma. Nothing in clear: `slot` is a keyed hash of (member, thread) (0 for the new
-- dilemma), `owner` a keyed hash of the member (to list and delete their drafts), `seal`
-- the draft's fields and thread in a crypto_secretbox, padded to 1 KiB steps. Without the
-- key file the table says only that some members keep drafts of about some size.
CREATE TABLE drafts (
	slot  BLOB NOT NULL PRIMARY KEY CHECK (length(slot) = 16),
	owner BLOB NOT NULL CHECK (length(owner) = 16),
	seal  BLOB NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX drafts_owner ON drafts(owner);
