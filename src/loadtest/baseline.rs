//! The bare broadcast server `loadtest chat --baseline` measures first: tokio-tungstenite
//! on 127.0.0.1:0 in a child process of the same run (its own process like the chat server,
//! so its CPU and RSS can be read the same way, and its own open-file limit), speaking the chat protocol's framing
//! (hello on connect; `send` → one `message` frame to every connection plus an `ack` to the
//! sender) with none of the chat server's work: no HTTP routing, no session lookup, no room
//! task, no persistence, no rate limits. Fan-out is one tokio broadcast channel; each
//! connection's task writes what it receives, batching whatever is already queued into one
//! flush. A connection that falls a whole channel behind is closed 4008 "slow", as the chat
//! server does.
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, watch};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message as WsMessage, Utf8Bytes};

use crate::chat::protocol::{message_json, ClientMsg, Message, ServerMsg};
use crate::chat::{CLOSE_SLOW, MAX_FRAME_BYTES};
use crate::time_util::now_ms;

/// Frames one connection may fall behind before it is closed as slow (the chat server's
/// per-client queue has the same size).
const QUEUE: usize = 1000;

/// The small per-connection buffers the load generator uses on both ends: tungstenite's
/// default 128 KiB read buffer per socket would cost gigabytes at 10,000 connections.
pub fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4096)
}

/// Client frames are limited like the chat server's (16 KiB).
fn server_config() -> WebSocketConfig {
    ws_config()
        .max_frame_size(Some(MAX_FRAME_BYTES))
        .max_message_size(Some(MAX_FRAME_BYTES))
}

struct Shared {
    tx: broadcast::Sender<Utf8Bytes>,
    next_id: AtomicI64,
    online: AtomicUsize,
}

pub struct Baseline {
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    accept: tokio::task::JoinHandle<()>,
}

impl Baseline {
    /// Binds 127.0.0.1:0 and starts accepting.
    pub async fn start() -> anyhow::Result<Baseline> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (stop, stop_rx) = watch::channel(false);
        let (tx, _) = broadcast::channel(QUEUE);
        let shared = Arc::new(Shared {
            tx,
            next_id: AtomicI64::new(1),
            online: AtomicUsize::new(0),
        });
        let accept = tokio::spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        tokio::spawn(connection(stream, shared.clone(), stop_rx.clone()));
                    }
                    // Out of file descriptors or similar: the client side counts the failure.
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
                }
            }
        });
        Ok(Baseline { addr, stop, accept })
    }

    /// Stops accepting and closes every connection still open.
    pub fn stop(self) {
        self.accept.abort();
        let _ = self.stop.send(true);
    }
}

/// The child process's side: serve until the parent closes our stdin (or dies).
pub async fn serve_until_stdin_closes() -> anyhow::Result<()> {
    use std::io::{Read, Write};

    let server = Baseline::start().await?;
    println!("{LISTENING}{}", server.addr);
    std::io::stdout().flush()?;
    let _ = tokio::task::spawn_blocking(|| {
        let mut buf = [0u8; 64];
        let mut stdin = std::io::stdin();
        while matches!(stdin.read(&mut buf), Ok(n) if n > 0) {}
    })
    .await;
    server.stop();
    Ok(())
}

const LISTENING: &str = "baseline listening on ";

/// The baseline server as a child process of this executable.
pub struct Child {
    pub addr: SocketAddr,
    pub pid: u32,
    child: std::process::Child,
}

impl Child {
    pub async fn spawn() -> anyhow::Result<Child> {
        use std::io::BufRead;
        use std::process::{Command, Stdio};

        let exe = std::env::current_exe()?;
        let mut child = Command::new(exe)
            .args(["loadtest", "chat", "--baseline-server"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let pid = child.id();
        let stdout = child.stdout.take().expect("piped stdout");
        let first = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .map(|_| line)
        });
        let line = match tokio::time::timeout(std::time::Duration::from_secs(10), first).await {
            Ok(Ok(Ok(line))) => line,
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                anyhow::bail!("the baseline server did not start");
            }
        };
        let addr = line
            .trim()
            .strip_prefix(LISTENING)
            .and_then(|a| a.parse().ok());
        let Some(addr) = addr else {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("the baseline server said {line:?}");
        };
        Ok(Child { addr, pid, child })
    }

    /// Closes its stdin, gives it two seconds to close its connections, then kills it.
    pub async fn stop(mut self) {
        drop(self.child.stdin.take());
        for _ in 0..200 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

async fn connection(stream: TcpStream, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let Ok(mut ws) =
        tokio_tungstenite::accept_async_with_config(stream, Some(server_config())).await
    else {
        return;
    };
    let mut rx = shared.tx.subscribe();
    let online = shared.online.fetch_add(1, Ordering::Relaxed) + 1;
    let hello = ServerMsg::Hello {
        room: "baseline",
        online,
        slow_mode_s: 0,
        backlog: Vec::new(),
    }
    .to_json();
    if ws.send(WsMessage::text(hello)).await.is_err() {
        shared.online.fetch_sub(1, Ordering::Relaxed);
        return;
    }
    let close: Option<CloseFrame> = loop {
        tokio::select! {
            out = rx.recv() => match out {
                Ok(frame) => {
                    if ws.feed(WsMessage::Text(frame)).await.is_err() { break None }
                    // Whatever else is already queued goes out with the same flush.
                    let mut lagged = false;
                    loop {
                        match rx.try_recv() {
                            Ok(frame) => if ws.feed(WsMessage::Text(frame)).await.is_err() { break },
                            Err(broadcast::error::TryRecvError::Lagged(_)) => { lagged = true; break }
                            Err(_) => break,
                        }
                    }
                    if lagged { break Some(slow()) }
                    if ws.flush().await.is_err() { break None }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => break Some(slow()),
                Err(broadcast::error::RecvError::Closed) => break None,
            },
            incoming = ws.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    let reply = match serde_json::from_str::<ClientMsg>(&text) {
                        Ok(ClientMsg::Send { text, nonce }) => {
                            let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
                            let m = Message {
                                id,
                                user: "baseline".into(),
                                text,
                                at: now_ms(),
                                offset_ms: None,
                                is_mod: false,
                                region: None,
                            };
                            let _ = shared.tx.send(Utf8Bytes::from(message_json(&m)));
                            nonce.map(|n| ServerMsg::Ack { nonce: &n, id }.to_json())
                        }
                        // The baseline has no history, no premiere to relay, no reactions.
                        Ok(ClientMsg::Resume { .. } | ClientMsg::Relay { .. } | ClientMsg::Clock { .. } | ClientMsg::React { .. }) => None,
                        Err(_) => Some(crate::chat::protocol::error_json("bad_request", "Unreadable frame.", None)),
                    };
                    if let Some(reply) = reply {
                        if ws.send(WsMessage::text(reply)).await.is_err() { break None }
                    }
                }
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => break None,
                // Pings are answered by tungstenite itself on the next write or flush.
                Some(Ok(_)) => {}
            },
            _ = stop.changed() => break None,
        }
    };
    shared.online.fetch_sub(1, Ordering::Relaxed);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), ws.close(close)).await;
}

fn slow() -> CloseFrame {
    CloseFrame {
        code: CloseCode::from(CLOSE_SLOW),
        reason: Utf8Bytes::from_static("slow"),
    }
}
