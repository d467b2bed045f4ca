//! One WebSocket connection: reads client frames into the room, writes the room's frames out,
//! keeps the connection alive with pings, and closes 4008 "slow" when it falls behind.
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_ws::{
    CloseCode, CloseReason, Message as WsMessage, MessageStream, ProtocolError, Session,
};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::hub::ChatHub;
use super::kick::{Kick, CLOSE_BANNED};
use super::limits::ChatLimits;
use super::protocol::{error_json, ClientMsg};
use super::room::{next_conn_id, ChatUser, RoomCmd};
use crate::domain::RoomId;

fn kicked(code: u16) -> Option<CloseReason> {
    let text = if code == CLOSE_BANNED {
        "banned"
    } else {
        "slow"
    };
    close_reason(CloseCode::Other(code), text)
}

fn close_reason(code: CloseCode, text: &str) -> Option<CloseReason> {
    Some(CloseReason {
        code,
        description: Some(text.to_string()),
    })
}

pub struct SessionArgs {
    pub hub: ChatHub,
    pub room: RoomId,
    pub user: Option<ChatUser>,
    pub after: Option<i64>,
    pub limits: ChatLimits,
}

pub async fn run(args: SessionArgs, mut session: Session, mut stream: MessageStream) {
    let conn = next_conn_id();
    let (tx, mut rx) = mpsc::channel::<Arc<str>>(args.limits.outbound_queue);
    let kick = Arc::new(Kick::default());
    let Some(room) = args
        .hub
        .join(args.room, conn, args.user, args.after, tx, kick.clone())
        .await
    else {
        let _ = session
            .close(close_reason(CloseCode::Error, "chat unavailable"))
            .await;
        return;
    };
    let mut ping = tokio::time::interval(args.limits.ping_interval);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ping.tick().await;
    let mut last_pong = Instant::now();

    let reason: Option<CloseReason> = loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(frame) => {
                    // A write that cannot finish (client not reading) must not outlive a kick.
                    tokio::select! {
                        r = session.text(&*frame) => if r.is_err() { break None },
                        code = kick.fired() => break kicked(code),
                    }
                }
                // The room dropped us: we fell behind.
                None => break kicked(kick.code()),
            },
            code = kick.fired() => break kicked(code),
            _ = ping.tick() => {
                if last_pong.elapsed() > args.limits.pong_timeout {
                    break close_reason(CloseCode::Away, "no pong");
                }
                if session.ping(b"").await.is_err() {
                    break None;
                }
            }
            incoming = stream.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    let reply = match serde_json::from_str::<ClientMsg>(&text) {
                        Ok(ClientMsg::Send { text, nonce }) => {
                            if room.send(RoomCmd::Send { conn, text, nonce }).await.is_err() { break None }
                            None
                        }
                        Ok(ClientMsg::Resume { after }) => {
                            if room.send(RoomCmd::Resume { conn, after }).await.is_err() { break None }
                            None
                        }
                        Err(e) => Some(error_json("bad_request", &format!("Unreadable frame: {e}"), None)),
                    };
                    if let Some(reply) = reply {
                        if session.text(reply).await.is_err() { break None }
                    }
                }
                Some(Ok(WsMessage::Binary(_))) => {
                    if session.text(error_json("bad_request", "Frames must be JSON text.", None)).await.is_err() { break None }
                }
                Some(Ok(WsMessage::Ping(bytes))) => {
                    last_pong = Instant::now();
                    if session.pong(&bytes).await.is_err() { break None }
                }
                Some(Ok(WsMessage::Pong(_))) => last_pong = Instant::now(),
                Some(Ok(WsMessage::Close(_))) | None => break None,
                Some(Ok(WsMessage::Continuation(_))) | Some(Ok(WsMessage::Nop)) => {}
                Some(Err(ProtocolError::Overflow)) => break close_reason(CloseCode::Size, "frame too large"),
                Some(Err(_)) => break close_reason(CloseCode::Protocol, "protocol error"),
            },
        }
    };
    let _ = room.send(RoomCmd::Leave { conn }).await;
    if let Some(reason) = reason {
        // The client may not be reading at all: give the close frame a moment, no more.
        let _ = tokio::time::timeout(Duration::from_secs(1), session.close(Some(reason))).await;
    } else {
        let _ = tokio::time::timeout(Duration::from_secs(1), session.close(None)).await;
    }
}
