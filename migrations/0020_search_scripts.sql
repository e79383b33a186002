-- 0020_search_scripts.sql: search finds words you could say (issue 14). Each post's row of
-- the index gains a fourth column, scripts: its reply's visible scripts, one per line. A
-- search confines the reader's words to {title body scripts}, or to {scripts} alone when
-- the reader asks for words to say only (search.c); searchindex.c writes the column with the
-- rest of the row, so a script hidden, shown or edited re-indexes its post.
-- The index is made again from the old one's columns (no markdown to convert again), in
-- rowid order (FTS5 flushes its pending terms whenever a rowid goes down).
CREATE VIRTUAL TABLE search_fts_rebuilt USING fts5(title, body, facets, scripts,
	tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3 4');
INSERT INTO search_fts_rebuilt (rowid, title, body, facets, scripts)
SELECT f.rowid, f.title, f.body, f.facets,
       coalesce((SELECT group_concat(s.text, char(10)) FROM post_scripts s
                  WHERE s.post_id = f.rowid AND s.state = 'visible'), '')
  FROM search_fts f
 ORDER BY f.rowid;
DROP TABLE search_fts;
ALTER TABLE search_fts_rebuilt RENAME TO search_fts;
