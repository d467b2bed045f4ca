//! The client of a request: address, scheme and host, read from `Forwarded` /
//! `X-Forwarded-*` only when the TCP peer is a trusted proxy (`--trusted-proxy`).
//! actix's `connection_info()` believes those headers from anyone, so nothing decides on it.
use std::future::{ready, Ready};
use std::net::{IpAddr, Ipv4Addr};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::domain::{Cidr, Client};
use crate::web::AppState;

/// What the connection itself says, before any forwarding header.
pub struct Peer<'a> {
    pub ip: Option<IpAddr>,
    pub https: bool,
    pub host: &'a str,
}

/// The client: the peer itself unless it is trusted; then the right-most forwarded address
/// that is not a trusted proxy, and the scheme and host the nearest proxy reported.
pub fn resolve(peer: Peer<'_>, headers: &HeaderMap, trusted: &[Cidr]) -> Client {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let own = Client {
        ip: peer.ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        https: peer.https,
        host: peer.host.to_ascii_lowercase(),
    };
    if !peer.ip.is_some_and(is_trusted) {
        return own;
    }
    let hops = forwarded_hops(headers);
    let (chain, proto, host) = if !hops.is_empty() {
        let last = hops.last();
        (
            hops.iter().map(|h| h.for_.clone()).collect::<Vec<_>>(),
            last.and_then(|h| h.proto.clone()),
            last.and_then(|h| h.host.clone()),
        )
    } else {
        (
            list(headers, "x-forwarded-for"),
            list(headers, "x-forwarded-proto").pop().flatten(),
            list(headers, "x-forwarded-host").pop().flatten(),
        )
    };
    let mut ip = own.ip;
    for entry in chain.iter().rev() {
        // An entry that is no address (`unknown`, garbage) ends what can be known.
        let Some(addr) = entry.as_deref().and_then(parse_node) else {
            break;
        };
        ip = addr;
        if !is_trusted(addr) {
            break;
        }
    }
    Client {
        ip,
        https: match proto {
            Some(p) => p.eq_ignore_ascii_case("https"),
            None => own.https,
        },
        host: host
            .filter(|h| is_host(h))
            .map(|h| h.to_ascii_lowercase())
            .unwrap_or(own.host),
    }
}

/// Comma-separated values of every header of that name, in order.
fn list(headers: &HeaderMap, name: &str) -> Vec<Option<String>> {
    headers
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
        .collect()
}

#[derive(Default)]
struct Hop {
    for_: Option<String>,
    proto: Option<String>,
    host: Option<String>,
}

/// RFC 7239: `for=…;proto=…;host=…` elements separated by commas.
fn forwarded_hops(headers: &HeaderMap) -> Vec<Hop> {
    let mut hops = Vec::new();
    for value in headers.get_all(header::FORWARDED) {
        let Ok(value) = value.to_str() else { continue };
        for element in value.split(',') {
            let mut hop = Hop::default();
            for pair in element.split(';') {
                let Some((k, v)) = pair.split_once('=') else {
                    continue;
                };
                let v = v.trim().trim_matches('"').to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "for" => hop.for_ = Some(v),
                    "proto" => hop.proto = Some(v),
                    "host" => hop.host = Some(v),
                    _ => {}
                }
            }
            hops.push(hop);
        }
    }
    hops
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711` or a bare IPv6.
fn parse_node(s: &str) -> Option<IpAddr> {
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    let (addr, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    addr.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

fn is_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]_".contains(&b))
}

/// The client of `req`, as the `resolve_client` middleware stored it.
pub fn client(req: &HttpRequest) -> Client {
    if let Some(c) = req.extensions().get::<Client>() {
        return c.clone();
    }
    compute(req, &[])
}

fn compute(req: &HttpRequest, trusted: &[Cidr]) -> Client {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or("localhost");
    let peer = Peer {
        ip: req.peer_addr().map(|a| a.ip()),
        https: req.app_config().secure(),
        host,
    };
    resolve(peer, req.headers(), trusted)
}

/// Resolves the client once per request and keeps it in the request's extensions, where
/// the session cookie, the CSRF origin check and the response headers read it.
pub async fn resolve_client(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let trusted = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.trusted_proxies.clone())
        .unwrap_or_default();
    let client = compute(req.request(), &trusted);
    req.extensions_mut().insert(client);
    next.call(req).await
}

impl FromRequest for Client {
    type Error = actix_web::Error;
    type Future = Ready<Result<Client, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(Ok(client(req)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn peer(ip: &str) -> Peer<'static> {
        Peer {
            ip: Some(ip.parse().unwrap()),
            https: false,
            host: "Site.Example:8080",
        }
    }

    fn trusted() -> Vec<Cidr> {
        vec!["10.0.0.0/8".parse().unwrap(), "127.0.0.2".parse().unwrap()]
    }

    const FORGED: &[(&str, &str)] = &[
        ("x-forwarded-for", "6.6.6.6"),
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "evil.example"),
        ("forwarded", "for=6.6.6.6;proto=https;host=evil.example"),
    ];

    #[test]
    fn untrusted_peers_are_taken_at_their_word_only() {
        let c = resolve(peer("203.0.113.7"), &headers(FORGED), &trusted());
        assert_eq!(c.ip, "203.0.113.7".parse::<IpAddr>().unwrap());
        assert!(!c.https);
        assert_eq!(c.host, "site.example:8080");
        // No trusted list at all: the default.
        let c = resolve(peer("10.0.0.1"), &headers(FORGED), &[]);
        assert_eq!(c.ip, "10.0.0.1".parse::<IpAddr>().unwrap());
        assert!(!c.https);
    }

    #[test]
    fn trusted_proxies_report_the_right_most_untrusted_address() {
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1, 2.2.2.2"),
            ("x-forwarded-for", "10.1.1.1"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "Fans.Example"),
        ]);
        let c = resolve(peer("127.0.0.2"), &h, &trusted());
        // 1.1.1.1 was written by the client itself and could be anything.
        assert_eq!(c.ip, "2.2.2.2".parse::<IpAddr>().unwrap());
        assert!(c.https);
        assert_eq!(c.host, "fans.example");
    }

    #[test]
    fn forwarded_wins_over_x_forwarded() {
        let h = headers(&[
            ("x-forwarded-for", "9.9.9.9"),
            (
                "forwarded",
                "for=\"[2001:db8::7]:4711\";proto=http, for=192.0.2.60:80;proto=https;host=fans.example",
            ),
        ]);
        let c = resolve(peer("10.0.0.3"), &h, &trusted());
        assert_eq!(c.ip, "192.0.2.60".parse::<IpAddr>().unwrap());
        assert!(c.https);
        assert_eq!(c.host, "fans.example");
    }

    #[test]
    fn only_proxies_in_the_chain_fall_back_to_the_left_most() {
        let h = headers(&[("x-forwarded-for", "10.0.0.9, 10.0.0.8")]);
        let c = resolve(peer("10.0.0.1"), &h, &trusted());
        assert_eq!(c.ip, "10.0.0.9".parse::<IpAddr>().unwrap());
        let h = headers(&[("x-forwarded-for", "garbage, 10.0.0.8")]);
        let c = resolve(peer("10.0.0.1"), &h, &trusted());
        assert_eq!(c.ip, "10.0.0.8".parse::<IpAddr>().unwrap());
        assert!(!c.https);
        // A host header value that is no host name is ignored.
        let h = headers(&[("x-forwarded-host", "a b/c")]);
        assert_eq!(
            resolve(peer("10.0.0.1"), &h, &trusted()).host,
            "site.example:8080"
        );
    }
}
