-- Sessions end after 14 idle days (configurable); the last request of a session is
-- recorded at most every few minutes.
ALTER TABLE sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen = created_at;
CREATE INDEX sessions_last_seen ON sessions(last_seen);
CREATE INDEX sessions_created ON sessions(created_at);
