-- Profiles, account settings, email, password resets and account deletion.
-- bio is the Markdown as written; bio_html the sanitized rendering the profile prints.
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN bio_html TEXT NOT NULL DEFAULT '';
-- Interface language: en | fr | de | es | pt-BR.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
-- 1 = the profile shows watch progress per show (opt-in).
ALTER TABLE users ADD COLUMN show_progress INTEGER NOT NULL DEFAULT 0;
-- The confirmed address only: a new address waits in account_tokens until its link is opened.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
-- A deleted account keeps its row as a tombstone (posts, chat, reports, sanctions and the
-- mod log point at it): username 'deleted user', no password, no address, no sessions.
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
CREATE UNIQUE INDEX users_email_lower ON users(lower(email));

-- Single-use links: purpose 'reset' (password reset) or 'email' (confirm `email` as the
-- account's address). Only the SHA-256 of the token is stored, as for sessions.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    email TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens(user_id);

-- Mail to send, written in the transaction of its cause and deleted once the SMTP server
-- accepted it. next_attempt_at doubles as a claim: a sender moves it ahead before sending,
-- so two nodes never send one message twice at once.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at);
