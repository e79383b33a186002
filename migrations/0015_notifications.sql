-- 0015_notifications.sql: what a member's notifications are worked out from (issue 13).
-- Notifications about a member's posts are computed when asked, over their named posts and
-- those their sealed ledger finds, like the inbox: nothing stored says whose anonymous post
-- was picked, hidden or answered. Stored here: the times those events happened, on the post;
-- the members an @handle names (never who wrote it); when the member last looked; and the
-- keyed hash of their private feed's secret address.

-- When a reply was picked, marked by the asker as having helped, or hidden by a moderator
-- (NULL: not so, or before this migration and not found in the moderation log).
ALTER TABLE posts ADD COLUMN picked_at INTEGER;
ALTER TABLE posts ADD COLUMN op_marked_at INTEGER;
ALTER TABLE posts ADD COLUMN hidden_at INTEGER;

UPDATE posts SET picked_at = (SELECT max(a.at) FROM mod_audit a WHERE a.target_kind = 'post'
                                AND a.target_id = posts.id AND a.action = 'pick')
 WHERE mod_pick = 1;
UPDATE posts SET hidden_at = (SELECT max(a.at) FROM mod_audit a WHERE a.target_kind = 'post'
                                AND a.target_id = posts.id AND a.action = 'hide')
 WHERE state = 'hidden';

CREATE TRIGGER posts_picked_at AFTER UPDATE OF mod_pick ON posts
	WHEN new.mod_pick = 1 AND old.mod_pick = 0
BEGIN
	UPDATE posts SET picked_at = unixepoch() WHERE id = new.id;
END;

CREATE TRIGGER posts_op_marked_at AFTER UPDATE OF op_marked ON posts
	WHEN new.op_marked = 1 AND old.op_marked = 0
BEGIN
	UPDATE posts SET op_marked_at = unixepoch() WHERE id = new.id;
END;

CREATE TRIGGER posts_hidden_at AFTER UPDATE OF state ON posts
	WHEN new.state = 'hidden' AND old.state <> 'hidden'
BEGIN
	UPDATE posts SET hidden_at = unixepoch() WHERE id = new.id;
END;

-- The members an @handle in a post names (its author too, when they name themselves: leaving
-- them out would tell who wrote an anonymous post that names them). The row says who
-- was named, as the post's text does; never who wrote it. Rewritten with each edit.
CREATE TABLE mentions (
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	post_id   INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	PRIMARY KEY (member_id, post_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX mentions_post ON mentions(post_id);

-- The thread's newest post when the member followed it: later replies are news.
ALTER TABLE thread_follows ADD COLUMN after_post INTEGER NOT NULL DEFAULT 0;
UPDATE thread_follows SET after_post = coalesce((SELECT max(id) FROM posts p
                                                  WHERE p.thread_id = thread_follows.thread_id), 0);

-- When the member last opened their notifications: what is newer counts in the header.
ALTER TABLE members ADD COLUMN notes_seen_at INTEGER NOT NULL DEFAULT 0;

-- A member's private Atom feed of notifications: a keyed hash of the secret in its address
-- (the secret itself is shown once, never stored). One per member; a new one replaces it.
CREATE TABLE notify_feeds (
	token_hash BLOB    NOT NULL PRIMARY KEY CHECK (length(token_hash) = 32),
	member_id  INTEGER NOT NULL UNIQUE REFERENCES members(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
