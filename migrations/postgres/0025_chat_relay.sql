-- The sender's region when a message was sent: the premiere relay replays the first
-- airing's messages to later regions, and keeps a later region's live room free of
-- messages from viewers who are ahead of it. NULL for messages sent before it was kept.
ALTER TABLE chat_messages ADD COLUMN sender_region TEXT;
-- The relay reads one room's messages in send-time order from the first air instant.
CREATE INDEX chat_messages_room_time ON chat_messages(room, created_at, id);
-- A watch party that includes the relay: its room replays the first airing's messages at
-- the party clock's offsets. 0/1.
ALTER TABLE parties ADD COLUMN relay BIGINT NOT NULL DEFAULT 0;
