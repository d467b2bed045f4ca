-- Follows and notifications.
-- Whether a reply or a new thread makes its author follow the thread (account setting).
ALTER TABLE users ADD COLUMN auto_follow BIGINT NOT NULL DEFAULT 1;

-- What a user follows: kind 'show', 'board', 'thread' or 'party'; target_id is that row's id.
-- muted = 1 records an explicit unfollow, so replying again does not re-follow the thread.
CREATE TABLE follows (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    muted BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
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
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    dedupe TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    show_id BIGINT,
    thread_id BIGINT,
    post_id BIGINT,
    episode_id BIGINT,
    party_id BIGINT,
    reason TEXT,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    emailed_at BIGINT,
    UNIQUE (user_id, dedupe)
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

-- Per user and kind: shown on the site (web) and emailed ('off' | 'instant' | 'digest').
-- No row means the default: web on, email off.
CREATE TABLE notification_prefs (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    web BIGINT NOT NULL DEFAULT 1,
    email TEXT NOT NULL DEFAULT 'off',
    PRIMARY KEY (user_id, kind)
);
