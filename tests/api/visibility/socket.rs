//! A chat client that takes any query string (`?reveal=1`, `?after=0`) and reports a refused
//! handshake as its status instead of failing, so the matrix can check both.
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::Browser;
use crate::ws::WAIT;

pub struct Probe {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    nonce: u32,
}

/// How a connection attempt ended when it did not become a socket.
#[derive(Debug)]
pub enum Refusal {
    Status(u16),
    Other(String),
}

impl Probe {
    /// Connects to `/ws/rooms/{room}{query}` as `who` (anonymous when None).
    pub async fn open(
        base: &str,
        room: &str,
        query: &str,
        who: Option<&Browser>,
    ) -> Result<Probe, Refusal> {
        let url = format!(
            "{}/ws/rooms/{room}{query}",
            base.replacen("http://", "ws://", 1)
        );
        let mut req = url
            .into_client_request()
            .map_err(|e| Refusal::Other(e.to_string()))?;
        if let Some(cookie) = who.and_then(|b| b.session_cookie()) {
            let value = format!("ch_session={cookie}")
                .parse()
                .map_err(|_| Refusal::Other("cookie header".into()))?;
            req.headers_mut().insert("Cookie", value);
        }
        match tokio_tungstenite::connect_async(req).await {
            Ok((ws, _)) => Ok(Probe { ws, nonce: 0 }),
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
                Err(Refusal::Status(resp.status().as_u16()))
            }
            Err(e) => Err(Refusal::Other(e.to_string())),
        }
    }

    /// The next JSON frame, or None when the socket ends or nothing comes within `WAIT`.
    async fn frame(&mut self) -> Option<Value> {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => return serde_json::from_str(t.as_str()).ok(),
                Ok(Some(Ok(Message::Close(_)))) | Ok(Some(Err(_))) | Ok(None) | Err(_) => {
                    return None
                }
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    /// The hello frame (broadcasts that come first are skipped).
    pub async fn hello(&mut self) -> Option<Value> {
        loop {
            let f = self.frame().await?;
            if f["type"] == "hello" {
                return Some(f);
            }
        }
    }

    /// Sends and waits for the ack; returns the stored id. For building the fixture only.
    pub async fn say(&mut self, text: &str) -> i64 {
        self.nonce += 1;
        let nonce = format!("n{}", self.nonce);
        let frame = json!({"type": "send", "text": text, "nonce": nonce}).to_string();
        self.ws.send(Message::text(frame)).await.expect("ws send");
        loop {
            let f = self
                .frame()
                .await
                .unwrap_or_else(|| panic!("no ack for {text:?}"));
            match f["type"].as_str() {
                Some("ack") if f["nonce"] == nonce.as_str() => {
                    return f["id"].as_i64().expect("ack id")
                }
                Some("error") => panic!("send refused: {f}"),
                _ => {}
            }
        }
    }

    /// Asks for every message after `after` on the open connection.
    pub async fn resume(&mut self, after: i64) {
        let frame = json!({"type": "resume", "after": after}).to_string();
        // A send error shows up as a missing message in the caller's check.
        let _ = self.ws.send(Message::text(frame)).await;
    }

    /// Message frames until one whose text contains `last` (included), or until the socket
    /// goes quiet; the bool says whether `last` arrived.
    pub async fn messages_until(&mut self, last: &str) -> (Vec<Value>, bool) {
        let mut got = Vec::new();
        while let Some(f) = self.frame().await {
            if f["type"] != "message" {
                continue;
            }
            let done = f["text"].as_str().is_some_and(|t| t.contains(last));
            got.push(f);
            if done {
                return (got, true);
            }
        }
        (got, false)
    }
}
