-- 0005_dilemmas.sql: curation (helpful votes, OP marks, moderator picks), quotes, revisions,
-- inbox read marks and the FTS5 search index kept in sync by triggers.

-- Curation counters live on the post so "best" sorting reads one row. helpful_count is kept
-- by the triggers on helpful_votes; op_marked is set by the thread's author ("this helped
-- me"); mod_pick is set by moderators (the moderation issue). quote_post_id: the post a reply
-- quotes a passage of.
ALTER TABLE posts ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0 CHECK (helpful_count >= 0);
ALTER TABLE posts ADD COLUMN op_marked INTEGER NOT NULL DEFAULT 0 CHECK (op_marked IN (0, 1));
ALTER TABLE posts ADD COLUMN mod_pick INTEGER NOT NULL DEFAULT 0 CHECK (mod_pick IN (0, 1));
ALTER TABLE posts ADD COLUMN quote_post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL;

-- Every earlier version of a post: written when an edit replaces it. Moderators read the
-- history; the public only sees "edited". title is set for a dilemma's revisions.
CREATE TABLE post_revisions (
	id         INTEGER PRIMARY KEY,
	post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	title      TEXT    CHECK (title IS NULL OR length(title) <= 150),
	body_md    TEXT    NOT NULL CHECK (length(body_md) <= 20000),
	written_at INTEGER NOT NULL,
	replaced_at INTEGER NOT NULL
) STRICT;

CREATE INDEX post_revisions_post ON post_revisions(post_id, id);

-- One "helpful" mark per member per reply (never on their own post: forumd checks).
CREATE TABLE helpful_votes (
	post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (post_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX helpful_votes_member ON helpful_votes(member_id);

CREATE TRIGGER helpful_votes_add AFTER INSERT ON helpful_votes BEGIN
	UPDATE posts SET helpful_count = helpful_count + 1 WHERE id = new.post_id;
END;

CREATE TRIGGER helpful_votes_remove AFTER DELETE ON helpful_votes BEGIN
	UPDATE posts SET helpful_count = helpful_count - 1 WHERE id = old.post_id AND helpful_count > 0;
END;

-- Inbox: the newest post of a thread a member has seen (visiting the thread moves it).
CREATE TABLE thread_reads (
	member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	thread_id    INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	last_post_id INTEGER NOT NULL,
	PRIMARY KEY (member_id, thread_id)
) STRICT, WITHOUT ROWID;

-- Posting limits count a member's recent posts.
CREATE INDEX posts_member_time ON posts(member_id, kind, created_at);
-- "Best" sorting inside a thread.
CREATE INDEX posts_thread_best ON posts(thread_id, mod_pick DESC, op_marked DESC,
	helpful_count DESC, id);

-- Full-text search over visible posts: rowid = posts.id; title holds the thread's title on
-- the dilemma's row and is empty on replies (bm25 weighs it up). forumd's connections run
-- with trusted_schema=OFF, under which SQLite 3.40 refuses FTS5 inside triggers, so the
-- index is kept in sync by search_index_post() (search.c) in the same transaction as every
-- write of a post; queries also join posts and threads for their current state.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body,
	tokenize = 'porter unicode61 remove_diacritics 2');

-- Posts written before this migration (demo content) enter the index too.
INSERT INTO search_fts(rowid, title, body)
	SELECT p.id, CASE p.kind WHEN 'dilemma' THEN t.title ELSE '' END, p.body_md
	  FROM posts p JOIN threads t ON t.id = p.thread_id
	 WHERE p.state = 'visible';
