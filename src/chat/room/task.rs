//! The room task: loads its state, then serves commands and the presence tick until every
//! sender is gone.

use tokio::sync::mpsc;

use super::{ConnId, Member, Room, RoomCmd, PRESENCE_EVERY};
use crate::chat::protocol::{Frame, ServerMsg};

impl Room {
    pub(super) async fn run(mut self, mut rx: mpsc::Receiver<RoomCmd>) {
        if let Err(e) = self.load().await {
            tracing::error!(room = %self.name, error = %e, "loading room state failed");
        }
        let mut presence = tokio::time::interval(PRESENCE_EVERY);
        presence.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let gap = self.gap_deadline;
            let gap_closes = async move {
                match gap {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(cmd) => self.handle(cmd).await,
                    None => break,
                },
                _ = presence.tick() => self.presence_tick(),
                _ = gap_closes => self.fill_gap(false).await,
            }
        }
        tracing::debug!(room = %self.name, "room stopped");
    }

    async fn handle(&mut self, cmd: RoomCmd) {
        match cmd {
            RoomCmd::Join {
                conn,
                user,
                after,
                tx,
                kick,
                tr,
                region,
                after_hello,
                from_db,
            } => {
                self.joins_seen += 1;
                let airing = self.airings.as_ref().and_then(|a| a.later_airing(&region));
                let member = Member {
                    user,
                    tx,
                    kick,
                    tr,
                    region,
                    airing,
                };
                self.add_member(conn, member);
                self.hello(conn, after, from_db, after_hello);
            }
            RoomCmd::Leave { conn } => {
                self.remove_member(conn);
                self.maybe_idle().await;
            }
            RoomCmd::Send { conn, text, nonce } => self.send(conn, text, nonce).await,
            RoomCmd::Reacted { conn, key } => self.reacted(conn, key),
            RoomCmd::Resume {
                conn,
                after,
                from_db,
            } => self.resume(conn, after, from_db),
            RoomCmd::Stored(batch) => self.stored(batch),
            RoomCmd::Remote(msgs) => self.remote(msgs),
            RoomCmd::CatchUp => self.catch_up().await,
            RoomCmd::RemoteOnline(n) => self.remote_online = n,
            RoomCmd::StoreFailed { conn, msg } => {
                self.in_flight.remove(&(msg.user_id, msg.nonce));
                self.error(
                    conn,
                    "unavailable",
                    crate::i18n::Msg::new("chat-err-not-saved"),
                    None,
                );
                self.maybe_idle().await;
            }
            RoomCmd::SetSlowMode(s) => self.slow_mode_s = s.max(0),
            RoomCmd::Reload => {
                if let Err(e) = self.load_moderation().await {
                    tracing::error!(room = %self.name, error = %e, "reloading moderation state failed");
                }
            }
            RoomCmd::Delete(id) => {
                self.backlog.retain(|m| m.id != id);
                self.broadcast(Frame::from(ServerMsg::Deleted { id }.to_json()));
            }
            RoomCmd::KickUser {
                user: user_id,
                code,
            } => {
                let gone: Vec<ConnId> = self
                    .members
                    .iter()
                    .filter(|(_, m)| m.user.as_ref().is_some_and(|u| u.id == user_id))
                    .map(|(c, _)| *c)
                    .collect();
                for conn in gone {
                    if let Some(m) = self.remove_member(conn) {
                        m.kick.fire(code);
                    }
                }
            }
            RoomCmd::PartyChanged => {
                if let Err(e) = self.load_party().await {
                    tracing::error!(room = %self.name, error = %e, "reloading party failed");
                }
            }
        }
    }
}
