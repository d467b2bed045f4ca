-- Per-show moderators (site admins are users.is_admin).
CREATE TABLE show_moderators (
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (show_id, user_id)
);

-- Removed content stays in place for moderators; everyone else sees the reason.
ALTER TABLE posts ADD COLUMN removed_reason TEXT;
-- Held by a word filter: visible to its author and moderators until approved.
ALTER TABLE posts ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN removed_reason TEXT;
ALTER TABLE threads ADD COLUMN held INTEGER NOT NULL DEFAULT 0;

CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    created_at INTEGER NOT NULL,
    UNIQUE (target_kind, target_id, reporter_id)
);
CREATE INDEX reports_open ON reports(status, show_id);

-- warn | timeout | suspend | ban. show_id NULL = site-wide (bans).
CREATE TABLE sanctions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    show_id INTEGER REFERENCES shows(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    seen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sanctions_user ON sanctions(user_id, kind);

CREATE TABLE word_filters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    pattern TEXT NOT NULL,
    action TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (show_id, pattern)
);

-- Append-only record of every moderator action.
CREATE TABLE mod_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    show_id INTEGER,
    actor_id INTEGER NOT NULL REFERENCES users(id),
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    target_user_id INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX mod_log_show ON mod_log(show_id, id);

ALTER TABLE room_settings ADD COLUMN mods_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_messages ADD COLUMN is_mod INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shows ADD COLUMN public_modlog INTEGER NOT NULL DEFAULT 0;
