-- The newest message id of each chat room. The writer locks a room's row before storing its
-- messages, so a room's ids are handed out one transaction at a time on every node, and each
-- stored message knows the one before it in its room (what live delivery orders by).
CREATE TABLE chat_room_heads (
    room TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);
INSERT INTO chat_room_heads (room, last_id) SELECT room, MAX(id) FROM chat_messages GROUP BY room;
