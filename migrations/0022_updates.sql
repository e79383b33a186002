-- 0022_updates.sql: how it turned out (issue 14). The asker may post one update to their
-- dilemma (a post of kind 'update', 0021), shown under it; a removed one may be replaced.
-- threads.has_update says a thread has a visible update, kept by the triggers below for
-- the lists' "has an update" filter (/updated) and their badge.
CREATE UNIQUE INDEX posts_one_update ON posts(thread_id) WHERE kind = 'update' AND state <> 'removed';

ALTER TABLE threads ADD COLUMN has_update INTEGER NOT NULL DEFAULT 0 CHECK (has_update IN (0, 1));

CREATE INDEX threads_updated ON threads(last_activity_at DESC, id DESC)
	WHERE has_update = 1 AND state = 'visible';

CREATE TRIGGER threads_update_added AFTER INSERT ON posts WHEN new.kind = 'update'
BEGIN
	UPDATE threads SET has_update = EXISTS (SELECT 1 FROM posts u WHERE u.thread_id = new.thread_id
	       AND u.kind = 'update' AND u.state = 'visible') WHERE id = new.thread_id;
END;
CREATE TRIGGER threads_update_changed AFTER UPDATE OF state ON posts WHEN new.kind = 'update'
BEGIN
	UPDATE threads SET has_update = EXISTS (SELECT 1 FROM posts u WHERE u.thread_id = new.thread_id
	       AND u.kind = 'update' AND u.state = 'visible') WHERE id = new.thread_id;
END;
CREATE TRIGGER threads_update_removed AFTER DELETE ON posts WHEN old.kind = 'update'
BEGIN
	UPDATE threads SET has_update = EXISTS (SELECT 1 FROM posts u WHERE u.thread_id = old.thread_id
	       AND u.kind = 'update' AND u.state = 'visible') WHERE id = old.thread_id;
END;
