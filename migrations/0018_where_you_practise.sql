-- 0018_where_you_practise.sql: where a member practises, where a dilemma happened, and the
-- place a post shows (issue 14). Each is one code of places (0017) or NULL (not said).
-- posts.place is a snapshot like posts.credentials: the author's place when the post was
-- written and tags were shown; on an anonymous post, the place the author chose under the
-- K-members rule (a state, its country, or nothing).
ALTER TABLE members ADD COLUMN place TEXT REFERENCES places(code);
ALTER TABLE threads ADD COLUMN place TEXT REFERENCES places(code);
ALTER TABLE posts ADD COLUMN place TEXT REFERENCES places(code);

CREATE INDEX members_place ON members(place) WHERE place IS NOT NULL;

-- tag_counts (0009) gains the place: for every (credential, specialty, place) combination,
-- how many members have all three; '', 0 and '' stand for "any". A member practising in a
-- state counts for the state and for its country (ISO 3166-2 codes begin with the country's
-- code and '-'). The table and its triggers are made again with the third column.
DROP TRIGGER tag_counts_member_added;
DROP TRIGGER tag_counts_member_removed;
DROP TRIGGER tag_counts_member_changed;
DROP TRIGGER tag_counts_specialty_added;
DROP TRIGGER tag_counts_specialty_removed;
DROP TABLE tag_counts;

CREATE TABLE tag_counts (
	token        TEXT    NOT NULL CHECK (length(token) <= 40),   -- one credential, '' any
	specialty_id INTEGER NOT NULL,                               -- a specialty, 0 any
	place        TEXT    NOT NULL CHECK (length(place) <= 6),    -- a country or state, '' any
	members      INTEGER NOT NULL CHECK (members >= 0),
	PRIMARY KEY (token, specialty_id, place)
) STRICT, WITHOUT ROWID;

-- In the triggers below a member's credentials are read as the JSON array '["", each
-- credential…]' and their places as '["", place, its country?]', both for json_each (the
-- line is built by accounts/profile.c from fixed lists; a place code is letters, digits
-- and '-'). Triggers can hold neither a common table expression nor, under
-- trusted_schema=OFF, JSON's scalar functions, so the expressions are written out each time.

