//! How many WebSockets may be open at once: per client address, per signed-in user and per
//! process. A handshake takes a permit (all three counts checked and raised in one step under
//! one lock, so concurrent handshakes cannot pass a limit together); dropping the permit, when
//! the socket's session ends, gives it back.
use crate::i18n::Msg;
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketLimits {
    pub per_ip: usize,
    pub per_user: usize,
    pub max: usize,
}

impl Default for SocketLimits {
    fn default() -> Self {
        SocketLimits {
            // A watch party behind one home or venue address must still fit.
            per_ip: 50,
            per_user: 8,
            max: 20_000,
        }
    }
}

/// Which limit refused a handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketRefusal {
    PerIp,
    PerUser,
    Process,
}

impl SocketRefusal {
    pub fn message(self) -> Msg {
        Msg::new(match self {
            SocketRefusal::PerIp => "err-chat-sockets-per-ip",
            SocketRefusal::PerUser => "err-chat-sockets-per-user",
            SocketRefusal::Process => "err-chat-full",
        })
    }
}

#[derive(Default)]
struct Counts {
    total: usize,
    ips: HashMap<IpAddr, usize>,
    users: HashMap<i64, usize>,
}

pub struct Sockets {
    limits: SocketLimits,
    counts: Mutex<Counts>,
}

/// Open sockets per address, and per user.
pub type OpenCounts = (Vec<(IpAddr, usize)>, Vec<(i64, usize)>);

/// One open socket's share of the counts.
pub struct SocketPermit {
    sockets: Arc<Sockets>,
    ip: Option<IpAddr>,
    user: Option<i64>,
    /// Gives back what was counted elsewhere too (the cluster's shared counts).
    release: Option<Box<dyn FnOnce() + Send + Sync>>,
}

impl SocketPermit {
    /// Runs `release` as well when the permit is given back.
    pub fn on_release(mut self, release: Box<dyn FnOnce() + Send + Sync>) -> SocketPermit {
        self.release = Some(release);
        self
    }
}

fn count<K: Hash + Eq>(map: &HashMap<K, usize>, key: Option<&K>) -> usize {
    key.and_then(|k| map.get(k)).copied().unwrap_or(0)
}

fn release<K: Hash + Eq>(map: &mut HashMap<K, usize>, key: Option<&K>) {
    if let Some(k) = key {
        if let Some(n) = map.get_mut(k) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                map.remove(k);
            }
        }
    }
}

impl Sockets {
    pub fn new(limits: SocketLimits) -> Arc<Sockets> {
        Arc::new(Sockets {
            limits,
            counts: Mutex::new(Counts::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Counts> {
        // Counts are only ever raised or lowered by one under the lock: still valid after a panic.
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn admit(
        self: &Arc<Self>,
        ip: Option<IpAddr>,
        user: Option<i64>,
    ) -> Result<SocketPermit, SocketRefusal> {
        let mut c = self.lock();
        if c.total >= self.limits.max {
            return Err(SocketRefusal::Process);
        }
        if ip.is_some() && count(&c.ips, ip.as_ref()) >= self.limits.per_ip {
            return Err(SocketRefusal::PerIp);
        }
        if user.is_some() && count(&c.users, user.as_ref()) >= self.limits.per_user {
            return Err(SocketRefusal::PerUser);
        }
        c.total += 1;
        if let Some(ip) = ip {
            *c.ips.entry(ip).or_default() += 1;
        }
        if let Some(user) = user {
            *c.users.entry(user).or_default() += 1;
        }
        Ok(SocketPermit {
            sockets: self.clone(),
            ip,
            user,
            release: None,
        })
    }

    /// Sockets open right now.
    pub fn open(&self) -> usize {
        self.lock().total
    }

    /// Open sockets per address and per user.
    pub fn counts(&self) -> OpenCounts {
        let c = self.lock();
        (
            c.ips.iter().map(|(k, v)| (*k, *v)).collect(),
            c.users.iter().map(|(k, v)| (*k, *v)).collect(),
        )
    }
}

impl Drop for SocketPermit {
    fn drop(&mut self) {
        {
            let mut c = self.sockets.lock();
            c.total = c.total.saturating_sub(1);
            release(&mut c.ips, self.ip.as_ref());
            release(&mut c.users, self.user.as_ref());
        }
        if let Some(release) = self.release.take() {
            release();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> Option<IpAddr> {
        Some(IpAddr::from([127, 0, 0, n]))
    }

    #[test]
    fn each_limit_refuses_and_permits_give_back() {
        let s = Sockets::new(SocketLimits {
            per_ip: 2,
            per_user: 1,
            max: 3,
        });
        let a = s.admit(ip(2), None).expect("first");
        let _b = s.admit(ip(2), None).expect("second");
        assert_eq!(s.admit(ip(2), None).err(), Some(SocketRefusal::PerIp));
        let _u = s.admit(ip(3), Some(7)).expect("user");
        assert_eq!(s.admit(ip(4), None).err(), Some(SocketRefusal::Process));
        drop(a);
        assert_eq!(s.admit(ip(4), Some(7)).err(), Some(SocketRefusal::PerUser));
        let _c = s.admit(ip(2), None).expect("a freed slot");
        assert_eq!(s.open(), 3);
    }
}
