//! SQL shared by the queries that need a chat message's episode.

/// Joins a chat message `m` to the episode its room discusses (`ep-{id}` or a party's):
/// `FROM chat_messages m {ROOM_EPISODE_JOIN}` makes `e` that episode.
pub const ROOM_EPISODE_JOIN: &str =
    "LEFT JOIN parties pa ON m.room = 'party-' || CAST(pa.id AS TEXT) \
     JOIN episodes e ON e.id = COALESCE(pa.episode_id, \
     CASE WHEN m.room LIKE 'ep-%' THEN CAST(SUBSTR(m.room, 4) AS BIGINT) END)";
