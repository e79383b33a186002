-- 0012_search_prefixes.sql: the search index keeps prefix indexes of 3 and 4 characters,
-- so a search for "pati*" reads one list of posts instead of merging the lists of every
-- word that starts so (about 0.9 s at 1,000,000 posts before). The index is rebuilt from its
-- own stored text (forumd prints its progress; docs/PERFORMANCE.md says how long it took).
CREATE VIRTUAL TABLE search_fts_rebuilt USING fts5(title, body,
	tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3 4');
INSERT INTO search_fts_rebuilt (rowid, title, body) SELECT rowid, title, body FROM search_fts;
DROP TABLE search_fts;
ALTER TABLE search_fts_rebuilt RENAME TO search_fts;
