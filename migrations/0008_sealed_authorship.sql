-- 0008_sealed_authorship.sql: anonymous posts and threads keep no member id in clear, read
-- marks name no member, and suspensions made through a post name no member either.
-- The keyed and sealed values come from forumd's SQL functions (forumd/store/authorship.h,
-- keyed with the server secret, which never enters the database); docs/PRIVACY.md has the
-- threat model. Rows written before this migration are converted in place.

-- author_tag: keyed hash of (member, thread), equal for one author's anonymous posts in
-- one thread only. author_seal: the member id sealed under a random nonce, for the server.
ALTER TABLE posts ADD COLUMN author_tag BLOB
	CHECK (author_tag IS NULL OR length(author_tag) = 16);
ALTER TABLE posts ADD COLUMN author_seal BLOB
	CHECK (author_seal IS NULL OR length(author_seal) = 48);
ALTER TABLE threads ADD COLUMN author_tag BLOB
	CHECK (author_tag IS NULL OR length(author_tag) = 16);

CREATE INDEX posts_author_tag ON posts(thread_id, author_tag) WHERE author_tag IS NOT NULL;

-- A member's ledger: the threads they wrote in anonymously, sealed and padded, so their own
-- inbox, posting limits, export and account deletion find those posts. Its owner is a keyed
-- hash of the member, so the table does not say which accounts post anonymously; account
-- deletion deletes it.
CREATE TABLE anon_ledgers (
	owner BLOB PRIMARY KEY CHECK (length(owner) = 16),
	seal  BLOB NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO anon_ledgers (owner, seal)
SELECT ledger_key(member_id), ledger_of(json_group_array(DISTINCT thread_id))
  FROM posts WHERE anonymous = 1 AND member_id IS NOT NULL GROUP BY member_id;

-- Anonymous posts show no credentials or specialties (docs/PRIVACY.md): the snapshot taken
-- from the profile goes.
UPDATE posts SET credentials = '', show_tags = 0 WHERE anonymous = 1;
DELETE FROM post_specialties WHERE post_id IN (SELECT id FROM posts WHERE anonymous = 1);

-- Read marks, only where the inbox needs them (threads the member posted in), each named by
-- a keyed hash of (member, thread): no reading history, no member id.
CREATE TABLE read_marks (
	reader       BLOB    PRIMARY KEY CHECK (length(reader) = 16),
	last_post_id INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO read_marks (reader, last_post_id)
SELECT read_key(r.member_id, r.thread_id), r.last_post_id FROM thread_reads r
 WHERE EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = r.thread_id AND p.member_id = r.member_id);

DROP TABLE thread_reads;

-- Suspensions: one made through a post ("suspend the author of this post") is kept under
-- member_key (a keyed hash of the member) and via_post (a keyed hash of the post), never
-- the member id; member pages show only suspensions made by name.
CREATE TABLE suspensions_sealed (
	id         INTEGER PRIMARY KEY,
	member_id  INTEGER REFERENCES members(id) ON DELETE CASCADE,
	member_key BLOB    CHECK (member_key IS NULL OR length(member_key) = 16),
	via_post   BLOB    CHECK (via_post IS NULL OR length(via_post) = 16),
	reason     TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
	starts_at  INTEGER NOT NULL,
	ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at),
	lifted_at  INTEGER,
	CHECK ((member_id IS NULL) <> (member_key IS NULL)),
	CHECK ((member_key IS NULL) = (via_post IS NULL))
) STRICT;

-- Suspensions made through a post before this migration are found by their audit row.
INSERT INTO suspensions_sealed (id, member_id, member_key, via_post, reason, starts_at, ends_at, lifted_at)
SELECT s.id,
       CASE WHEN a.target_id IS NULL THEN s.member_id END,
       CASE WHEN a.target_id IS NOT NULL THEN suspend_key(s.member_id) END,
       CASE WHEN a.target_id IS NOT NULL THEN via_post_key(a.target_id) END,
       s.reason, s.starts_at, s.ends_at, s.lifted_at
  FROM suspensions s
  LEFT JOIN mod_audit a ON a.id = (SELECT min(x.id) FROM mod_audit x
        WHERE x.target_kind = 'post-author' AND x.action = 'suspend'
          AND x.public_reason = s.reason AND x.at BETWEEN s.starts_at AND s.starts_at + 2);

DROP TABLE suspensions;
ALTER TABLE suspensions_sealed RENAME TO suspensions;
CREATE INDEX suspensions_member ON suspensions(member_id, ends_at)
	WHERE lifted_at IS NULL AND member_id IS NOT NULL;
CREATE INDEX suspensions_member_key ON suspensions(member_key, ends_at)
	WHERE lifted_at IS NULL AND member_key IS NOT NULL;
CREATE INDEX suspensions_via_post ON suspensions(via_post) WHERE via_post IS NOT NULL;

-- An anonymous post's hold no longer says it is among an account's first posts.
UPDATE posts SET held_reason = NULL WHERE anonymous = 1 AND held_reason = 'new-member';

-- Last: the member ids of anonymous posts and threads become tags and seals.
UPDATE threads SET author_tag = author_tag(member_id, id), member_id = NULL
 WHERE anonymous = 1 AND member_id IS NOT NULL;
UPDATE posts SET author_tag = author_tag(member_id, thread_id),
                 author_seal = author_seal(member_id), member_id = NULL
 WHERE anonymous = 1 AND member_id IS NOT NULL;
