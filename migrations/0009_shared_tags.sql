-- 0009_shared_tags.sql: what an anonymous post may show, and "OP" fixed when a post is written.
-- An anonymous post may carry one credential and/or one specialty only when at least
-- anon_tag_k members have that combination on their profile (docs/PRIVACY.md). tag_counts
-- holds, for every (credential, specialty) pair, how many members have both; '' and 0 stand
-- for "any". Triggers keep it true on every change of a profile, so no handler can forget it.

CREATE TABLE tag_counts (
	token        TEXT    NOT NULL CHECK (length(token) <= 40),   -- one credential, '' any
	specialty_id INTEGER NOT NULL,                               -- a specialty, 0 any
	members      INTEGER NOT NULL CHECK (members >= 0),
	PRIMARY KEY (token, specialty_id)
) STRICT, WITHOUT ROWID;

-- A member's credentials line ("BSN, RN, CCRN", built by accounts/profile.c from fixed
-- lists) is read as a JSON array of its credentials for json_each: '[]' when empty, else
-- the line with '\' and '"' escaped and ", " turned into '","'. (Triggers can hold neither a
-- common table expression nor, under trusted_schema=OFF, JSON's scalar functions, so the
-- expression is written out each time.)

CREATE TRIGGER tag_counts_member_added AFTER INSERT ON members WHEN new.deleted_at IS NULL
BEGIN
	INSERT INTO tag_counts (token, specialty_id, members)
	SELECT c.token, s.id, 1
	  FROM (SELECT '' AS token UNION ALL SELECT value FROM json_each(CASE WHEN new.credentials = '' THEN '[]'
        ELSE '["' || replace(replace(replace(new.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END)) c,
	       (SELECT 0 AS id UNION ALL SELECT specialty_id FROM member_specialties
	         WHERE member_id = new.id) s
	 WHERE true
	ON CONFLICT (token, specialty_id) DO UPDATE SET members = members + 1;
END;

-- Before the row goes: its specialties are removed first (counted out by the trigger below,
-- while the member still exists), then what is left of the member is counted out.
CREATE TRIGGER tag_counts_member_removed BEFORE DELETE ON members WHEN old.deleted_at IS NULL
BEGIN
	DELETE FROM member_specialties WHERE member_id = old.id;
	UPDATE tag_counts SET members = members - 1
	 WHERE specialty_id = 0 AND token IN (SELECT '' UNION ALL SELECT value FROM json_each(CASE WHEN old.credentials = '' THEN '[]'
        ELSE '["' || replace(replace(replace(old.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END));
END;

CREATE TRIGGER tag_counts_member_changed AFTER UPDATE OF credentials, deleted_at ON members
BEGIN
	UPDATE tag_counts SET members = members - 1
	 WHERE old.deleted_at IS NULL
	   AND token IN (SELECT '' UNION ALL SELECT value FROM json_each(CASE WHEN old.credentials = '' THEN '[]'
        ELSE '["' || replace(replace(replace(old.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END))
	   AND specialty_id IN (SELECT 0 UNION ALL SELECT specialty_id FROM member_specialties
	                         WHERE member_id = old.id);
	INSERT INTO tag_counts (token, specialty_id, members)
	SELECT c.token, s.id, 1
	  FROM (SELECT '' AS token UNION ALL SELECT value FROM json_each(CASE WHEN new.credentials = '' THEN '[]'
        ELSE '["' || replace(replace(replace(new.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END)) c,
	       (SELECT 0 AS id UNION ALL SELECT specialty_id FROM member_specialties
	         WHERE member_id = new.id) s
	 WHERE new.deleted_at IS NULL
	ON CONFLICT (token, specialty_id) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER tag_counts_specialty_added AFTER INSERT ON member_specialties
BEGIN
	INSERT INTO tag_counts (token, specialty_id, members)
	SELECT '', new.specialty_id, 1 FROM members m WHERE m.id = new.member_id AND m.deleted_at IS NULL
	ON CONFLICT (token, specialty_id) DO UPDATE SET members = members + 1;
	INSERT INTO tag_counts (token, specialty_id, members)
	SELECT c.value, new.specialty_id, 1
	  FROM members m, json_each(CASE WHEN m.credentials = '' THEN '[]'
	        ELSE '["' || replace(replace(replace(m.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) c
	 WHERE m.id = new.member_id AND m.deleted_at IS NULL
	ON CONFLICT (token, specialty_id) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER tag_counts_specialty_removed AFTER DELETE ON member_specialties
BEGIN
	UPDATE tag_counts SET members = members - 1
	 WHERE specialty_id = old.specialty_id
	   AND token IN (SELECT '' UNION ALL SELECT c.value
	                   FROM members m, json_each(CASE WHEN m.credentials = '' THEN '[]'
        ELSE '["' || replace(replace(replace(m.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) c
	                  WHERE m.id = old.member_id AND m.deleted_at IS NULL)
	   AND EXISTS (SELECT 1 FROM members m WHERE m.id = old.member_id AND m.deleted_at IS NULL);
END;

-- Nothing in forumd moves a member's specialty in place; if something did, the counts
-- would go wrong without a trigger, so such a change is refused.
CREATE TRIGGER tag_counts_specialty_moved BEFORE UPDATE OF member_id, specialty_id
ON member_specialties
BEGIN
	SELECT RAISE(ABORT, 'member_specialties: delete and insert instead of moving a row');
END;

INSERT INTO tag_counts (token, specialty_id, members)
SELECT c.token, s.id, count(*)
  FROM members m
  JOIN (SELECT id AS member, '' AS token FROM members
        UNION ALL
        SELECT m2.id, j.value FROM members m2, json_each(CASE WHEN m2.credentials = '' THEN '[]'
        ELSE '["' || replace(replace(replace(m2.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) j) c ON c.member = m.id
  JOIN (SELECT id AS member, 0 AS id FROM members
        UNION ALL
        SELECT member_id, specialty_id FROM member_specialties) s ON s.member = m.id
 WHERE m.deleted_at IS NULL
 GROUP BY c.token, s.id;

-- "OP": a reply written by the thread's author, under the same face (named in a named
-- thread, anonymous in an anonymous one). Fixed when the reply is written, so it stays true
-- when the author's account goes and its authorship with it.
ALTER TABLE posts ADD COLUMN by_op INTEGER NOT NULL DEFAULT 0 CHECK (by_op IN (0, 1));

UPDATE posts SET by_op = 1
 WHERE kind = 'reply' AND EXISTS (SELECT 1 FROM threads t WHERE t.id = posts.thread_id
       AND t.anonymous = posts.anonymous
       AND (t.member_id = posts.member_id OR t.author_tag = posts.author_tag));
