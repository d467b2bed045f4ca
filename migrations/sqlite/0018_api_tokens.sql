-- Personal API tokens for the read-only JSON API (`Authorization: Bearer …`). Only the
-- SHA-256 of a token is stored, as for sessions; the token itself is shown once.
-- A revoked token keeps its row (revoked_at set) so the owner's list can say so.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
