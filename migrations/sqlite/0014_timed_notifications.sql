-- Timed notifications: a party's start and an episode's airing, announced once per site.
-- When a party's followers were told it is starting; NULL until then. The sweep looks only
-- at parties not yet announced whose start has come, so it stays cheap as parties pile up.
ALTER TABLE parties ADD COLUMN announced_at INTEGER;
CREATE INDEX parties_unannounced ON parties(starts_at) WHERE announced_at IS NULL;

-- One row per episode and region whose airing was announced to the show's followers in
-- that region: the claim that makes two nodes sweeping at once announce it once.
CREATE TABLE episode_announcements (
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (episode_id, region)
);

-- The sweep finds episodes by air date through episode_air_dates_date (migration 0012).
