-- 0010_list_walks.sql: every thread list a walk of one index, bounded by its page, however
-- many threads there are (docs/PERFORMANCE.md, "at a million posts").
-- A topic's or a specialty's list is the rows of thread_topics / thread_specialties for it,
-- each carrying a copy of its thread's sort keys (last activity, helpful marks), so the page
-- is a walk of (list, key DESC, thread DESC). Triggers keep the copies and the membership
-- true on every write, so no handler can forget them.

-- Helpful marks on a thread's visible replies, for "most helpful" sorts.
ALTER TABLE threads ADD COLUMN helpful_total INTEGER NOT NULL DEFAULT 0;
UPDATE threads SET helpful_total = (SELECT coalesce(sum(p.helpful_count), 0) FROM posts p
	WHERE p.thread_id = threads.id AND p.kind = 'reply' AND p.state = 'visible');

CREATE TRIGGER threads_helpful_changed AFTER UPDATE OF helpful_count, state, kind ON posts
WHEN new.kind = 'reply' OR old.kind = 'reply'
BEGIN
	UPDATE threads SET helpful_total = helpful_total
		+ CASE WHEN new.kind = 'reply' AND new.state = 'visible' THEN new.helpful_count ELSE 0 END
		- CASE WHEN old.kind = 'reply' AND old.state = 'visible' THEN old.helpful_count ELSE 0 END
	 WHERE id = new.thread_id;
END;
CREATE TRIGGER threads_helpful_added AFTER INSERT ON posts
WHEN new.kind = 'reply' AND new.state = 'visible' AND new.helpful_count > 0
BEGIN
	UPDATE threads SET helpful_total = helpful_total + new.helpful_count WHERE id = new.thread_id;
END;
CREATE TRIGGER threads_helpful_removed AFTER DELETE ON posts
WHEN old.kind = 'reply' AND old.state = 'visible' AND old.helpful_count > 0
BEGIN
	UPDATE threads SET helpful_total = helpful_total - old.helpful_count WHERE id = old.thread_id;
END;
CREATE TRIGGER threads_moved_post BEFORE UPDATE OF thread_id ON posts
BEGIN
	SELECT RAISE(ABORT, 'posts: a post does not move to another thread');
END;

-- Topic lists: thread_topics carries the thread's sort keys.
ALTER TABLE thread_topics ADD COLUMN last_activity_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE thread_topics ADD COLUMN helpful_total INTEGER NOT NULL DEFAULT 0;
UPDATE thread_topics SET (last_activity_at, helpful_total) =
	(SELECT t.last_activity_at, t.helpful_total FROM threads t WHERE t.id = thread_topics.thread_id);
CREATE INDEX thread_topics_activity
	ON thread_topics(topic_id, last_activity_at DESC, thread_id DESC);
CREATE INDEX thread_topics_helpful ON thread_topics(topic_id, helpful_total DESC, thread_id DESC);

CREATE TRIGGER thread_topics_keys AFTER INSERT ON thread_topics
BEGIN
	UPDATE thread_topics SET (last_activity_at, helpful_total) =
		(SELECT t.last_activity_at, t.helpful_total FROM threads t WHERE t.id = new.thread_id)
	 WHERE thread_id = new.thread_id AND topic_id = new.topic_id;
END;

