//! A chat client over tokio-tungstenite for the tests.
use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::Browser;

/// Every wait is bounded: a test that does not get its frame fails instead of hanging.
pub const WAIT: Duration = Duration::from_secs(10);

pub struct Chat {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// Frames read while waiting for something else (e.g. an ack), handed out next.
    buffered: VecDeque<Value>,
}

/// The socket of a room, joined as the room's page joins it once the viewer is past the
/// spoiler shield (`reveal=1`): the shield itself is tested in `visibility`.
pub fn ws_url(base: &str, room: &str, after: Option<i64>) -> String {
    let mut url = format!(
        "{}/ws/rooms/{room}?reveal=1",
        base.replacen("http://", "ws://", 1)
    );
    if let Some(a) = after {
        url.push_str(&format!("&after={a}"));
    }
    url
}

pub fn request(
    base: &str,
    room: &str,
    after: Option<i64>,
    who: Option<&Browser>,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let mut req = ws_url(base, room, after)
        .into_client_request()
        .expect("ws request");
    if let Some(cookie) = who.and_then(|b| b.session_cookie()) {
        req.headers_mut().insert(
            "Cookie",
            format!("ch_session={cookie}")
                .parse()
                .expect("cookie header"),
        );
    }
    req
}

/// An anonymous socket with a 4 KiB receive buffer, for a client that never reads: the
/// server's writes to it block after a few frames, so its queue fills quickly.
pub async fn connect_slow(base: &str, room: &str) -> WebSocketStream<TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("rcvbuf");
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().expect("addr");
    let stream = socket.connect(addr).await.expect("connect");
    tokio_tungstenite::client_async(request(base, room, None, None), stream)
        .await
        .expect("slow client handshake")
        .0
}

#[derive(Debug)]
pub enum Event {
    Frame(Value),
    Closed(Option<CloseFrame>),
    /// The connection ended without a close frame (or errored).
    Ended,
}

impl Chat {
    pub async fn connect(
        base: &str,
        room: &str,
        after: Option<i64>,
        who: Option<&Browser>,
    ) -> Chat {
        let (ws, _) = tokio_tungstenite::connect_async(request(base, room, after, who))
            .await
            .expect("ws connect");
        Chat {
            ws,
            buffered: VecDeque::new(),
        }
    }

    /// A client over a socket the test opened itself.
    pub fn from_socket(ws: WebSocketStream<MaybeTlsStream<TcpStream>>) -> Chat {
        Chat {
            ws,
            buffered: VecDeque::new(),
        }
    }

    /// Connects from the loopback address `local` (127.0.0.N), so that tests can stand for
    /// many clients; a refused handshake gives its HTTP status.
    pub async fn connect_from(
        local: std::net::IpAddr,
        base: &str,
        room: &str,
        after: Option<i64>,
        who: Option<&Browser>,
    ) -> Result<Chat, u16> {
        let server: std::net::SocketAddr = base
            .trim_start_matches("http://")
            .parse()
            .expect("test server address");
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind(std::net::SocketAddr::new(local, 0))
            .expect("bind a loopback address");
        let stream = socket.connect(server).await.expect("tcp connect");
        let req = request(base, room, after, who);
        match tokio_tungstenite::client_async(req, MaybeTlsStream::Plain(stream)).await {
            Ok((ws, _)) => Ok(Chat {
                ws,
                buffered: VecDeque::new(),
            }),
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
            Err(e) => panic!("ws handshake failed: {e}"),
        }
    }

    /// Connects and consumes the hello frame, returning it.
    pub async fn join(
        base: &str,
        room: &str,
        after: Option<i64>,
        who: Option<&Browser>,
    ) -> (Chat, Value) {
        let mut c = Chat::connect(base, room, after, who).await;
        let hello = c.expect_type("hello").await;
        (c, hello)
    }

    pub async fn send_text(&mut self, text: &str, nonce: &str) {
        let frame = json!({"type": "send", "text": text, "nonce": nonce}).to_string();
        self.ws.send(Message::text(frame)).await.expect("ws send");
    }

    pub async fn send_raw(&mut self, raw: &str) {
        self.ws
            .send(Message::text(raw.to_string()))
            .await
            .expect("ws send");
    }

    pub async fn next_event(&mut self) -> Event {
        if let Some(f) = self.buffered.pop_front() {
            return Event::Frame(f);
        }
        loop {
            match tokio::time::timeout(WAIT, self.ws.next()).await {
                Err(_) => panic!("no frame within {WAIT:?}"),
                Ok(None) => return Event::Ended,
                Ok(Some(Err(_))) => return Event::Ended,
                Ok(Some(Ok(Message::Text(t)))) => {
                    return Event::Frame(
                        serde_json::from_str(t.as_str()).expect("server frames are JSON"),
                    )
                }
                Ok(Some(Ok(Message::Close(c)))) => return Event::Closed(c),
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    pub async fn next_frame(&mut self) -> Value {
        match self.next_event().await {
            Event::Frame(v) => v,
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    /// The next frame of `kind`, skipping room broadcasts (presence, messages, deletions)
    /// when waiting for something else.
    pub async fn expect_type(&mut self, kind: &str) -> Value {
        loop {
            let f = self.next_frame().await;
            // Frames that arrive on their own: broadcasts, and the relay's status after the
            // hello of a viewer whose region airs later.
            let broadcast = ["presence", "message", "deleted", "reaction", "relay"]
                .iter()
                .any(|t| f["type"] == *t);
            if broadcast && f["type"] != kind {
                continue;
            }
            assert_eq!(f["type"], kind, "unexpected frame {f}");
            return f;
        }
    }

    /// Sends and waits for the ack; returns the stored id. Other frames stay queued.
    pub async fn say(&mut self, text: &str, nonce: &str) -> i64 {
        self.send_text(text, nonce).await;
        let mut skipped = VecDeque::new();
        let id = loop {
            let f = match tokio::time::timeout(WAIT, self.ws.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => {
                    serde_json::from_str::<Value>(t.as_str()).expect("JSON frame")
                }
                Ok(Some(Ok(_))) => continue,
                other => panic!("no ack for {nonce}: {other:?}"),
            };
            match f["type"].as_str() {
                Some("ack") if f["nonce"] == nonce => break f["id"].as_i64().expect("ack id"),
                Some("error") => panic!("send refused: {f}"),
                _ => skipped.push_back(f),
            }
        };
        self.buffered.extend(skipped);
        id
    }

    /// The next `n` chat messages (skipping acks and presence).
    pub async fn messages(&mut self, n: usize) -> Vec<Value> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let f = self.next_frame().await;
            if f["type"] == "message" {
                out.push(f);
            }
        }
        out
    }
}
