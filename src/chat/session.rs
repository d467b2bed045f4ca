//! One WebSocket connection: reads client frames into the room, writes the room's frames out,
//! keeps the connection alive with pings, and closes 4008 "slow" when it falls behind.
//!
//! Resumes that reach past the room's in-memory backlog are read from the database here, in
//! the connection's own task, a page at a time, so a client cannot make the room wait on a
//! query. Fragmented messages are reassembled up to `MAX_FRAME_BYTES` (then 1009).
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_ws::{
    AggregatedMessage, AggregatedMessageStream, CloseCode, CloseReason, MessageStream,
    ProtocolError, Session,
};
use futures_util::StreamExt;
use tokio::sync::{mpsc, oneshot};

use super::commands::Joining;
use super::hub::ChatHub;
use super::kick::{Kick, CLOSE_BANNED, CLOSE_SIGNED_OUT};
use super::limits::{ChatLimits, MAX_FRAME_BYTES};
use super::protocol::{error_json, message_json, ClientMsg, Frame, ServerMsg, TaggedMessage};
use super::room::{next_conn_id, ChatUser, FromDb, RoomCmd};
use super::sockets::SocketPermit;
use crate::domain::RoomId;

fn kicked(code: Option<u16>) -> Option<CloseReason> {
    match code {
        Some(CLOSE_BANNED) => close_reason(CloseCode::Other(CLOSE_BANNED), "banned"),
        Some(CLOSE_SIGNED_OUT) => close_reason(CloseCode::Other(CLOSE_SIGNED_OUT), "signed out"),
        Some(code) => close_reason(CloseCode::Other(code), "slow"),
        // The room's task ended: the client reconnects and resumes from its last id.
        None => close_reason(CloseCode::Restart, "room restarted"),
    }
}

fn close_reason(code: CloseCode, text: &str) -> Option<CloseReason> {
    Some(CloseReason {
        code,
        description: Some(text.to_string()),
    })
}

/// actix-ws reports a reassembled message over its limit as an I/O error of its own.
fn is_oversized(e: &ProtocolError) -> bool {
    match e {
        ProtocolError::Overflow => true,
        ProtocolError::Io(io) => io.to_string().contains("continuation size"),
        _ => false,
    }
}

pub struct SessionArgs {
    pub hub: ChatHub,
    pub room: RoomId,
    pub user: Option<ChatUser>,
    pub after: Option<i64>,
    pub limits: ChatLimits,
    /// This socket's share of the connection limits, given back when the session ends.
    pub permit: SocketPermit,
    /// The viewer's interface language, for the error frames this socket receives.
    pub tr: crate::i18n::Tr,
}

/// `resume` frames this connection sent within the last minute.
struct ResumeBudget {
    per_minute: usize,
    times: VecDeque<Instant>,
}

impl ResumeBudget {
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let window = Duration::from_secs(60);
        while self
            .times
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= window)
        {
            self.times.pop_front();
        }
        if self.times.len() >= self.per_minute {
            return Err(self
                .times
                .front()
                .map(|t| window.saturating_sub(now.saturating_duration_since(*t)))
                .unwrap_or(window));
        }
        self.times.push_back(now);
        Ok(())
    }
}

/// Reads one resume page from the database; a failed read sends an error frame instead.
async fn db_page(args: &SessionArgs, after: i64, from_db: FromDb) -> Result<Vec<String>, String> {
    match args
        .hub
        .resume_page(args.room, after, from_db, args.limits.resume_page)
        .await
    {
        Ok(msgs) => Ok(msgs.iter().map(message_json).collect()),
        Err(e) => {
            tracing::error!(room = %args.room, error = %e, "resume query failed");
            Err(error_json(
                "unavailable",
                &args.tr.t("chat-err-resume-failed"),
                None,
            ))
        }
    }
}

/// The hello for a join whose `after` the room could not answer from memory.
async fn hello_from_db(args: &SessionArgs, after: i64, from_db: FromDb) -> String {
    let backlog = match args
        .hub
        .resume_page(args.room, after, from_db, args.limits.resume_page)
        .await
    {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(room = %args.room, error = %e, "resume query failed");
            Vec::new()
        }
    };
    let name = args.room.to_string();
    ServerMsg::Hello {
        room: &name,
        online: from_db.online,
        slow_mode_s: from_db.slow_mode_s,
        backlog: backlog.iter().map(TaggedMessage::new).collect(),
    }
    .to_json()
}

