//! Forwarding headers are believed from trusted proxies only (`--trusted-proxy`).
use super::browser_from;
use crate::helpers::{spawn_app_with, Backend, Browser, TestApp};

/// Where the trusted reverse proxy connects from; 127.0.0.3 plays a client reaching the
/// server directly.
const PROXY: &str = "127.0.0.2";
const DIRECT: &str = "127.0.0.3";

async fn app_behind_proxy(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |c| {
        c.trusted_proxies = vec![PROXY.parse().expect("a range")];
    })
    .await
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn forwarded_headers_count_only_from_trusted_proxies() {
        let app = super::app_behind_proxy(crate::helpers::Backend::Sqlite)
            .await
            .expect("sqlite app");
        super::forwarded_headers_count_only_from_trusted_proxies(app).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn forwarded_headers_count_only_from_trusted_proxies() {
        if let Some(app) = super::app_behind_proxy(crate::helpers::Backend::Postgres).await {
            super::forwarded_headers_count_only_from_trusted_proxies(app).await;
        }
    }
}

mod login_limit {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = super::app_behind_proxy(crate::helpers::Backend::Sqlite)
            .await
            .expect("sqlite app");
        super::login_limit_counts_the_client_behind_the_proxy(app).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(app) = super::app_behind_proxy(crate::helpers::Backend::Postgres).await {
            super::login_limit_counts_the_client_behind_the_proxy(app).await;
        }
    }
}

/// A failed login (unknown user) sent with the given extra headers; its status.
async fn wrong_login(b: &Browser, headers: &[(&str, &str)]) -> u16 {
    let token = b.csrf().await;
    let mut req = b.http.post(b.url("/login"));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.form(&[
        ("username", "nobody"),
        ("password", "wrong password"),
        ("csrf_token", &token),
    ])
    .send()
    .await
    .expect("POST /login")
    .status()
    .as_u16()
}

async fn wrong_login_via(b: &Browser, forwarded_for: &str) -> u16 {
    wrong_login(b, &[("X-Forwarded-For", forwarded_for)]).await
}

/// Behind the proxy every fan shares its address: the failed-login limit must count the
/// client it forwards, or one attacker would lock every fan out of logging in.
async fn login_limit_counts_the_client_behind_the_proxy(app: TestApp) {
    let proxy = browser_from(&app.base, PROXY);
    let mut got = Vec::new();
    for _ in 0..7 {
        got.push(wrong_login_via(&proxy, "203.0.113.7").await);
    }
    assert_eq!(
        got,
        [401, 401, 401, 401, 401, 401, 429],
        "one client behind the proxy"
    );
    assert_eq!(
        wrong_login_via(&proxy, "203.0.113.8").await,
        401,
        "another fan behind the same proxy is not limited"
    );
}

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn forwarded_headers_count_only_from_trusted_proxies(app: TestApp) {
    let proxy = browser_from(&app.base, PROXY);
    let direct = browser_from(&app.base, DIRECT);
    let forged_https = [("X-Forwarded-Proto", "https"), ("Forwarded", "proto=https")];

    // HSTS only when the request really came over https.
    for (name, value) in forged_https {
        let r = direct
            .http
            .get(direct.url("/"))
            .header(name, value)
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 200);
        assert_eq!(header(&r, "strict-transport-security"), None, "{name}");
        let r = proxy
            .http
            .get(proxy.url("/"))
            .header(name, value)
            .send()
            .await
            .expect("GET");
        let hsts = header(&r, "strict-transport-security").unwrap_or_default();
        assert!(
            hsts.starts_with("max-age="),
            "{name} via the proxy: {hsts:?}"
        );
    }
    let plain = proxy.http.get(proxy.url("/")).send().await.expect("GET");
    assert_eq!(header(&plain, "strict-transport-security"), None);
    assert!(header(&plain, "permissions-policy").is_some());

    // The session cookie is Secure only for a client that came over https.
    let session_cookie = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.contains("ch_session="))
            .map(str::to_string)
            .unwrap_or_default()
    };
    let forged = register(&direct, "mallory").await;
    assert_eq!(forged.status(), 303);
    let cookie = session_cookie(&forged);
    assert!(cookie.starts_with("ch_session="), "{cookie}");
    assert!(!cookie.to_ascii_lowercase().contains("secure"), "{cookie}");
    let real = register(&proxy, "alice").await;
    assert_eq!(real.status(), 303);
    let cookie = session_cookie(&real);
    assert!(cookie.starts_with("__Host-ch_session="), "{cookie}");
    assert!(cookie.to_ascii_lowercase().contains("secure"), "{cookie}");

    // The Origin check compares with the host the client asked for: a forged
    // X-Forwarded-Host cannot make a foreign origin look local.
    let foreign = login_form(&direct, "http://evil.example", "evil.example").await;
    assert_eq!(foreign, 403, "a forged X-Forwarded-Host is not believed");
    let via_proxy = login_form(&proxy, "https://fans.example", "fans.example").await;
    assert_eq!(
        via_proxy, 401,
        "the proxy's X-Forwarded-Host is the site's host"
    );
}

async fn register(b: &Browser, name: &str) -> reqwest::Response {
    let token = b.csrf().await;
    b.http
        .post(b.url("/register"))
        .header("X-Forwarded-Proto", "https")
        .form(&[
            ("username", name),
            ("password", "correct horse battery"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST /register")
}

async fn login_form(b: &Browser, origin: &str, host: &str) -> u16 {
    wrong_login(b, &[("Origin", origin), ("X-Forwarded-Host", host)]).await
}
