-- 0011_topic_counts.sql: the /topics page's count of each topic's listed threads, kept by
-- triggers instead of counted on every view (a scan of the topic's threads: about 100 ms for
-- all topics at 1,000,000 posts). A thread counts while its state is 'visible'.

ALTER TABLE topics ADD COLUMN thread_count INTEGER NOT NULL DEFAULT 0;
UPDATE topics SET thread_count = (SELECT count(*) FROM thread_topics tt
	JOIN threads t ON t.id = tt.thread_id WHERE tt.topic_id = topics.id AND t.state = 'visible');

CREATE TRIGGER topic_counts_added AFTER INSERT ON thread_topics
WHEN (SELECT state FROM threads WHERE id = new.thread_id) = 'visible'
BEGIN
	UPDATE topics SET thread_count = thread_count + 1 WHERE id = new.topic_id;
END;

-- A thread's own deletion counts its topics out first (topic_counts_thread_removed), so a
-- cascade that removes its topics afterwards finds no visible thread here.
CREATE TRIGGER topic_counts_removed AFTER DELETE ON thread_topics
WHEN (SELECT state FROM threads WHERE id = old.thread_id) = 'visible'
BEGIN
	UPDATE topics SET thread_count = thread_count - 1 WHERE id = old.topic_id;
END;

CREATE TRIGGER topic_counts_thread_removed BEFORE DELETE ON threads WHEN old.state = 'visible'
BEGIN
	DELETE FROM thread_topics WHERE thread_id = old.id;
END;

CREATE TRIGGER topic_counts_thread_state AFTER UPDATE OF state ON threads
WHEN (old.state = 'visible') <> (new.state = 'visible')
BEGIN
	UPDATE topics SET thread_count = thread_count + CASE WHEN new.state = 'visible' THEN 1 ELSE -1 END
	 WHERE id IN (SELECT topic_id FROM thread_topics WHERE thread_id = new.id);
END;

CREATE TRIGGER topic_counts_moved BEFORE UPDATE OF thread_id, topic_id ON thread_topics
BEGIN
	SELECT RAISE(ABORT, 'thread_topics: delete and insert instead of moving a row');
END;
