-- 0016_drafts.sql: a member's saved drafts (issue 13): one per thread they reply to and one
-- new dilemma. Nothing in clear: `slot` is a keyed hash of (member, thread) (0 for the new
-- dilemma), unrelated from one thread to the next; `seal` the member, thread, time and the
-- form's values in a crypto_secretbox, padded to 1 KiB steps. No column is the same for two
-- drafts of one member: a post deleting its draft ties that slot to the post and nothing
-- more. Without the key file the table says only that there are drafts of about some size.
CREATE TABLE drafts (
	slot BLOB NOT NULL PRIMARY KEY CHECK (length(slot) = 16),
	seal BLOB NOT NULL
) STRICT, WITHOUT ROWID;
