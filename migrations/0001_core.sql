-- 0001_core.sql: members, the specialty and topic taxonomies, threads and their posts.
-- Timestamps are integer unix seconds (UTC). Booleans are 0/1 integers. Length limits here
-- are safety nets; forumd checks the exact rules (and counts characters) before writing.

-- A member is a handle and a password, nothing else that identifies a person.
-- Deleting an account deletes its row: posts keep their text (or lose it) under
-- "former member" through ON DELETE SET NULL.
CREATE TABLE members (
	id                INTEGER PRIMARY KEY,
	handle            TEXT    NOT NULL COLLATE NOCASE
	                  CHECK (length(handle) BETWEEN 3 AND 24
	                         AND handle NOT GLOB '*[^A-Za-z0-9_-]*'),
	-- crypto_pwhash_str output; "!" for accounts that can never sign in (demo members).
	password_hash     TEXT    NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 255),
	role              TEXT    NOT NULL DEFAULT 'member'
	                  CHECK (role IN ('member', 'moderator', 'admin')),
	-- Display form of the chosen credentials and certifications, e.g. "BSN, RN, CCRN".
	credentials       TEXT    NOT NULL DEFAULT '' CHECK (length(credentials) <= 200),
	years_in_practice TEXT    CHECK (years_in_practice IN
	                                 ('student', 'under-1', '1-5', '5-10', '10-plus')),
	bio_md            TEXT    NOT NULL DEFAULT '' CHECK (length(bio_md) <= 500),
	bio_html          TEXT    NOT NULL DEFAULT '',
	-- Whether replies show the credentials and specialty tags by default.
	show_tags         INTEGER NOT NULL DEFAULT 1 CHECK (show_tags IN (0, 1)),
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER,
	-- Deleted flag: set when an account is closed but its row is kept (its handle stays
	-- reserved); such a member cannot sign in and is shown as "former member".
	deleted_at        INTEGER
) STRICT;

CREATE UNIQUE INDEX members_handle ON members(handle COLLATE NOCASE);
CREATE INDEX members_role ON members(role) WHERE role <> 'member';

-- The specialty / practice-setting taxonomy (filled by 0002_specialties.sql).
CREATE TABLE specialties (
	id    INTEGER PRIMARY KEY,
	slug  TEXT    NOT NULL UNIQUE
	      CHECK (length(slug) BETWEEN 2 AND 40 AND slug NOT GLOB '*[^a-z0-9-]*'),
	name  TEXT    NOT NULL CHECK (length(name) BETWEEN 2 AND 60),
	sort  INTEGER NOT NULL
) STRICT;

-- A member's 1-5 specialties, in the order they chose (position 1 first).
CREATE TABLE member_specialties (
	member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	specialty_id INTEGER NOT NULL REFERENCES specialties(id) ON DELETE RESTRICT,
	position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
	PRIMARY KEY (member_id, specialty_id),
	UNIQUE (member_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX member_specialties_specialty ON member_specialties(specialty_id);

-- The boundary topics a dilemma is filed under (filled by 0003_topics.sql).
CREATE TABLE topics (
	id          INTEGER PRIMARY KEY,
	slug        TEXT    NOT NULL UNIQUE
	            CHECK (length(slug) BETWEEN 2 AND 40 AND slug NOT GLOB '*[^a-z0-9-]*'),
	name        TEXT    NOT NULL CHECK (length(name) BETWEEN 2 AND 60),
	description TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 200),
	sort        INTEGER NOT NULL
) STRICT;

-- A dilemma: its title and list metadata. Its text is the thread's 'dilemma' post.
-- reply_count and last_activity_at count visible replies only; forumd keeps them current
-- in the transaction that changes a post.
CREATE TABLE threads (
	id               INTEGER PRIMARY KEY,
	title            TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
	member_id        INTEGER REFERENCES members(id) ON DELETE SET NULL,
	anonymous        INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
	-- The specialty or setting the dilemma happened in, if the author said.
	specialty_id     INTEGER REFERENCES specialties(id) ON DELETE SET NULL,
	created_at       INTEGER NOT NULL,
	last_activity_at INTEGER NOT NULL,
	reply_count      INTEGER NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
	locked           INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
	pinned           INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
	-- visible; held for review (author and moderators only); hidden by a moderator;
	-- removed by its author.
	state            TEXT    NOT NULL DEFAULT 'visible'
	                 CHECK (state IN ('visible', 'held', 'hidden', 'removed'))
) STRICT;

-- Front page: latest activity first, keyset pagination on (last_activity_at, id).
CREATE INDEX threads_activity ON threads(last_activity_at DESC, id DESC);
CREATE INDEX threads_unanswered ON threads(last_activity_at DESC, id DESC)
	WHERE reply_count = 0;
CREATE INDEX threads_pinned ON threads(last_activity_at DESC, id DESC) WHERE pinned = 1;
CREATE INDEX threads_member ON threads(member_id, id DESC);
CREATE INDEX threads_specialty ON threads(specialty_id, last_activity_at DESC, id DESC)
	WHERE specialty_id IS NOT NULL;

-- A thread's 1-3 topics.
CREATE TABLE thread_topics (
	thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	topic_id  INTEGER NOT NULL REFERENCES topics(id) ON DELETE RESTRICT,
	PRIMARY KEY (thread_id, topic_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX thread_topics_topic ON thread_topics(topic_id, thread_id);

-- Every text of a thread: exactly one 'dilemma' (the opening post) and its replies.
-- body_html is cmark's safe rendering of body_md, made once at write time.
-- An anonymous post keeps member_id (for its author's own view and for moderation that
-- never reveals it) and shows only anon_alias, e.g. "Heron" for "Anonymous Heron".
-- credentials and show_tags are a snapshot taken when the post was written.
CREATE TABLE posts (
	id             INTEGER PRIMARY KEY,
	thread_id      INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	member_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,
	kind           TEXT    NOT NULL CHECK (kind IN ('dilemma', 'reply')),
	anonymous      INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
	anon_alias     TEXT    CHECK (anon_alias IS NULL OR length(anon_alias) BETWEEN 1 AND 40),
	credentials    TEXT    NOT NULL DEFAULT '' CHECK (length(credentials) <= 200),
	show_tags      INTEGER NOT NULL DEFAULT 1 CHECK (show_tags IN (0, 1)),
	body_md        TEXT    NOT NULL CHECK (length(body_md) <= 20000),
	body_html      TEXT    NOT NULL,
	created_at     INTEGER NOT NULL,
	edited_at      INTEGER,
	-- visible; held for review; hidden by a moderator; removed by its author
	-- ("[removed by author]" placeholder when it has replies).
	state          TEXT    NOT NULL DEFAULT 'visible'
	               CHECK (state IN ('visible', 'held', 'hidden', 'removed')),
	CHECK (anonymous = 0 OR anon_alias IS NOT NULL)
) STRICT;

CREATE UNIQUE INDEX posts_one_dilemma ON posts(thread_id) WHERE kind = 'dilemma';
CREATE INDEX posts_thread ON posts(thread_id, id);
CREATE INDEX posts_member ON posts(member_id, id DESC);

-- The 1-3 specialties a reply's author chose as informing it (a snapshot).
CREATE TABLE post_specialties (
	post_id      INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	specialty_id INTEGER NOT NULL REFERENCES specialties(id) ON DELETE RESTRICT,
	position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
	PRIMARY KEY (post_id, specialty_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX post_specialties_specialty ON post_specialties(specialty_id, post_id);