pub async fn run(args: SessionArgs, mut session: Session, stream: MessageStream) {
    let mut stream: AggregatedMessageStream = stream
        .max_frame_size(MAX_FRAME_BYTES)
        .aggregate_continuations()
        .max_continuation_size(MAX_FRAME_BYTES);
    let conn = next_conn_id();
    let (tx, mut rx) = mpsc::channel::<Frame>(args.limits.outbound_queue);
    let kick = Arc::new(Kick::default());
    let Some(joined) = args
        .hub
        .join(
            args.room,
            conn,
            Joining {
                user: args.user.clone(),
                after: args.after,
                tr: args.tr,
            },
            tx,
            kick.clone(),
        )
        .await
    else {
        let _ = session
            .close(close_reason(CloseCode::Error, "chat unavailable"))
            .await;
        return;
    };
    let room = joined.room;
    // The room either queued the hello or says where the database must be read; written
    // before the loop drains the queue, so later broadcasts follow it.
    if let (Some(after), Ok(from_db)) = (args.after, joined.from_db.await) {
        let hello = hello_from_db(&args, after, from_db).await;
        if session.text(hello).await.is_err() {
            let _ = room.send(RoomCmd::Leave { conn }).await;
            return;
        }
        args.hub.metrics().chat_frames_out.inc();
    }
    let mut resumes = ResumeBudget {
        per_minute: args.limits.resumes_per_minute,
        times: VecDeque::new(),
    };
    let mut ping = args.hub.ping_clock();
    let mut last_pong = Instant::now();

    let reason: Option<CloseReason> = loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(frame) => {
                    // A write that cannot finish (client not reading) must not outlive a kick.
                    tokio::select! {
                        r = session.text(frame) => match r {
                            Ok(()) => args.hub.metrics().chat_frames_out.inc(),
                            Err(_) => break None,
                        },
                        code = kick.fired() => break kicked(Some(code)),
                    }
                }
                // The room dropped us: we fell behind, or its task ended.
                None => break kicked(kick.code()),
            },
            code = kick.fired() => break kicked(Some(code)),
            ticked = ping.changed() => {
                // The clock stops only with the hub: the node is shutting down.
                if ticked.is_err() {
                    break close_reason(CloseCode::Away, "server shutting down");
                }
                if last_pong.elapsed() > args.limits.pong_timeout {
                    break close_reason(CloseCode::Away, "no pong");
                }
                if session.ping(b"").await.is_err() {
                    break None;
                }
            }
            incoming = stream.next() => match incoming {
                Some(Ok(AggregatedMessage::Text(text))) => {
                    let replies = match serde_json::from_str::<ClientMsg>(&text) {
                        Ok(ClientMsg::Send { text, nonce }) => {
                            if room.send(RoomCmd::Send { conn, text, nonce }).await.is_err() { break None }
                            Vec::new()
                        }
                        Ok(ClientMsg::Resume { after }) => match resumes.take(Instant::now()) {
                            Err(retry) => vec![error_json(
                                "rate_limited",
                                &args.tr.t("chat-err-too-many-resumes"),
                                Some(retry.as_millis().try_into().unwrap_or(u64::MAX)),
                            )],
                            Ok(()) => {
                                let (from_db_tx, from_db_rx) = oneshot::channel();
                                let cmd = RoomCmd::Resume { conn, after, from_db: from_db_tx };
                                if room.send(cmd).await.is_err() { break None }
                                match from_db_rx.await {
                                    // The room answered from memory through the queue.
                                    Err(_) => Vec::new(),
                                    Ok(from_db) => match db_page(&args, after, from_db).await {
                                        Ok(frames) => frames,
                                        Err(error) => vec![error],
                                    },
                                }
                            }
                        },
                        Err(e) => vec![error_json("bad_request", &args.tr.t1("chat-err-unreadable", "detail", e.to_string()), None)],
                    };
                    let mut gone = false;
                    for reply in replies {
                        if session.text(reply).await.is_err() { gone = true; break; }
                        args.hub.metrics().chat_frames_out.inc();
                    }
                    if gone { break None }
                }
                Some(Ok(AggregatedMessage::Binary(_))) => {
                    if session.text(error_json("bad_request", &args.tr.t("chat-err-not-text"), None)).await.is_err() { break None }
                    args.hub.metrics().chat_frames_out.inc();
                }
                Some(Ok(AggregatedMessage::Ping(bytes))) => {
                    last_pong = Instant::now();
                    if session.pong(&bytes).await.is_err() { break None }
                }
                Some(Ok(AggregatedMessage::Pong(_))) => last_pong = Instant::now(),
                Some(Ok(AggregatedMessage::Close(_))) | None => break None,
                Some(Err(e)) if is_oversized(&e) => break close_reason(CloseCode::Size, "frame too large"),
                Some(Err(_)) => break close_reason(CloseCode::Protocol, "protocol error"),
            },
        }
    };
    let _ = room.send(RoomCmd::Leave { conn }).await;
    // The client may not be reading at all: give the close frame a moment, no more.
    let _ = tokio::time::timeout(Duration::from_secs(1), session.close(reason)).await;
    drop(args.permit);
}
