-- Reactions on posts and polls in a thread's first post.
-- One of each reaction per user per post: the key says it, so toggling is an insert or a
-- delete and two clicks at once cannot count twice.
CREATE TABLE post_reactions (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reaction TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id, reaction)
);

-- At most one poll per thread. closes_at is the resolved instant (unix ms), also when the
-- author chose "when the episode airs in my region"; NULL never closes.
CREATE TABLE polls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL UNIQUE REFERENCES threads(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    multiple INTEGER NOT NULL DEFAULT 0,
    closes_at INTEGER,
    created_at INTEGER NOT NULL
);

CREATE TABLE poll_options (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    UNIQUE (poll_id, position)
);

-- Who has voted: one row per user and poll. Writing it first locks the voter's row, so two
-- vote changes by one user at once replace each other instead of mixing.
CREATE TABLE poll_voters (
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    voted_at INTEGER NOT NULL,
    PRIMARY KEY (poll_id, user_id)
);

CREATE TABLE poll_votes (
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL REFERENCES poll_options(id) ON DELETE CASCADE,
    PRIMARY KEY (poll_id, user_id, option_id)
);
CREATE INDEX poll_votes_option ON poll_votes(option_id);
