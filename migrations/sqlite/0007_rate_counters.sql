-- Fixed-window counters for abuse limits (failed logins per IP and per account, sign-ups per
-- IP, parties and reports per user), kept in the database so every node sees the same count.
CREATE TABLE rate_counters (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);
CREATE INDEX rate_counters_last_at ON rate_counters (last_at);
