-- Ratings of episodes by those who watched them: one per user and episode, replaced when
-- the user rates again. The rater's region at rating time is kept for per-region averages.
CREATE TABLE episode_ratings (
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
    region TEXT NOT NULL,
    rated_at INTEGER NOT NULL,
    PRIMARY KEY (episode_id, user_id)
);
