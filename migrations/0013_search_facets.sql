-- 0013_search_facets.sql: the search index holds what a reader sees and what a search can
-- filter on. Each post's row has three columns: title (the dilemma's row only), body (the
-- post's words as plain text: search_plain_text(), so snippets never show markdown) and
-- facets, words no one types, for the thread the post belongs to:
--   xtN    the thread is in topic N (thread_topics)
--   xsN    the thread is in specialty N's list (thread_specialties, as /s/ pages show it)
--   xpick  a listed reply of the thread is a moderator pick
-- A search confines the reader's words to {title body} and ANDs the facets of its filters,
-- so FTS5 intersects them as it walks and a rare filter finds all its matches (search.c).
-- Facets change with the thread: the triggers below note the thread in search_stale, and
-- db_commit() rewrites the facets of its posts before the transaction commits
-- (searchindex.c). Triggers cannot write to search_fts themselves: with trusted_schema off,
-- a virtual table is not usable from a trigger.

CREATE TABLE search_stale (
	thread_id INTEGER PRIMARY KEY
) STRICT;

CREATE VIEW search_facets (thread_id, facets) AS
SELECT t.id, trim(
	coalesce((SELECT group_concat('xt' || tt.topic_id, ' ') FROM thread_topics tt
	          WHERE tt.thread_id = t.id), '') || ' ' ||
	coalesce((SELECT group_concat('xs' || ts.specialty_id, ' ') FROM thread_specialties ts
	          WHERE ts.thread_id = t.id), '') ||
	CASE WHEN EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.mod_pick = 1
	                  AND p.kind = 'reply' AND p.state = 'visible') THEN ' xpick' ELSE '' END)
FROM threads t;

CREATE TRIGGER search_stale_topic_added AFTER INSERT ON thread_topics
BEGIN
	INSERT OR IGNORE INTO search_stale (thread_id) VALUES (new.thread_id);
END;
CREATE TRIGGER search_stale_topic_removed AFTER DELETE ON thread_topics
BEGIN
	INSERT OR IGNORE INTO search_stale (thread_id) VALUES (old.thread_id);
END;
CREATE TRIGGER search_stale_specialty_added AFTER INSERT ON thread_specialties
BEGIN
	INSERT OR IGNORE INTO search_stale (thread_id) VALUES (new.thread_id);
END;
CREATE TRIGGER search_stale_specialty_removed AFTER DELETE ON thread_specialties
BEGIN
	INSERT OR IGNORE INTO search_stale (thread_id) VALUES (old.thread_id);
END;
CREATE TRIGGER search_stale_pick_changed AFTER UPDATE OF mod_pick, state, kind ON posts
WHEN old.mod_pick = 1 OR new.mod_pick = 1
BEGIN
	INSERT OR IGNORE INTO search_stale (thread_id) VALUES (new.thread_id);
END;

CREATE TRIGGER search_stale_pick_removed AFTER DELETE ON posts
WHEN old.mod_pick = 1
BEGIN
	INSERT OR IGNORE INTO search_stale (thread_id) VALUES (old.thread_id);
END;

-- The index rebuilt from the posts, as search_index_post() writes each row, in rowid order
-- (FTS5 flushes its pending terms whenever a rowid goes down: three times slower). On the
-- bench's 1,000,000 posts this took 133 s (docs/SCHEMA.md); forumd prints its progress.
CREATE VIRTUAL TABLE search_fts_rebuilt USING fts5(title, body, facets,
	tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3 4');
INSERT INTO search_fts_rebuilt (rowid, title, body, facets)
SELECT p.id, CASE p.kind WHEN 'dilemma' THEN t.title ELSE '' END, search_plain_text(p.body_md),
       f.facets
  FROM posts p JOIN threads t ON t.id = p.thread_id JOIN search_facets f ON f.thread_id = t.id
 WHERE p.state = 'visible'
 ORDER BY p.id;
DROP TABLE search_fts;
ALTER TABLE search_fts_rebuilt RENAME TO search_fts;
