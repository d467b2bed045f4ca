//! A member's `send`: sanctions, mods-only, length, word filters, nonce, rate limit and slow
//! mode, then the message goes to the writer.
use std::time::{Duration, Instant};

use super::{ConnId, Room};
use crate::chat::commands::PersistJob;
use crate::chat::limits::MAX_TEXT_CHARS;
use crate::db::chat::NewMessage;
use crate::i18n::Msg;
use crate::moderation::filters::{self as word_filters, Outcome};
use crate::moderation::guard::has_link;
use crate::moderation::sanctions::Kind;
use crate::time_util::now_ms;

impl Room {
    pub(super) async fn send(&mut self, conn: ConnId, text: String, nonce: Option<String>) {
        let Some((user, region)) = self
            .members
            .get(&conn)
            .and_then(|m| Some((m.user.clone()?, m.region.clone())))
        else {
            self.error(conn, "forbidden", Msg::new("chat-err-sign-in"), None);
            return;
        };
        let is_mod = user.is_admin || self.mods.contains(&user.id);
        if !is_mod {
            let now = now_ms();
            if let Some((kind, until)) = self
                .blocks
                .get(&user.id)
                .copied()
                .filter(|(_, u)| u.is_none_or(|u| u > now))
            {
                return match kind {
                    Kind::Timeout => {
                        let left = until.map(|u| u.saturating_sub(now)).unwrap_or(0).max(0);
                        let msg = Msg::new("chat-err-timed-out")
                            .arg("seconds", left.saturating_add(999) / 1000);
                        self.error(
                            conn,
                            "timed_out",
                            msg,
                            Some(Duration::from_millis(left.unsigned_abs())),
                        )
                    }
                    _ => self.error(conn, "forbidden", Msg::new("chat-err-suspended"), None),
                };
            }
            if self.mods_only {
                return self.error(conn, "forbidden", Msg::new("chat-err-mods-only"), None);
            }
        }
        let text = text.trim().to_string();
        let chars = text.chars().count();
        if chars == 0 {
            return self.error(conn, "bad_request", Msg::new("chat-err-empty"), None);
        }
        if chars > MAX_TEXT_CHARS {
            let msg = Msg::new("chat-err-too-long")
                .arg("max", MAX_TEXT_CHARS)
                .arg("count", chars);
            return self.error(conn, "too_long", msg, None);
        }
        let age = now_ms().saturating_sub(user.created_at);
        if !is_mod
            && !self.new_accounts.allow_links
            && age < self.new_accounts.min_age_ms
            && has_link(&text)
        {
            return self.error(
                conn,
                "forbidden",
                Msg::new("chat-err-new-account-links"),
                None,
            );
        }
        let text = match word_filters::apply(&text, &self.filters) {
            Outcome::Allow(t) => t,
            Outcome::Block(word) => {
                let msg = Msg::new("chat-err-blocked-word").arg("word", word);
                return self.error(conn, "forbidden", msg, None);
            }
            // Live chat cannot wait for review: a held word keeps the message out of the room.
            Outcome::Hold(_) => {
                return self.error(conn, "forbidden", Msg::new("chat-err-held-word"), None)
            }
        };
        let nonce = match nonce {
            Some(n) if n.is_empty() || n.len() > 64 => {
                return self.error(conn, "bad_request", Msg::new("chat-err-nonce"), None)
            }
            Some(n) => n,
            None => crate::domain::new_token(),
        };
        let key = (user.id, nonce.clone());
        if let Some(waiting) = self.in_flight.get_mut(&key) {
            // A resend while the first copy is being stored: ack both when it lands.
            waiting.push(conn);
            return;
        }
        let now = Instant::now();
        // Slow mode first: it is this room's own rule, and a refusal here must not use up
        // one of the user's sends across all rooms.
        if self.slow_mode_s > 0 && !is_mod {
            let gap = Duration::from_secs(self.slow_mode_s.unsigned_abs());
            if let Some(last) = self.last_sent.get(&user.id) {
                let since = now.saturating_duration_since(*last);
                if since < gap {
                    let msg = Msg::new("chat-err-slow-mode").arg("seconds", self.slow_mode_s);
                    return self.error(conn, "slow_mode", msg, Some(gap.saturating_sub(since)));
                }
            }
        }
        // The cluster-wide window when the bus has one, else this node's own.
        let limits = &self.limits;
        let taken = match self
            .bus
            .take_send(user.id, limits.rate_count, limits.rate_window)
            .await
        {
            Some(taken) => taken,
            None => self.rate.try_take(user.id, now),
        };
        if let Err(retry) = taken {
            return self.error(
                conn,
                "rate_limited",
                Msg::new("chat-err-too-fast"),
                Some(retry),
            );
        }
        self.last_sent.insert(user.id, now);
        let created_at = now_ms();
        let offset_ms = self.party.as_ref().and_then(|p| p.offset_at(created_at));
        self.in_flight.insert(key, vec![conn]);
        let msg = NewMessage {
            room: self.name.to_string(),
            show_id: self.show_id,
            user_id: user.id,
            username: user.name,
            text,
            nonce,
            created_at,
            offset_ms,
            is_mod,
            region: Some(region),
        };
        // The room is running this very call, so its channel is open and the upgrade succeeds.
        let Some(reply) = self.self_tx.upgrade() else {
            self.in_flight.remove(&(msg.user_id, msg.nonce));
            return;
        };
        let job = PersistJob { msg, conn, reply };
        if self.persister.send(job).await.is_err() {
            self.error(conn, "unavailable", Msg::new("chat-err-storage-down"), None);
        }
    }
}
