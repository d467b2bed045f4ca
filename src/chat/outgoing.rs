//! The WebSocket's outgoing side, as the response body the connection's own task writes.
//!
//! The room's frames (already encoded, shared by every receiver) go from the room's queue
//! straight into this body: one queue hop and one task wake-up per delivery. The session's
//! own frames (a hello or resume page read from the database, replies, pings, the close)
//! come through a small control queue, read first. The room's queue is read only while the
//! session says it is open, so a hello or a resume page from the database goes out before
//! the broadcasts that queued up meanwhile.
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_http::ws::{CloseReason, Message};
use actix_web::body::BoxBody;
use bytes::Bytes;
use futures_util::Stream;
use prometheus::IntCounter;
use tokio::sync::mpsc;

use super::kick::Kick;
use super::protocol::Frame;

/// What the session asks its connection to write, or to do with the room's queue.
pub enum Control {
    Text(Frame),
    Ping,
    Pong(Bytes),
    /// Start (or go on) writing the room's frames.
    Open,
    /// Hold the room's frames back until the next `Open`.
    Pause,
    /// Write the close frame and end the connection.
    Close(Option<CloseReason>),
}

pub struct Outgoing {
    room: mpsc::Receiver<Frame>,
    control: mpsc::Receiver<Control>,
    kick: Arc<Kick>,
    frames_out: IntCounter,
    open: bool,
    room_gone: bool,
    done: bool,
    /// actix-ws's own body, never polled: its reader ends when this is dropped, so holding
    /// it ties the reader's end to ours.
    _reader_signal: BoxBody,
}

impl Outgoing {
    pub fn new(
        room: mpsc::Receiver<Frame>,
        control: mpsc::Receiver<Control>,
        kick: Arc<Kick>,
        frames_out: IntCounter,
        reader_signal: BoxBody,
    ) -> Outgoing {
        Outgoing {
            room,
            control,
            kick,
            frames_out,
            open: false,
            room_gone: false,
            done: false,
            _reader_signal: reader_signal,
        }
    }

    fn text(&self, frame: Frame) -> Poll<Option<Result<Bytes, std::convert::Infallible>>> {
        self.frames_out.inc();
        Poll::Ready(Some(Ok(frame.into_bytes())))
    }

    /// A control frame of the connection's own (ping, pong), encoded as it goes.
    fn control(msg: Message) -> Poll<Option<Result<Bytes, std::convert::Infallible>>> {
        Poll::Ready(Some(Ok(Frame::encode(msg).into_bytes())))
    }

    fn close(
        &mut self,
        reason: Option<CloseReason>,
    ) -> Poll<Option<Result<Bytes, std::convert::Infallible>>> {
        self.done = true;
        Outgoing::control(Message::Close(reason))
    }
}

impl Stream for Outgoing {
    type Item = Result<Bytes, std::convert::Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        loop {
            match this.control.poll_recv(cx) {
                Poll::Ready(Some(Control::Text(frame))) => return this.text(frame),
                Poll::Ready(Some(Control::Ping)) => {
                    return Outgoing::control(Message::Ping(Bytes::new()))
                }
                Poll::Ready(Some(Control::Pong(bytes))) => {
                    return Outgoing::control(Message::Pong(bytes))
                }
                Poll::Ready(Some(Control::Open)) => this.open = true,
                Poll::Ready(Some(Control::Pause)) => this.open = false,
                Poll::Ready(Some(Control::Close(reason))) => return this.close(reason),
                // The session ended (its last word, if any, was a close).
                Poll::Ready(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Poll::Pending => break,
            }
        }
        if this.open && !this.room_gone {
            match this.room.poll_recv(cx) {
                Poll::Ready(Some(frame)) => return this.text(frame),
                // The room dropped this connection: it fell behind, was kicked, or the
                // room's task ended. Say so at once; the session learns it from the reader.
                Poll::Ready(None) => {
                    this.room_gone = true;
                    return this.close(super::kick::kicked(this.kick.code()));
                }
                Poll::Pending => {}
            }
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn body() -> (mpsc::Sender<Frame>, mpsc::Sender<Control>, Outgoing) {
        let (room_tx, room_rx) = mpsc::channel(8);
        let (control_tx, control_rx) = mpsc::channel(8);
        let counter = IntCounter::new("frames", "frames").expect("a valid counter");
        let body = Outgoing::new(
            room_rx,
            control_rx,
            Arc::new(Kick::default()),
            counter,
            BoxBody::new(()),
        );
        (room_tx, control_tx, body)
    }

    fn text(s: &str) -> Bytes {
        Frame::from(s.to_string()).into_bytes()
    }

    #[tokio::test]
    async fn room_frames_wait_for_open_and_the_sessions_own_go_first() {
        let (room, control, mut body) = body();
        room.try_send(Frame::from("broadcast".to_string()))
            .expect("queued");
        control
            .try_send(Control::Text(Frame::from("hello".to_string())))
            .expect("queued");
        control.try_send(Control::Open).expect("queued");
        assert_eq!(body.next().await.and_then(Result::ok), Some(text("hello")));
        assert_eq!(
            body.next().await.and_then(Result::ok),
            Some(text("broadcast"))
        );
    }

    #[tokio::test]
    async fn a_dropped_room_queue_closes_with_the_kick_code() {
        let (room, control, mut body) = body();
        control.try_send(Control::Open).expect("queued");
        body.kick.fire(crate::chat::kick::CLOSE_SLOW);
        drop(room);
        let close = body
            .next()
            .await
            .and_then(Result::ok)
            .expect("a close frame");
        // Close opcode, then the 4008 code.
        assert_eq!(close[0], 0x88);
        assert_eq!(&close[2..4], &4008u16.to_be_bytes());
        assert!(body.next().await.is_none());
    }
}
