//! The site's edge: who the client is behind proxies, where forms may send a browser,
//! images from other sites, how long sessions live and the headers pages carry.
mod content;
mod proxies;
mod sessions;
mod sockets;

use std::net::IpAddr;

use crate::helpers::Browser;

/// A browser whose TCP connections come from `ip` (any 127.0.0.N reaches the server on
/// Linux), so that one test can play several peers.
pub fn browser_from(base: &str, ip: &str) -> Browser {
    let ip: IpAddr = ip.parse().expect("an address");
    Browser::build(base, |b| b.local_address(ip))
}
