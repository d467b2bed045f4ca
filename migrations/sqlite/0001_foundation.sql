-- Times are unix milliseconds; flags are INTEGER 0/1 (readable through sqlx Any).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE shows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    synopsis TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE seasons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    UNIQUE (show_id, number)
);

CREATE TABLE boards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (show_id, slug)
);

CREATE TABLE threads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    board_id INTEGER NOT NULL REFERENCES boards(id),
    episode_id INTEGER,
    author_id INTEGER REFERENCES users(id),
    title TEXT NOT NULL,
    pinned INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    post_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_post_at INTEGER NOT NULL
);
CREATE INDEX threads_board_activity ON threads(board_id, pinned DESC, last_post_at DESC);
CREATE INDEX threads_show_activity ON threads(show_id, last_post_at DESC);
CREATE INDEX threads_activity ON threads(last_post_at DESC);

CREATE TABLE episodes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    season_id INTEGER NOT NULL REFERENCES seasons(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    synopsis TEXT NOT NULL DEFAULT '',
    runtime_min INTEGER NOT NULL DEFAULT 0,
    thread_id INTEGER REFERENCES threads(id),
    UNIQUE (show_id, code)
);

CREATE TABLE episode_air_dates (
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    air_date TEXT NOT NULL,
    PRIMARY KEY (episode_id, region)
);

-- position is the 1-based index of a post in its thread: pages are position ranges, never OFFSET scans.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id),
    position INTEGER NOT NULL,
    body_src TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (thread_id, position)
);
CREATE INDEX posts_author ON posts(author_id);
