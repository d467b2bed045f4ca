-- Times are unix milliseconds; flags are BIGINT 0/1 (readable through sqlx Any).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE shows (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    synopsis TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE seasons (
    id BIGSERIAL PRIMARY KEY,
    show_id BIGINT NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    UNIQUE (show_id, number)
);

CREATE TABLE boards (
    id BIGSERIAL PRIMARY KEY,
    show_id BIGINT NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0,
    UNIQUE (show_id, slug)
);

CREATE TABLE threads (
    id BIGSERIAL PRIMARY KEY,
    show_id BIGINT NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    board_id BIGINT NOT NULL REFERENCES boards(id),
    episode_id BIGINT,
    author_id BIGINT REFERENCES users(id),
    title TEXT NOT NULL,
    pinned BIGINT NOT NULL DEFAULT 0,
    locked BIGINT NOT NULL DEFAULT 0,
    post_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    last_post_at BIGINT NOT NULL
);
CREATE INDEX threads_board_activity ON threads(board_id, pinned DESC, last_post_at DESC);
CREATE INDEX threads_show_activity ON threads(show_id, last_post_at DESC);
CREATE INDEX threads_activity ON threads(last_post_at DESC);

CREATE TABLE episodes (
    id BIGSERIAL PRIMARY KEY,
    show_id BIGINT NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    season_id BIGINT NOT NULL REFERENCES seasons(id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    synopsis TEXT NOT NULL DEFAULT '',
    runtime_min BIGINT NOT NULL DEFAULT 0,
    thread_id BIGINT REFERENCES threads(id),
    UNIQUE (show_id, code)
);

CREATE TABLE episode_air_dates (
    episode_id BIGINT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    air_date TEXT NOT NULL,
    PRIMARY KEY (episode_id, region)
);

-- position is the 1-based index of a post in its thread: pages are position ranges, never OFFSET scans.
CREATE TABLE posts (
    id BIGSERIAL PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id),
    position BIGINT NOT NULL,
    body_src TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted BIGINT NOT NULL DEFAULT 0,
    UNIQUE (thread_id, position)
);
CREATE INDEX posts_author ON posts(author_id);