CREATE TRIGGER tag_counts_member_added AFTER INSERT ON members WHEN new.deleted_at IS NULL
BEGIN
	INSERT INTO tag_counts (token, specialty_id, place, members)
	SELECT c.value, s.id, p.value, 1
	  FROM json_each(CASE WHEN new.credentials = '' THEN '[""]'
	        ELSE '["","' || replace(replace(replace(new.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) c,
	       json_each(CASE WHEN new.place IS NULL THEN '[""]'
	        WHEN instr(new.place, '-') > 0 THEN '["","' || new.place || '","' || substr(new.place, 1, instr(new.place, '-') - 1) || '"]'
	        ELSE '["","' || new.place || '"]' END) p,
	       (SELECT 0 AS id UNION ALL SELECT specialty_id FROM member_specialties
	         WHERE member_id = new.id) s
	 WHERE true
	ON CONFLICT (token, specialty_id, place) DO UPDATE SET members = members + 1;
END;

-- Before the row goes: its specialties are removed first (counted out by the trigger below,
-- while the member still exists), then what is left of the member is counted out.
CREATE TRIGGER tag_counts_member_removed BEFORE DELETE ON members WHEN old.deleted_at IS NULL
BEGIN
	DELETE FROM member_specialties WHERE member_id = old.id;
	UPDATE tag_counts SET members = members - 1
	 WHERE specialty_id = 0
	   AND token IN (SELECT value FROM json_each(CASE WHEN old.credentials = '' THEN '[""]'
	        ELSE '["","' || replace(replace(replace(old.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END))
	   AND place IN (SELECT value FROM json_each(CASE WHEN old.place IS NULL THEN '[""]'
	        WHEN instr(old.place, '-') > 0 THEN '["","' || old.place || '","' || substr(old.place, 1, instr(old.place, '-') - 1) || '"]'
	        ELSE '["","' || old.place || '"]' END));
END;

CREATE TRIGGER tag_counts_member_changed AFTER UPDATE OF credentials, deleted_at, place ON members
BEGIN
	UPDATE tag_counts SET members = members - 1
	 WHERE old.deleted_at IS NULL
	   AND token IN (SELECT value FROM json_each(CASE WHEN old.credentials = '' THEN '[""]'
	        ELSE '["","' || replace(replace(replace(old.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END))
	   AND place IN (SELECT value FROM json_each(CASE WHEN old.place IS NULL THEN '[""]'
	        WHEN instr(old.place, '-') > 0 THEN '["","' || old.place || '","' || substr(old.place, 1, instr(old.place, '-') - 1) || '"]'
	        ELSE '["","' || old.place || '"]' END))
	   AND specialty_id IN (SELECT 0 UNION ALL SELECT specialty_id FROM member_specialties
	                         WHERE member_id = old.id);
	INSERT INTO tag_counts (token, specialty_id, place, members)
	SELECT c.value, s.id, p.value, 1
	  FROM json_each(CASE WHEN new.credentials = '' THEN '[""]'
	        ELSE '["","' || replace(replace(replace(new.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) c,
	       json_each(CASE WHEN new.place IS NULL THEN '[""]'
	        WHEN instr(new.place, '-') > 0 THEN '["","' || new.place || '","' || substr(new.place, 1, instr(new.place, '-') - 1) || '"]'
	        ELSE '["","' || new.place || '"]' END) p,
	       (SELECT 0 AS id UNION ALL SELECT specialty_id FROM member_specialties
	         WHERE member_id = new.id) s
	 WHERE new.deleted_at IS NULL
	ON CONFLICT (token, specialty_id, place) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER tag_counts_specialty_added AFTER INSERT ON member_specialties
BEGIN
	INSERT INTO tag_counts (token, specialty_id, place, members)
	SELECT c.value, new.specialty_id, p.value, 1
	  FROM members m,
	       json_each(CASE WHEN m.credentials = '' THEN '[""]'
	        ELSE '["","' || replace(replace(replace(m.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) c,
	       json_each(CASE WHEN m.place IS NULL THEN '[""]'
	        WHEN instr(m.place, '-') > 0 THEN '["","' || m.place || '","' || substr(m.place, 1, instr(m.place, '-') - 1) || '"]'
	        ELSE '["","' || m.place || '"]' END) p
	 WHERE m.id = new.member_id AND m.deleted_at IS NULL
	ON CONFLICT (token, specialty_id, place) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER tag_counts_specialty_removed AFTER DELETE ON member_specialties
BEGIN
	UPDATE tag_counts SET members = members - 1
	 WHERE specialty_id = old.specialty_id
	   AND token IN (SELECT c.value
	                   FROM members m, json_each(CASE WHEN m.credentials = '' THEN '[""]'
	        ELSE '["","' || replace(replace(replace(m.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) c
	                  WHERE m.id = old.member_id AND m.deleted_at IS NULL)
	   AND place IN (SELECT p.value
	                   FROM members m, json_each(CASE WHEN m.place IS NULL THEN '[""]'
	        WHEN instr(m.place, '-') > 0 THEN '["","' || m.place || '","' || substr(m.place, 1, instr(m.place, '-') - 1) || '"]'
	        ELSE '["","' || m.place || '"]' END) p
	                  WHERE m.id = old.member_id AND m.deleted_at IS NULL);
END;

INSERT INTO tag_counts (token, specialty_id, place, members)
SELECT c.value, s.id, p.value, count(*)
  FROM members m,
       json_each(CASE WHEN m.credentials = '' THEN '[""]'
        ELSE '["","' || replace(replace(replace(m.credentials, '\', '\\'), '"', '\"'), ', ', '","') || '"]' END) c,
       json_each(CASE WHEN m.place IS NULL THEN '[""]'
        WHEN instr(m.place, '-') > 0 THEN '["","' || m.place || '","' || substr(m.place, 1, instr(m.place, '-') - 1) || '"]'
        ELSE '["","' || m.place || '"]' END) p
  JOIN (SELECT id AS member, 0 AS id FROM members
        UNION ALL
        SELECT member_id, specialty_id FROM member_specialties) s ON s.member = m.id
 WHERE m.deleted_at IS NULL
 GROUP BY c.value, s.id, p.value;