-- Specialty lists: the threads that happened in a specialty (threads.specialty_id) or that a
-- visible reply tagged with it answers (post_specialties of a reply whose tags show).
CREATE TABLE thread_specialties (
	specialty_id     INTEGER NOT NULL REFERENCES specialties(id) ON DELETE CASCADE,
	thread_id        INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	last_activity_at INTEGER NOT NULL,
	helpful_total    INTEGER NOT NULL,
	PRIMARY KEY (specialty_id, thread_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_specialties_thread ON thread_specialties(thread_id);
CREATE INDEX thread_specialties_activity
	ON thread_specialties(specialty_id, last_activity_at DESC, thread_id DESC);
CREATE INDEX thread_specialties_helpful
	ON thread_specialties(specialty_id, helpful_total DESC, thread_id DESC);

INSERT OR IGNORE INTO thread_specialties (specialty_id, thread_id, last_activity_at, helpful_total)
SELECT specialty_id, id, last_activity_at, helpful_total FROM threads WHERE specialty_id IS NOT NULL;
INSERT OR IGNORE INTO thread_specialties (specialty_id, thread_id, last_activity_at, helpful_total)
SELECT DISTINCT ps.specialty_id, t.id, t.last_activity_at, t.helpful_total
  FROM post_specialties ps JOIN posts p ON p.id = ps.post_id JOIN threads t ON t.id = p.thread_id
 WHERE p.kind = 'reply' AND p.state = 'visible' AND p.show_tags = 1;

-- The membership rule, written out in each trigger below (triggers cannot share a view
-- here without trusting the schema): thread T is in specialty S's list when
--   EXISTS (SELECT 1 FROM threads t WHERE t.id = T AND t.specialty_id = S)
--   OR EXISTS (SELECT 1 FROM posts p JOIN post_specialties ps ON ps.post_id = p.id
--              WHERE p.thread_id = T AND ps.specialty_id = S AND p.kind = 'reply'
--                AND p.state = 'visible' AND p.show_tags = 1)

CREATE TRIGGER thread_specialties_tag_added AFTER INSERT ON post_specialties
BEGIN
	INSERT OR IGNORE INTO thread_specialties (specialty_id, thread_id, last_activity_at, helpful_total)
	SELECT new.specialty_id, t.id, t.last_activity_at, t.helpful_total
	  FROM posts p JOIN threads t ON t.id = p.thread_id
	 WHERE p.id = new.post_id AND p.kind = 'reply' AND p.state = 'visible' AND p.show_tags = 1;
END;

CREATE TRIGGER thread_specialties_tag_removed AFTER DELETE ON post_specialties
BEGIN
	DELETE FROM thread_specialties
	 WHERE specialty_id = old.specialty_id
	   AND thread_id = (SELECT thread_id FROM posts WHERE id = old.post_id)
	   AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = thread_specialties.thread_id
	                   AND t.specialty_id = thread_specialties.specialty_id)
	   AND NOT EXISTS (SELECT 1 FROM posts p JOIN post_specialties ps ON ps.post_id = p.id
	                   WHERE p.thread_id = thread_specialties.thread_id
	                     AND ps.specialty_id = thread_specialties.specialty_id AND p.kind = 'reply'
	                     AND p.state = 'visible' AND p.show_tags = 1);
END;

CREATE TRIGGER thread_specialties_post_changed AFTER UPDATE OF state, show_tags, kind ON posts
BEGIN
	DELETE FROM thread_specialties
	 WHERE thread_id = new.thread_id
	   AND specialty_id IN (SELECT specialty_id FROM post_specialties WHERE post_id = new.id)
	   AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = thread_specialties.thread_id
	                   AND t.specialty_id = thread_specialties.specialty_id)
	   AND NOT EXISTS (SELECT 1 FROM posts p JOIN post_specialties ps ON ps.post_id = p.id
	                   WHERE p.thread_id = thread_specialties.thread_id
	                     AND ps.specialty_id = thread_specialties.specialty_id AND p.kind = 'reply'
	                     AND p.state = 'visible' AND p.show_tags = 1);
	INSERT OR IGNORE INTO thread_specialties (specialty_id, thread_id, last_activity_at, helpful_total)
	SELECT ps.specialty_id, t.id, t.last_activity_at, t.helpful_total
	  FROM post_specialties ps JOIN threads t ON t.id = new.thread_id
	 WHERE ps.post_id = new.id AND new.kind = 'reply' AND new.state = 'visible'
	   AND new.show_tags = 1;
END;

CREATE TRIGGER thread_specialties_post_removed AFTER DELETE ON posts
BEGIN
	DELETE FROM thread_specialties
	 WHERE thread_id = old.thread_id
	   AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = thread_specialties.thread_id
	                   AND t.specialty_id = thread_specialties.specialty_id)
	   AND NOT EXISTS (SELECT 1 FROM posts p JOIN post_specialties ps ON ps.post_id = p.id
	                   WHERE p.thread_id = thread_specialties.thread_id
	                     AND ps.specialty_id = thread_specialties.specialty_id AND p.kind = 'reply'
	                     AND p.state = 'visible' AND p.show_tags = 1);
END;

CREATE TRIGGER thread_specialties_thread_added AFTER INSERT ON threads
WHEN new.specialty_id IS NOT NULL
BEGIN
	INSERT OR IGNORE INTO thread_specialties (specialty_id, thread_id, last_activity_at, helpful_total)
	VALUES (new.specialty_id, new.id, new.last_activity_at, new.helpful_total);
END;

CREATE TRIGGER thread_specialties_setting_changed AFTER UPDATE OF specialty_id ON threads
BEGIN
	DELETE FROM thread_specialties
	 WHERE thread_id = new.id AND specialty_id = old.specialty_id
	   AND NOT EXISTS (SELECT 1 FROM posts p JOIN post_specialties ps ON ps.post_id = p.id
	                   WHERE p.thread_id = new.id AND ps.specialty_id = old.specialty_id
	                     AND p.kind = 'reply' AND p.state = 'visible' AND p.show_tags = 1);
	INSERT OR IGNORE INTO thread_specialties (specialty_id, thread_id, last_activity_at, helpful_total)
	SELECT new.specialty_id, new.id, new.last_activity_at, new.helpful_total
	 WHERE new.specialty_id IS NOT NULL;
END;

-- Both lists follow their thread's sort keys.
CREATE TRIGGER thread_lists_keys AFTER UPDATE OF last_activity_at, helpful_total ON threads
BEGIN
	UPDATE thread_topics SET last_activity_at = new.last_activity_at,
	                         helpful_total = new.helpful_total
	 WHERE thread_id = new.id;
	UPDATE thread_specialties SET last_activity_at = new.last_activity_at,
	                              helpful_total = new.helpful_total
	 WHERE thread_id = new.id;
END;
