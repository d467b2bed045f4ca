-- Sealed predictions: every show gets a Predictions board (new shows get it with their
-- other default boards), and a prediction's outcome once its author or a moderator marks it.
INSERT INTO boards (show_id, slug, name, description, position)
SELECT s.id, 'predictions', 'Predictions',
       'Guesses about an episode, sealed until you have watched it.',
       (SELECT COALESCE(MAX(b.position), 0) + 1 FROM boards b WHERE b.show_id = s.id)
FROM shows s
WHERE NOT EXISTS (SELECT 1 FROM boards b WHERE b.show_id = s.id AND b.slug = 'predictions');

-- One outcome per prediction; marking again replaces it.
CREATE TABLE prediction_outcomes (
    thread_id BIGINT PRIMARY KEY REFERENCES threads(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('right', 'wrong', 'partly')),
    marked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    marked_at BIGINT NOT NULL
);
