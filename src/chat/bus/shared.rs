//! The cluster-wide counts behind the chat limits, kept in Redis by Lua scripts (each one
//! atomic on the server, with the server's clock, so nodes' clocks do not matter).
//!
//! - Chat sends: a sorted set per user of send times within the window (the same sliding
//!   window `rate::SendRate` keeps in memory).
//! - Sockets: each node keeps a hash of its own open sockets per IP and per user, expiring
//!   unless refreshed, and a sorted set lists the nodes alive; an admission sums the live
//!   nodes' entries. A node that dies stops counting when its entry expires.
//!
//! Every failure answers `None`: the node then counts alone.
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use redis::aio::ConnectionManager;

use super::api::{SocketCaps, SocketSnapshot};
use super::event::NodeId;
use crate::chat::sockets::SocketRefusal;

/// A node's socket entry lives this long without a refresh.
pub const SOCKETS_TTL: Duration = Duration::from_secs(30);

const TAKE_SEND: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local count = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= count then
  local wait = window
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if oldest[2] then wait = tonumber(oldest[2]) + window - now end
  if wait < 1 then wait = 1 end
  return wait
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window + 1000)
return 0
"#;

const ADMIT_SOCKET: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local node, ttl, ipf, userf = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local prefix = ARGV[7]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
redis.call('ZADD', KEYS[1], now, node)
local ips, users = 0, 0
for _, n in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if ipf ~= '' then ips = ips + tonumber(redis.call('HGET', prefix .. n, ipf) or 0) end
  if userf ~= '' then users = users + tonumber(redis.call('HGET', prefix .. n, userf) or 0) end
end
if ipf ~= '' and ips >= tonumber(ARGV[5]) then return 1 end
if userf ~= '' and users >= tonumber(ARGV[6]) then return 2 end
local own = prefix .. node
if ipf ~= '' then redis.call('HINCRBY', own, ipf, 1) end
if userf ~= '' then redis.call('HINCRBY', own, userf, 1) end
redis.call('PEXPIRE', own, ttl)
return 0
"#;

const RELEASE_SOCKET: &str = r#"
for i = 1, #ARGV do
  if redis.call('HINCRBY', KEYS[1], ARGV[i], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0
"#;

const REFRESH_SOCKETS: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('DEL', KEYS[2])
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], now, ARGV[1])
return 0
"#;

pub struct Shared {
    conn: ConnectionManager,
    prefix: String,
    node: NodeId,
    seq: AtomicU64,
}

fn ip_field(ip: Option<IpAddr>) -> String {
    ip.map(|ip| format!("i:{ip}")).unwrap_or_default()
}

fn user_field(user: Option<i64>) -> String {
    user.map(|u| format!("u:{u}")).unwrap_or_default()
}

fn ms(d: Duration) -> u64 {
    d.as_millis().try_into().unwrap_or(u64::MAX)
}

impl Shared {
    pub fn new(conn: ConnectionManager, prefix: String, node: NodeId) -> Shared {
        Shared {
            conn,
            prefix,
            node,
            seq: AtomicU64::new(0),
        }
    }

    fn nodes_key(&self) -> String {
        format!("{}ws:nodes", self.prefix)
    }

    fn node_prefix(&self) -> String {
        format!("{}ws:n:", self.prefix)
    }

    fn own_key(&self) -> String {
        format!("{}{}", self.node_prefix(), self.node)
    }

    async fn eval(&self, cmd: &redis::Cmd) -> Option<i64> {
        let mut conn = self.conn.clone();
        match cmd.query_async::<i64>(&mut conn).await {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::debug!(error = %e, "a shared chat count failed; counting this node alone");
                None
            }
        }
    }

    pub async fn take_send(
        &self,
        user: i64,
        count: usize,
        window: Duration,
    ) -> Option<Result<(), Duration>> {
        // Unique per send, so two sends in one millisecond are two entries.
        let member = format!("{}-{}", self.node, self.seq.fetch_add(1, Ordering::Relaxed));
        let mut cmd = redis::cmd("EVAL");
        cmd.arg(TAKE_SEND)
            .arg(1)
            .arg(format!("{}rate:{user}", self.prefix))
            .arg(count)
            .arg(ms(window))
            .arg(member);
        let wait = self.eval(&cmd).await?;
        Some(match u64::try_from(wait) {
            Ok(0) => Ok(()),
            Ok(ms) => Err(Duration::from_millis(ms)),
            Err(_) => Ok(()),
        })
    }

    pub async fn admit_socket(
        &self,
        ip: Option<IpAddr>,
        user: Option<i64>,
        caps: SocketCaps,
    ) -> Option<Result<(), SocketRefusal>> {
        let mut cmd = redis::cmd("EVAL");
        cmd.arg(ADMIT_SOCKET)
            .arg(1)
            .arg(self.nodes_key())
            .arg(self.node.to_string())
            .arg(ms(SOCKETS_TTL))
            .arg(ip_field(ip))
            .arg(user_field(user))
            .arg(caps.per_ip)
            .arg(caps.per_user)
            .arg(self.node_prefix());
        Some(match self.eval(&cmd).await? {
            0 => Ok(()),
            1 => Err(SocketRefusal::PerIp),
            _ => Err(SocketRefusal::PerUser),
        })
    }

    /// Runs in the background: a socket's end must not wait on Redis.
    pub fn release_socket(&self, ip: Option<IpAddr>, user: Option<i64>) {
        let fields: Vec<String> = [ip_field(ip), user_field(user)]
            .into_iter()
            .filter(|f| !f.is_empty())
            .collect();
        if fields.is_empty() {
            return;
        }
        let mut cmd = redis::cmd("EVAL");
        cmd.arg(RELEASE_SOCKET)
            .arg(1)
            .arg(self.own_key())
            .arg(fields);
        let mut conn = self.conn.clone();
        // A permit dropped outside a runtime (process shutdown) has nobody to tell; the
        // node's entry expires with it.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            if let Err(e) = cmd.query_async::<i64>(&mut conn).await {
                tracing::debug!(error = %e, "releasing a shared socket count failed; the next refresh fixes it");
            }
        });
    }

    pub async fn refresh_sockets(&self, snapshot: SocketSnapshot) {
        let mut cmd = redis::cmd("EVAL");
        cmd.arg(REFRESH_SOCKETS)
            .arg(2)
            .arg(self.nodes_key())
            .arg(self.own_key())
            .arg(self.node.to_string())
            .arg(ms(SOCKETS_TTL));
        for (ip, n) in snapshot.ips {
            cmd.arg(ip_field(Some(ip))).arg(n);
        }
        for (user, n) in snapshot.users {
            cmd.arg(user_field(Some(user))).arg(n);
        }
        self.eval(&cmd).await;
    }
}
