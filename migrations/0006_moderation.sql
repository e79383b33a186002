-- 0006_moderation.sql: flags, review state of posts, moderator picks and summaries,
-- suspensions, and the append-only moderation audit log.

-- Why a post waits in the review queue (state 'held'), the privacy guard's passages that
-- the author chose to post anyway (JSON array of {rule, why, text, start, end}), the public
-- reason a moderator gave when hiding it, the note on a moderator pick.
ALTER TABLE posts ADD COLUMN held_reason TEXT
	CHECK (held_reason IS NULL OR held_reason IN ('guard', 'new-member', 'flags'));
ALTER TABLE posts ADD COLUMN guard_passages TEXT
	CHECK (guard_passages IS NULL OR length(guard_passages) <= 20000);
ALTER TABLE posts ADD COLUMN mod_reason TEXT
	CHECK (mod_reason IS NULL OR length(mod_reason) <= 200);
ALTER TABLE posts ADD COLUMN pick_note TEXT
	CHECK (pick_note IS NULL OR length(pick_note) <= 200);
ALTER TABLE posts ADD COLUMN held_at INTEGER;

CREATE INDEX posts_held ON posts(held_at, id) WHERE state = 'held';
CREATE INDEX posts_picked ON posts(thread_id) WHERE mod_pick = 1;

-- A moderator's edit keeps the note it was made with beside the revision it replaced.
ALTER TABLE post_revisions ADD COLUMN mod_note TEXT
	CHECK (mod_note IS NULL OR length(mod_note) <= 200);

-- One flag per member per post. Dismissing keeps the row (the member cannot flag the same
-- post again) but it no longer counts.
CREATE TABLE flags (
	post_id      INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	reason       TEXT    NOT NULL
	             CHECK (reason IN ('privacy', 'harassment', 'spam', 'unsafe', 'off-topic', 'other')),
	other_text   TEXT    CHECK (other_text IS NULL OR length(other_text) <= 200),
	created_at   INTEGER NOT NULL,
	dismissed_at INTEGER,
	CHECK (reason <> 'other' OR (other_text IS NOT NULL AND length(other_text) > 0)),
	PRIMARY KEY (post_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX flags_open ON flags(post_id) WHERE dismissed_at IS NULL;
CREATE INDEX flags_member ON flags(member_id);

-- A moderators' summary atop a thread (the consensus advice, linking replies). The page
-- says "moderators"; member_id is who wrote it, for the moderators' own records.
CREATE TABLE thread_summaries (
	thread_id  INTEGER PRIMARY KEY REFERENCES threads(id) ON DELETE CASCADE,
	body_md    TEXT    NOT NULL CHECK (length(body_md) BETWEEN 1 AND 4000),
	body_html  TEXT    NOT NULL,
	member_id  INTEGER REFERENCES members(id) ON DELETE SET NULL,
	written_at INTEGER NOT NULL
) STRICT;

-- Suspensions: in force while lifted_at IS NULL and now < ends_at. A suspended member reads
-- and signs in, but cannot post, flag or mark; they see the reason and the end date.
CREATE TABLE suspensions (
	id         INTEGER PRIMARY KEY,
	member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	reason     TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
	starts_at  INTEGER NOT NULL,
	ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at),
	lifted_at  INTEGER
) STRICT;

CREATE INDEX suspensions_member ON suspensions(member_id, ends_at) WHERE lifted_at IS NULL;

-- Every moderator action, appended and never changed. actor_id is the moderator's member
-- id (no foreign key: deleting an account must not touch this table), 0 for forumctl.
-- target_url links the thing acted on (a post, a thread, a profile); for actions on "the
-- author of this post" it is the post, never the account. note is for moderators only.
CREATE TABLE mod_audit (
	id            INTEGER PRIMARY KEY,
	at            INTEGER NOT NULL,
	actor_id      INTEGER NOT NULL,
	actor_handle  TEXT    NOT NULL CHECK (length(actor_handle) BETWEEN 1 AND 40),
	action        TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
	target_kind   TEXT    NOT NULL CHECK (target_kind IN ('post', 'thread', 'member', 'post-author')),
	target_id     INTEGER NOT NULL,
	target_url    TEXT    NOT NULL CHECK (length(target_url) <= 200),
	public_reason TEXT    NOT NULL DEFAULT '' CHECK (length(public_reason) <= 200),
	note          TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 400)
) STRICT;

CREATE INDEX mod_audit_target ON mod_audit(target_kind, target_id);

CREATE TRIGGER mod_audit_no_update BEFORE UPDATE ON mod_audit BEGIN
	SELECT RAISE(ABORT, 'mod_audit is append-only');
END;

CREATE TRIGGER mod_audit_no_delete BEFORE DELETE ON mod_audit BEGIN
	SELECT RAISE(ABORT, 'mod_audit is append-only');
END;
