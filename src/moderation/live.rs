//! What moderation tells the live chat rooms after an action commits. The chat layer
//! implements it (chat already depends on moderation, so moderation cannot call chat).
use async_trait::async_trait;

use crate::domain::RoomId;

#[async_trait]
pub trait LiveRooms: Send + Sync {
    /// The message is gone: connected clients drop it and it leaves the room's backlog.
    async fn delete_message(&self, room: RoomId, id: i64);
    /// The room reloads its settings, roles, sanctions and filters.
    async fn reload(&self, room: RoomId);
    /// Every running room reloads (roles, sanctions or filters changed).
    async fn reload_all(&self);
    /// Every connection of this user closes (a site ban).
    async fn kick_user(&self, user_id: i64);
}
