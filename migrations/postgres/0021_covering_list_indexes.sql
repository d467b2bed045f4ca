-- A board's or a show forum's page is found on `threads` alone before its rows are joined
-- (a deferred join). These indexes also carry the columns that list filters on (held, its
-- author, its language), so a deep page skips its rows inside the index instead of reading
-- each skipped thread from the table.
DROP INDEX threads_board_activity;
CREATE INDEX threads_board_activity
    ON threads(board_id, pinned DESC, last_post_at DESC, id DESC, held, author_id, lang);
DROP INDEX threads_show_pinned;
CREATE INDEX threads_show_pinned
    ON threads(show_id, pinned DESC, last_post_at DESC, id DESC, held, author_id, lang);
