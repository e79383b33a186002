-- forumd: edits the schema text
-- 0021_update_kind.sql: a post may be an "update" (issue 14): the asker's one account of
-- what they did and how it went, under their dilemma. posts.kind's CHECK gains 'update'.
-- Loosening a CHECK leaves every stored row valid and the file's format unchanged, so the
-- table's text is edited in place (SQLite's documented procedure: writable_schema, then
-- the schema version raised, which migrate.c does for a file marked on its first line)
-- rather than rebuilt, which foreign keys from nine tables would make perilous. Every query
-- that means replies says kind = 'reply', so an update is in none of them.
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (kind IN (''dilemma'', ''reply''))',
                          'CHECK (kind IN (''dilemma'', ''reply'', ''update''))')
 WHERE type = 'table' AND name = 'posts';

-- The edit took, or the migration fails here (and is rolled back).
CREATE TEMP TABLE migration_0021_check (widened INTEGER NOT NULL CHECK (widened = 1));
INSERT INTO migration_0021_check
SELECT instr(sql, '''dilemma'', ''reply'', ''update''') > 0 FROM sqlite_schema
 WHERE type = 'table' AND name = 'posts';
DROP TABLE migration_0021_check;
