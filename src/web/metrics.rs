//! `GET /metrics` (Prometheus text) and the middleware that counts every request.
//!
//! Who may read it: a loopback peer that is not a trusted proxy, or anyone presenting
//! `Authorization: Bearer` with `--metrics-token`. A trusted proxy's requests need the token
//! even from 127.0.0.1, because a proxy on this machine forwards requests from anywhere.
use std::net::IpAddr;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::domain::{Cidr, MetricsToken};
use crate::metrics::{CONTENT_TYPE, UNMATCHED_ROUTE};
use crate::web::AppState;

/// What a `/metrics` request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// A token is configured and this request did not present it: 401.
    TokenRequired,
    /// Not local and no token is configured: 403.
    Forbidden,
}

/// The access rule, from the TCP peer (never a forwarded header), the trusted proxies, the
/// `Authorization` header and the configured token.
pub fn access(
    peer: Option<IpAddr>,
    trusted_proxies: &[Cidr],
    authorization: Option<&str>,
    token: Option<&MetricsToken>,
) -> Access {
    if let (Some(token), Some(presented)) = (token, authorization.and_then(bearer)) {
        if token.matches(presented) {
            return Access::Allowed;
        }
    }
    let local = peer.is_some_and(|ip| {
        ip.to_canonical().is_loopback() && !trusted_proxies.iter().any(|c| c.contains(ip))
    });
    match (local, token) {
        (true, _) => Access::Allowed,
        (false, Some(_)) => Access::TokenRequired,
        (false, None) => Access::Forbidden,
    }
}

/// The credentials of `Bearer <token>` (the scheme is case-insensitive, RFC 7235).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim_start())
}

pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match access(
        req.peer_addr().map(|a| a.ip()),
        &state.config.trusted_proxies,
        authorization,
        state.config.metrics_token.as_ref(),
    ) {
        Access::Allowed => {}
        Access::TokenRequired => {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, r#"Bearer realm="metrics""#))
                .content_type("text/plain; charset=utf-8")
                .body("Metrics need Authorization: Bearer with the --metrics-token value.\n")
        }
        Access::Forbidden => {
            return HttpResponse::Forbidden()
                .content_type("text/plain; charset=utf-8")
                .body("Metrics are served to this machine only; set --metrics-token to scrape from elsewhere.\n")
        }
    }
    refresh_gauges(&state).await;
    match state.metrics.render() {
        Ok(text) => HttpResponse::Ok()
            .content_type(CONTENT_TYPE)
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(text),
        Err(e) => {
            tracing::error!(error = %e, "rendering metrics failed");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Metrics could not be rendered.\n")
        }
    }
}

/// The gauges read at scrape time: each is one cheap lock or query.
async fn refresh_gauges(state: &AppState) {
    let m = &state.metrics;
    m.websockets_open
        .set(i64::try_from(state.chat.open_sockets()).unwrap_or(i64::MAX));
    let pool = state.db.pool_stats();
    m.db_pool_connections
        .with_label_values(&["idle"])
        .set(pool.idle);
    m.db_pool_connections
        .with_label_values(&["in_use"])
        .set(pool.in_use);
    m.db_pool_max.set(pool.max);
    m.search_indexer_active.set(i64::from(
        state.indexer.role() == crate::search::indexer::Role::Active,
    ));
    // A failed read leaves the last values: the rest of the scrape is still worth having.
    match crate::search::backlog::read(&state.db).await {
        Ok(b) => {
            m.search_outbox_rows.set(b.rows);
            m.search_indexing_lag.set(b.oldest_age.as_secs_f64());
        }
        Err(e) => tracing::warn!(error = %e, "reading the search outbox for metrics failed"),
    }
}

/// Counts every answered request by method, route pattern and status, and times it.
/// The pattern, not the path, labels it: `/threads/{id}` is one series however many
/// threads there are, and every unrouted path is `unmatched`.
pub async fn count_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone());
    let method = req.method().clone();
    let started = Instant::now();
    let result = next.call(req).await;
    if let Some(m) = metrics {
        let seconds = started.elapsed().as_secs_f64();
        match &result {
            Ok(res) => {
                let route = res.request().match_pattern();
                let route = route.as_deref().unwrap_or(UNMATCHED_ROUTE);
                m.observe_request(method.as_str(), route, res.status().as_u16(), seconds);
            }
            // A middleware refused it; which route it would have reached is not known.
            Err(e) => {
                let status = e.as_response_error().status_code().as_u16();
                m.observe_request(method.as_str(), UNMATCHED_ROUTE, status, seconds);
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    fn token() -> MetricsToken {
        "s3cret-token-0123456789".parse().unwrap()
    }

    #[test]
    fn loopback_peers_need_no_token() {
        for peer in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(access(ip(peer), &[], None, None), Access::Allowed, "{peer}");
            assert_eq!(
                access(ip(peer), &[], None, Some(&token())),
                Access::Allowed,
                "{peer}"
            );
        }
    }

    #[test]
    fn remote_peers_are_refused_without_a_configured_token() {
        for peer in ["10.0.0.5", "203.0.113.9", "::ffff:10.0.0.5", "2001:db8::1"] {
            assert_eq!(
                access(ip(peer), &[], None, None),
                Access::Forbidden,
                "{peer}"
            );
            // A bearer header means nothing when no token is configured.
            assert_eq!(
                access(ip(peer), &[], Some("Bearer anything-at-all-here"), None),
                Access::Forbidden
            );
        }
        assert_eq!(access(None, &[], None, None), Access::Forbidden);
    }

    #[test]
    fn remote_peers_need_the_exact_token() {
        let t = token();
        let remote = ip("203.0.113.9");
        assert_eq!(
            access(
                remote,
                &[],
                Some("Bearer s3cret-token-0123456789"),
                Some(&t)
            ),
            Access::Allowed
        );
        assert_eq!(
            access(
                remote,
                &[],
                Some("bearer  s3cret-token-0123456789"),
                Some(&t)
            ),
            Access::Allowed
        );
        for wrong in [
            "Bearer s3cret-token-012345678",
            "Bearer s3cret-token-01234567890",
            "Basic s3cret-token-0123456789",
            "s3cret-token-0123456789",
            "Bearer",
            "",
        ] {
            assert_eq!(
                access(remote, &[], Some(wrong), Some(&t)),
                Access::TokenRequired,
                "{wrong:?}"
            );
        }
        assert_eq!(access(remote, &[], None, Some(&t)), Access::TokenRequired);
    }

    #[test]
    fn a_trusted_proxy_on_loopback_is_not_local() {
        // nginx on this machine forwards requests from anywhere: they must not pass as local.
        let trusted: Vec<Cidr> = vec!["127.0.0.1/32".parse().unwrap()];
        assert_eq!(
            access(ip("127.0.0.1"), &trusted, None, None),
            Access::Forbidden
        );
        assert_eq!(
            access(ip("127.0.0.1"), &trusted, None, Some(&token())),
            Access::TokenRequired
        );
        assert_eq!(
            access(
                ip("127.0.0.1"),
                &trusted,
                Some("Bearer s3cret-token-0123456789"),
                Some(&token())
            ),
            Access::Allowed
        );
        // Another loopback address that is not the proxy is still local.
        assert_eq!(
            access(ip("127.0.0.2"), &trusted, None, None),
            Access::Allowed
        );
    }
}
