-- Spoiler shield: the viewer's region, what they have watched, and what a thread spoils.
ALTER TABLE users ADD COLUMN region TEXT;
-- Days after the earliest air date at which an episode counts as aired in a region with no date.
ALTER TABLE shows ADD COLUMN spoiler_delay_days BIGINT;
ALTER TABLE threads ADD COLUMN spoils_up_to BIGINT;

CREATE TABLE watched (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    episode_id BIGINT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, episode_id)
);
