-- 0019_scripts.sql: words you could say (issue 14). A reply may carry up to three scripts:
-- short passages of exact words to say to a patient, a family member or a colleague, plain
-- text, checked by the privacy guard with the reply. A script is seen where its reply's text
-- is, unless a moderator hid it; a moderator may pick it ("Words nurses suggested" and
-- /scripts put picked ones first) or edit it. An anonymous reply's scripts are anonymous with
-- it: nothing here names an author.
CREATE TABLE post_scripts (
	id        INTEGER PRIMARY KEY,
	post_id   INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	position  INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
	text      TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
	state     TEXT    NOT NULL DEFAULT 'visible' CHECK (state IN ('visible', 'hidden')),
	mod_pick  INTEGER NOT NULL DEFAULT 0 CHECK (mod_pick IN (0, 1)),
	edited_at INTEGER,
	UNIQUE (post_id, position)
) STRICT;
