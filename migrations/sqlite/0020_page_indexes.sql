-- Indexes the pages' lists are ordered by, found by checking each page's query plan on a
-- big community (BENCHMARKS.md, "Community scale"): each list reads its rows in index order
-- and stops, instead of sorting a whole board, show or episode first.

-- A board's list: pinned first, then by activity, ties by id (the id was missing, so every
-- page sorted its board's rows again).
DROP INDEX threads_board_activity;
CREATE INDEX threads_board_activity ON threads(board_id, pinned DESC, last_post_at DESC, id DESC);
-- The show page's recent threads (by activity, ties by id) and the show's whole forum
-- (pinned first, like a board).
DROP INDEX threads_show_activity;
CREATE INDEX threads_show_activity ON threads(show_id, last_post_at DESC, id DESC);
CREATE INDEX threads_show_pinned ON threads(show_id, pinned DESC, last_post_at DESC, id DESC);
-- An episode's threads (its page): most threads name no episode.
CREATE INDEX threads_episode ON threads(episode_id, pinned DESC, last_post_at DESC)
    WHERE episode_id IS NOT NULL;
-- A show's seasons with their episodes in order (the show page).
CREATE INDEX episodes_season ON episodes(season_id, number);
