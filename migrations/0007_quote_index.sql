-- 0007_quote_index.sql: an index for "which replies quote this post".
-- The thread page asks it for every removed reply (a placeholder stays when others quoted
-- or answered it), and the foreign key's ON DELETE SET NULL asks it on every post deletion;
-- without the index both scan the whole posts table.
CREATE INDEX posts_quote ON posts(quote_post_id) WHERE quote_post_id IS NOT NULL;
