//! The chat hub as moderation sees it: notices sent to running rooms after an action.
use async_trait::async_trait;

use super::hub::ChatHub;
use super::room::RoomCmd;
use crate::domain::RoomId;
use crate::moderation::live::LiveRooms;

#[async_trait]
impl LiveRooms for ChatHub {
    async fn delete_message(&self, room: RoomId, id: i64) {
        self.to_room(room, RoomCmd::Delete(id)).await;
    }

    async fn reload(&self, room: RoomId) {
        self.to_room(room, RoomCmd::Reload).await;
    }

    async fn reload_all(&self) {
        ChatHub::reload_all(self).await;
    }

    async fn kick_user(&self, user_id: i64) {
        ChatHub::kick_user(self, user_id).await;
    }
}
