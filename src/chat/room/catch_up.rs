//! After a bus outage: what a room on this node could not hear from the others. It reads the
//! messages it missed, reloads moderation state and the party clock, and closes the sockets
//! of users banned or signed out meanwhile (those notices went nowhere).
use std::collections::{HashMap, HashSet};

use super::{ConnId, Room};
use crate::chat::kick::{CLOSE_BANNED, CLOSE_SIGNED_OUT};
use crate::moderation::sanctions::Kind;
use crate::time_util::now_ms;

impl Room {
    pub(super) async fn catch_up(&mut self) {
        self.fill_gap(true).await;
        if let Err(e) = self.load_moderation().await {
            tracing::error!(room = %self.name, error = %e, "reloading moderation state failed");
        }
        if let Err(e) = self.load_party().await {
            tracing::error!(room = %self.name, error = %e, "reloading party failed");
        }
        self.close_ended().await;
    }

    /// Closes the sockets of banned users (4003) and of ended sessions (4001).
    async fn close_ended(&mut self) {
        let now = now_ms();
        let banned: HashSet<i64> = self
            .blocks
            .iter()
            .filter(|(_, (kind, until))| *kind == Kind::Ban && until.is_none_or(|u| u > now))
            .map(|(user, _)| *user)
            .collect();
        let sessions: HashSet<String> = self
            .members
            .values()
            .filter_map(|m| m.user.as_ref()?.session.clone())
            .collect();
        let mut ended = HashMap::new();
        for hash in sessions {
            match crate::auth::expiry::session_user(&self.db, &hash, self.sessions).await {
                Ok(found) => {
                    ended.insert(hash, found.is_none());
                }
                // Unknown is not ended: a database hiccup must not sign everyone out.
                Err(e) => {
                    tracing::error!(room = %self.name, error = %e, "checking sessions failed")
                }
            }
        }
        let gone: Vec<(ConnId, u16)> = self
            .members
            .iter()
            .filter_map(|(conn, m)| {
                let u = m.user.as_ref()?;
                if banned.contains(&u.id) {
                    return Some((*conn, CLOSE_BANNED));
                }
                let hash = u.session.as_ref()?;
                ended
                    .get(hash)
                    .copied()
                    .unwrap_or(false)
                    .then_some((*conn, CLOSE_SIGNED_OUT))
            })
            .collect();
        for (conn, code) in gone {
            if let Some(m) = self.remove_member(conn) {
                m.kick.fire(code);
            }
        }
    }
}
