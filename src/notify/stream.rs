//! The live unread count: a Server-Sent Events stream per open page. A stream sends the
//! count when it opens and again whenever the count changes. It hears changes on the
//! database's ring (`db::changes`): a writer on this node rings after its commit, and on
//! PostgreSQL a writer on another node rings every node through `pg_notify`. A keep-alive
//! comment goes out every `keepalive`, with a recount, so a count changed by a writer that
//! rang nobody is caught up too. Streams are capped per user, per address and per process.
use crate::i18n::Msg;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

use crate::chat::sockets::{SocketLimits, SocketRefusal, Sockets};
use crate::chat::SocketPermit;
use crate::db::changes::Ring;
use crate::db::Db;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamLimits {
    pub per_user: usize,
    pub per_ip: usize,
    pub max: usize,
    pub keepalive: Duration,
}

impl Default for StreamLimits {
    fn default() -> Self {
        StreamLimits {
            // Tabs and devices of one person.
            per_user: 8,
            per_ip: 50,
            max: 10_000,
            keepalive: Duration::from_secs(25),
        }
    }
}

/// This process's open streams.
#[derive(Clone)]
pub struct Streams {
    open: Arc<Sockets>,
    keepalive: Duration,
}

impl Streams {
    pub fn new(limits: StreamLimits) -> Streams {
        Streams {
            open: Sockets::new(SocketLimits {
                per_ip: limits.per_ip,
                per_user: limits.per_user,
                max: limits.max,
            }),
            keepalive: limits.keepalive.max(Duration::from_millis(100)),
        }
    }

    pub fn open_count(&self) -> usize {
        self.open.open()
    }
}

/// One SSE event giving the count.
fn count_event(n: i64) -> String {
    format!("event: count\ndata: {n}\n\n")
}

struct State {
    db: Db,
    user_id: i64,
    rings: tokio::sync::broadcast::Receiver<Ring>,
    tick: tokio::time::Interval,
    last: Option<i64>,
    _permit: SocketPermit,
}

/// Why the count may have changed, or that the stream is over.
enum Wake {
    Recount,
    KeepAlive,
    Closed,
}

impl State {
    async fn wake(&mut self) -> Wake {
        loop {
            tokio::select! {
                ring = self.rings.recv() => match ring {
                    Ok(Some(u)) if u != self.user_id => continue,
                    // Ours, anyone's, or rings missed while lagging: recount.
                    Ok(_) | Err(RecvError::Lagged(_)) => return Wake::Recount,
                    Err(RecvError::Closed) => return Wake::Closed,
                },
                _ = self.tick.tick() => return Wake::KeepAlive,
            }
        }
    }

    /// The next text to send: the count when it changed, else on a tick a comment.
    async fn next(&mut self) -> Option<String> {
        if self.last.is_none() {
            let n = crate::db::inbox::unread(&self.db, self.user_id)
                .await
                .ok()?;
            self.last = Some(n);
            // `retry`: how long a browser waits before reconnecting a dropped stream.
            return Some(format!("retry: 5000\n{}", count_event(n)));
        }
        loop {
            let wake = self.wake().await;
            if let Wake::Closed = wake {
                return None;
            }
            // A failed count ends the stream; the browser reconnects.
            let n = crate::db::inbox::unread(&self.db, self.user_id)
                .await
                .ok()?;
            if Some(n) != self.last {
                self.last = Some(n);
                return Some(count_event(n));
            }
            if let Wake::KeepAlive = wake {
                return Some(": keep-alive\n\n".into());
            }
        }
    }
}

/// Opens a stream for the user, or refuses it when a limit is reached (429).
pub fn open(
    db: &Db,
    streams: &Streams,
    user_id: i64,
    ip: Option<IpAddr>,
) -> AppResult<impl Stream<Item = String> + 'static> {
    let permit = streams.open.admit(ip, Some(user_id)).map_err(|r| {
        AppError::TooManyRequests(Msg::new(match r {
            SocketRefusal::PerUser => "err-live-notify-per-user",
            SocketRefusal::PerIp => "err-live-notify-per-ip",
            SocketRefusal::Process => "err-live-notify-full",
        }))
    })?;
    let start = tokio::time::Instant::now() + streams.keepalive;
    let state = State {
        db: db.clone(),
        user_id,
        rings: db.subscribe_rings(),
        tick: tokio::time::interval_at(start, streams.keepalive),
        last: None,
        _permit: permit,
    };
    Ok(futures_util::stream::unfold(state, |mut s| async move {
        let text = s.next().await?;
        Some((text, s))
    }))
}
