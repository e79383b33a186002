-- 0014_follows.sql: following a thread without replying (issue 13): its new replies from
-- others come to the member's inbox like those of a thread they took part in. A follow says
-- which member reads which thread, as a helpful mark does (docs/PRIVACY.md); it is deleted
-- with the account or the thread.
CREATE TABLE thread_follows (
	member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	thread_id  INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (member_id, thread_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_follows_thread ON thread_follows(thread_id);
