-- Follows and notifications.
-- Whether a reply or a new thread makes its author follow the thread (account setting).
ALTER TABLE users ADD COLUMN auto_follow INTEGER NOT NULL DEFAULT 1;

-- What a user follows: kind 'show', 'board', 'thread' or 'party'; target_id is that row's id.
-- muted = 1 records an explicit unfollow, so replying again does not re-follow the thread.
CREATE TABLE follows (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    muted INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, target_id)
);
CREATE INDEX follows_target ON follows(kind, target_id);

-- One row per thing a user is told about. Only ids are stored: the text is built when the
-- notification is shown, through the visibility gate, so a post removed later, or a thread
-- the reader has not watched up to, never shows its words here.
-- kind: reply | quote | mention | new_thread | party | moderation | episode.
-- dedupe names the cause ('post:12', 'party:3', 'episode:9:FR', 'mod:41'): one notification
-- per user and cause, so a post that mentions and quotes you notifies once, and a timed
-- notification written by two nodes at once is written once.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    dedupe TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    show_id INTEGER,
    thread_id INTEGER,
    post_id INTEGER,
    episode_id INTEGER,
    party_id INTEGER,
    reason TEXT,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    emailed_at INTEGER,
    UNIQUE (user_id, dedupe)
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

-- Per user and kind: shown on the site (web) and emailed ('off' | 'instant' | 'digest').
-- No row means the default: web on, email off.
CREATE TABLE notification_prefs (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    web INTEGER NOT NULL DEFAULT 1,
    email TEXT NOT NULL DEFAULT 'off',
    PRIMARY KEY (user_id, kind)
);
