-- Live chat: one room per episode (ep-{id}) and per watch party (party-{id}).
CREATE TABLE parties (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    host_id INTEGER NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    -- Pauses shift the episode clock: offset = now - starts_at - paused_total_ms - (current pause).
    paused_at INTEGER,
    paused_total_ms INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX parties_episode ON parties(episode_id, starts_at);

CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    username TEXT NOT NULL,
    body TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    offset_ms INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (room, user_id, nonce)
);
CREATE INDEX chat_messages_room ON chat_messages(room, id);
CREATE INDEX chat_messages_replay ON chat_messages(room, offset_ms);

CREATE TABLE room_settings (
    room TEXT PRIMARY KEY,
    slow_mode_s INTEGER NOT NULL DEFAULT 0
);
