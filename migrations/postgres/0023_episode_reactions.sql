-- One-tap reactions in live rooms and watch parties, kept for the episode's reaction
-- timeline: when in the episode (offset_ms from the reactor's air time, or the party's
-- clock; NULL before the episode had started for them) and the reactor's region then.
CREATE TABLE episode_reactions (
    id BIGSERIAL PRIMARY KEY,
    episode_id BIGINT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    room TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reaction TEXT NOT NULL,
    region TEXT NOT NULL,
    offset_ms BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX episode_reactions_timeline ON episode_reactions(episode_id, offset_ms);
