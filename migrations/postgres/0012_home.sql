-- The home page: recent threads that have replies (or a human author), episodes dated near
-- today, and parties starting around now.
CREATE INDEX threads_discussed ON threads(last_post_at DESC, id DESC)
    WHERE post_count > 1 OR author_id IS NOT NULL;
CREATE INDEX episode_air_dates_date ON episode_air_dates(air_date);
CREATE INDEX parties_starts ON parties(starts_at);
