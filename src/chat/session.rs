//! One WebSocket connection: reads client frames into the room, keeps the connection alive
//! with pings, and closes 4008 "slow" when it falls behind. The room's frames do not pass
//! through this task: they go from the room's queue straight to the connection
//! (`chat::outgoing`); this task only opens and pauses that queue and adds its own frames.
//!
//! Resumes that reach past the room's in-memory backlog are read from the database here, in
//! the connection's own task, a page at a time, so a client cannot make the room wait on a
//! query. Fragmented messages are reassembled up to `MAX_FRAME_BYTES` (then 1009).
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::HttpResponse;
use actix_ws::{
    AggregatedMessage, AggregatedMessageStream, CloseCode, CloseReason, MessageStream,
    ProtocolError, Session,
};
use futures_util::StreamExt;
use tokio::sync::{mpsc, oneshot};

use super::commands::Joining;
use super::hub::ChatHub;
use super::kick::{close_reason, kicked, Kick};
use super::limits::{ChatLimits, MAX_FRAME_BYTES};
use super::outgoing::{Control, Outgoing};
use super::protocol::{
    error_json, message_json, react_error_json, ClientMsg, Frame, ServerMsg, TaggedMessage,
};
use super::reactions::Reactor;
use super::relay::Relay;
use super::room::{next_conn_id, ChatUser, FromDb, RoomCmd};
use super::sockets::SocketPermit;
use crate::domain::RoomId;
use crate::time_util::now_ms;

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
    /// The viewer's region when the socket opened: which airing they watch, and the region
    /// their reactions count for.
    pub region: String,
    /// Whether the premiere relay starts on (`?relay=0` turns it off).
    pub relay: bool,
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
async fn db_page(
    args: &SessionArgs,
    relay: Option<&Relay>,
    after: i64,
    from_db: FromDb,
) -> Result<Vec<String>, String> {
    match args
        .hub
        .resume_page(args.room, after, from_db, args.limits.resume_page)
        .await
    {
        Ok(msgs) => Ok(msgs
            .iter()
            .filter(|m| relay.is_none_or(|r| r.live_to(m)))
            .map(message_json)
            .collect()),
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
async fn hello_from_db(
    args: &SessionArgs,
    relay: Option<&Relay>,
    after: i64,
    from_db: FromDb,
) -> String {
    let mut backlog = match args
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
    backlog.retain(|m| relay.is_none_or(|r| r.live_to(m)));
    let name = args.room.to_string();
    ServerMsg::Hello {
        room: &name,
        online: from_db.online,
        slow_mode_s: from_db.slow_mode_s,
        backlog: backlog.iter().map(TaggedMessage::new).collect(),
    }
    .to_json()
}

async fn load_relay(args: &SessionArgs) -> Option<Relay> {
    match args
        .hub
        .relay(args.room, &args.region, args.relay, args.limits.resume_page)
        .await
    {
        Ok(relay) => relay,
        Err(e) => {
            tracing::error!(room = %args.room, error = %e, "loading the relay failed");
            None
        }
    }
}

/// The relay's frames now: after a change of switch or clock (`changed`) its new state and
/// what that makes due, else what came due. A failed read is retried at the next change.
async fn relay_frames(args: &SessionArgs, relay: Option<&mut Relay>, changed: bool) -> Vec<String> {
    let Some(r) = relay else {
        return Vec::new();
    };
    let now = now_ms();
    let read = if changed {
        r.catch_up(now).await
    } else {
        r.tick(now).await
    };
    let mut frames = if changed {
        vec![r.status_json(now)]
    } else {
        Vec::new()
    };
    match read {
        Ok(relayed) => frames.extend(relayed),
        Err(e) => {
            tracing::error!(room = %args.room, error = %e, "reading the relay failed");
            frames.push(error_json(
                "unavailable",
                &args.tr.t("chat-err-relay-failed"),
                None,
            ));
        }
    }
    frames
}

fn no_relay(args: &SessionArgs) -> String {
    error_json("bad_request", &args.tr.t("chat-err-no-relay"), None)
}

/// How many of the session's own frames (replies, pings, the close) may wait to be written.
const CONTROL_QUEUE: usize = 16;

/// Takes over an accepted WebSocket: its reader goes to a new session task, and the
/// response writes what the room and the session queue for it.
pub fn start(
    args: SessionArgs,
    (resp, session, stream): (HttpResponse, Session, MessageStream),
) -> HttpResponse {
    // actix-ws's own writer is not used; its queue ends here.
    drop(session);
    let (room_tx, room_rx) = mpsc::channel::<Frame>(args.limits.outbound_queue);
    let (control_tx, control_rx) = mpsc::channel::<Control>(CONTROL_QUEUE);
    let kick = Arc::new(Kick::default());
    let frames_out = args.hub.metrics().chat_frames_out.clone();
    let body_kick = kick.clone();
    let resp = resp
        .map_body(move |_, reader_signal| {
            actix_web::body::BodyStream::new(Outgoing::new(
                room_rx,
                control_rx,
                body_kick,
                frames_out,
                reader_signal,
            ))
        })
        .map_into_boxed_body();
    actix_web::rt::spawn(run(
        args,
        Conn {
            control: control_tx,
            kick,
        },
        room_tx,
        stream,
    ));
    resp
}

/// The session's side of its connection.
struct Conn {
    control: mpsc::Sender<Control>,
    kick: Arc<Kick>,
}

impl Conn {
    /// Queues `c`; on failure, the close to send instead (none if the connection is gone).
    /// A client that stopped reading must not hold the session past a kick.
    async fn say(&self, c: Control) -> Result<(), Option<CloseReason>> {
        tokio::select! {
            r = self.control.send(c) => r.map_err(|_| None),
            code = self.kick.fired() => Err(kicked(Some(code))),
        }
    }

    /// Queues each of `frames` in turn; stops at the first that cannot go.
    async fn say_all(&self, frames: Vec<String>) -> Result<(), Option<CloseReason>> {
        for frame in frames {
            self.say(Control::Text(Frame::from(frame))).await?;
        }
        Ok(())
    }
}

async fn run(
    args: SessionArgs,
    conn_io: Conn,
    room_tx: mpsc::Sender<Frame>,
    stream: MessageStream,
) {
    let mut stream: AggregatedMessageStream = stream
        .max_frame_size(MAX_FRAME_BYTES)
        .aggregate_continuations()
        .max_continuation_size(MAX_FRAME_BYTES);
    let conn = next_conn_id();
    let mut relay = load_relay(&args).await;
    // The relay's state and what it has due go out right after the hello.
    let mut after_hello = Vec::new();
    if let Some(r) = relay.as_mut().filter(|r| r.has_clock()) {
        let now = now_ms();
        after_hello.push(r.status_json(now));
        match r.catch_up(now).await {
            Ok(frames) => after_hello.extend(frames),
            Err(e) => tracing::error!(room = %args.room, error = %e, "reading the relay failed"),
        }
    }
    let after_hello: Vec<Frame> = after_hello.into_iter().map(Frame::from).collect();
    let Some(joined) = args
        .hub
        .join(
            args.room,
            conn,
            Joining {
                user: args.user.clone(),
                after: args.after,
                tr: args.tr,
                region: args.region.clone(),
                after_hello: after_hello.clone(),
            },
            room_tx,
            conn_io.kick.clone(),
        )
        .await
    else {
        let _ = conn_io.control.try_send(Control::Close(close_reason(
            CloseCode::Error,
            "chat unavailable",
        )));
        return;
    };
    let room = joined.room;
    // The room either queued the hello or says where the database must be read; written
    // before the room's queue opens, so later broadcasts follow it.
    if let (Some(after), Ok(from_db)) = (args.after, joined.from_db.await) {
        let hello = hello_from_db(&args, relay.as_ref(), after, from_db).await;
        let mut frames = vec![Control::Text(Frame::from(hello))];
        frames.extend(after_hello.into_iter().map(Control::Text));
        for frame in frames {
            if conn_io.say(frame).await.is_err() {
                let _ = room.send(RoomCmd::Leave { conn }).await;
                return;
            }
        }
    }
    let mut resumes = ResumeBudget {
        per_minute: args.limits.resumes_per_minute,
        times: VecDeque::new(),
    };
    // Each relay or clock frame reads the database: they have a budget of their own.
    let mut relay_changes = ResumeBudget {
        per_minute: args.limits.resumes_per_minute,
        times: VecDeque::new(),
    };
    let mut ping = args.hub.ping_clock();
    let mut last_pong = Instant::now();

    let reason: Option<CloseReason> = 'session: {
        if let Err(reason) = conn_io.say(Control::Open).await {
            break 'session reason;
        }
        loop {
            let wake = relay.as_ref().and_then(Relay::wake_at);
            let relay_due = async move {
                match wake {
                    Some(at) => {
                        let ms = at.saturating_sub(now_ms()).max(0).unsigned_abs();
                        tokio::time::sleep(Duration::from_millis(ms)).await
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                code = conn_io.kick.fired() => break kicked(Some(code)),
                _ = relay_due => {
                    let frames = relay_frames(&args, relay.as_mut(), false).await;
                    if let Err(reason) = conn_io.say_all(frames).await { break reason }
                }
                ticked = ping.changed() => {
                    // The clock stops only with the hub: the node is shutting down.
                    if ticked.is_err() {
                        break close_reason(CloseCode::Away, "server shutting down");
                    }
                    if last_pong.elapsed() > args.limits.pong_timeout {
                        break close_reason(CloseCode::Away, "no pong");
                    }
                    // A full control queue means the client is not reading: the pong
                    // timeout closes it, no need to queue more pings.
                    if let Err(mpsc::error::TrySendError::Closed(_)) = conn_io.control.try_send(Control::Ping) {
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
                            Ok(ClientMsg::React { key }) => {
                                let own_position = relay.as_ref().and_then(|r| r.own_position(now_ms()));
                                let who = Reactor { user: args.user.as_ref(), region: &args.region, own_position };
                                match args.hub.react(args.room, who, &key, args.limits.reactions_per_minute).await {
                                    Ok((reaction, offset_ms)) => {
                                        let key = reaction.key();
                                        if room.send(RoomCmd::Reacted { conn, key }).await.is_err() { break None }
                                        vec![ServerMsg::Reacted { key, offset_ms }.to_json()]
                                    }
                                    Err(refused) => vec![react_error_json(
                                        refused.code,
                                        &refused.message.in_lang(&args.tr),
                                        refused.retry_after.map(|d| d.as_millis().try_into().unwrap_or(u64::MAX)),
                                    )],
                                }
                            }
                            Ok(ClientMsg::Resume { after }) => match resumes.take(Instant::now()) {
                                Err(retry) => vec![error_json(
                                    "rate_limited",
                                    &args.tr.t("chat-err-too-many-resumes"),
                                    Some(retry.as_millis().try_into().unwrap_or(u64::MAX)),
                                )],
                                Ok(()) => {
                                    // Held back until the answer is out, so a page read from
                                    // the database comes before what the room sends meanwhile.
                                    if let Err(reason) = conn_io.say(Control::Pause).await { break reason }
                                    let (from_db_tx, from_db_rx) = oneshot::channel();
                                    let cmd = RoomCmd::Resume { conn, after, from_db: from_db_tx };
                                    if room.send(cmd).await.is_err() { break None }
                                    let frames = match from_db_rx.await {
                                        // The room answered from memory through its queue.
                                        Err(_) => Vec::new(),
                                        Ok(from_db) => match db_page(&args, relay.as_ref(), after, from_db).await {
                                            Ok(frames) => frames,
                                            Err(error) => vec![error],
                                        },
                                    };
                                    if let Err(reason) = conn_io.say_all(frames).await { break reason }
                                    if let Err(reason) = conn_io.say(Control::Open).await { break reason }
                                    Vec::new()
                                }
                            },
                            Ok(change @ (ClientMsg::Relay { .. } | ClientMsg::Clock { .. })) => {
                                match (relay.as_mut(), relay_changes.take(Instant::now())) {
                                    (None, _) => vec![no_relay(&args)],
                                    (Some(_), Err(retry)) => vec![error_json(
                                        "rate_limited",
                                        &args.tr.t("chat-err-too-many-relay-changes"),
                                        Some(retry.as_millis().try_into().unwrap_or(u64::MAX)),
                                    )],
                                    (Some(r), Ok(())) => {
                                        match change {
                                            ClientMsg::Relay { on } => r.set_on(on),
                                            ClientMsg::Clock { action, position_ms } => r.clock_action(action, position_ms, now_ms()),
                                            _ => {}
                                        }
                                        relay_frames(&args, Some(r), true).await
                                    }
                                }
                            }
                            Err(e) => vec![error_json("bad_request", &args.tr.t1("chat-err-unreadable", "detail", e.to_string()), None)],
                        };
                        if let Err(reason) = conn_io.say_all(replies).await { break reason }
                    }
                    Some(Ok(AggregatedMessage::Binary(_))) => {
                        let reply = error_json("bad_request", &args.tr.t("chat-err-not-text"), None);
                        if let Err(reason) = conn_io.say(Control::Text(Frame::from(reply))).await { break reason }
                    }
                    Some(Ok(AggregatedMessage::Ping(bytes))) => {
                        last_pong = Instant::now();
                        if let Err(reason) = conn_io.say(Control::Pong(bytes)).await { break reason }
                    }
                    Some(Ok(AggregatedMessage::Pong(_))) => last_pong = Instant::now(),
                    // The client closed, or the connection ended (the outgoing side closes it
                    // when the room drops this connection).
                    Some(Ok(AggregatedMessage::Close(_))) | None => break None,
                    Some(Err(e)) if is_oversized(&e) => break close_reason(CloseCode::Size, "frame too large"),
                    Some(Err(_)) => break close_reason(CloseCode::Protocol, "protocol error"),
                },
            }
        }
    };
    let _ = room.send(RoomCmd::Leave { conn }).await;
    // The client may not be reading at all: give the close frame a moment, no more.
    let _ = tokio::time::timeout(
        Duration::from_secs(1),
        conn_io.control.send(Control::Close(reason)),
    )
    .await;
    drop(args.permit);
}
