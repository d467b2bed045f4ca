//! Behind a trusted proxy, WebSocket limits count the client's address, not the proxy's;
//! from anyone else a forged X-Forwarded-For changes nothing.
use std::net::{IpAddr, SocketAddr};

use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::{spawn_app_with, Backend, TestApp};

const PROXY: &str = "127.0.0.2";
const DIRECT: &str = "127.0.0.3";

async fn app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |c| {
        c.trusted_proxies = vec![PROXY.parse().expect("a range")];
        c.chat.sockets.per_ip = 1;
    })
    .await
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn socket_limits_count_the_forwarded_client() {
        let app = super::app(crate::helpers::Backend::Sqlite)
            .await
            .expect("sqlite app");
        super::socket_limits_count_the_forwarded_client(app).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn socket_limits_count_the_forwarded_client() {
        if let Some(app) = super::app(crate::helpers::Backend::Postgres).await {
            super::socket_limits_count_the_forwarded_client(app).await;
        }
    }
}

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// A handshake from `local` claiming to be for `forwarded_for`; a refusal gives its status.
async fn open(app: &TestApp, room: &str, local: &str, forwarded_for: &str) -> Result<Socket, u16> {
    let server: SocketAddr = app
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("test server address");
    let local: IpAddr = local.parse().expect("an address");
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind(SocketAddr::new(local, 0))
        .expect("bind a loopback address");
    let stream = socket.connect(server).await.expect("tcp connect");
    let mut req = crate::ws::request(&app.base, room, None, None);
    req.headers_mut().insert(
        "X-Forwarded-For",
        forwarded_for.parse().expect("header value"),
    );
    match tokio_tungstenite::client_async(req, MaybeTlsStream::Plain(stream)).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
        Err(e) => panic!("ws handshake failed: {e}"),
    }
}

async fn socket_limits_count_the_forwarded_client(app: TestApp) {
    app.seed_catalogue().await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let _a = open(&app, &room, PROXY, "198.51.100.1")
        .await
        .expect("the first fan behind the proxy");
    let _b = open(&app, &room, PROXY, "198.51.100.2")
        .await
        .expect("another fan behind the same proxy has a socket of their own");
    assert_eq!(
        open(&app, &room, PROXY, "198.51.100.1").await.err(),
        Some(429),
        "the first fan's second socket is over the per-address limit"
    );
    let _c = open(&app, &room, DIRECT, "198.51.100.7")
        .await
        .expect("a direct client");
    assert_eq!(
        open(&app, &room, DIRECT, "198.51.100.8").await.err(),
        Some(429),
        "a forged X-Forwarded-For does not make a direct client someone else"
    );
}
