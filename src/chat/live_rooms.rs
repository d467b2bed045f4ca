//! The hub as moderation sees it: notices sent to running rooms on every node after an
//! action.
use async_trait::async_trait;

use super::hub::ChatHub;
use crate::domain::RoomId;
use crate::moderation::live::LiveRooms;

#[async_trait]
impl LiveRooms for ChatHub {
    async fn delete_message(&self, room: RoomId, id: i64) {
        ChatHub::delete_message(self, room, id).await;
    }

    async fn reload(&self, room: RoomId) {
        ChatHub::reload(self, room).await;
    }

    async fn reload_all(&self) {
        ChatHub::reload_all(self).await;
    }

    async fn kick_user(&self, user_id: i64) {
        ChatHub::kick_user(self, user_id).await;
    }
}
