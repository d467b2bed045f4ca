-- Post languages: a BCP-47 code from the supported content languages, detected when the
-- post is written or chosen by its author. NULL means unknown ("und"): rows written before
-- this migration keep NULL, are shown without a lang attribute and match no language filter.
ALTER TABLE posts ADD COLUMN lang TEXT;
-- 1 when the author chose the language, so that an edit does not detect it again.
ALTER TABLE posts ADD COLUMN lang_chosen BIGINT NOT NULL DEFAULT 0;
-- A thread's language is its opening post's, copied here so the thread lists filter by
-- language without reading posts.
ALTER TABLE threads ADD COLUMN lang TEXT;
CREATE INDEX threads_show_lang ON threads(show_id, lang, last_post_at DESC);
