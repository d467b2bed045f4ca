//! Seeding for `loadtest pages`: a fresh account, a thread in the first show's General
//! board, and replies until the thread holds the requested number of posts. Goes through
//! the real forms (CSRF tokens, session cookie) like a browser would.
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use rand::Rng;
use reqwest::{redirect, Client, StatusCode};

use super::http::Target;

pub struct Seeded {
    /// The account that opened the thread.
    pub username: String,
    /// Accounts that wrote the posts (fresh accounts may only post a few times an hour).
    pub authors: usize,
    pub show_slug: String,
    pub thread_id: i64,
    pub posts: usize,
    /// Size of the anonymous thread page in bytes.
    pub page_bytes: usize,
}

/// The value of the first `name="csrf_token" value="…"` in a page.
pub fn csrf_token(html: &str) -> Option<String> {
    const KEY: &str = r#"name="csrf_token" value=""#;
    let start = html.find(KEY)? + KEY.len();
    let len = html[start..].find('"')?;
    let token = &html[start..start + len];
    (!token.is_empty()).then(|| token.to_string())
}

/// The slug of the first `/shows/{slug}` link in a page.
pub fn first_show_slug(html: &str) -> Option<String> {
    const KEY: &str = r#"href="/shows/"#;
    let mut rest = html;
    while let Some(i) = rest.find(KEY) {
        rest = &rest[i + KEY.len()..];
        let slug: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if !slug.is_empty() {
            return Some(slug);
        }
    }
    None
}

/// The thread id in a `Location: /threads/{id}…` header.
pub fn thread_id_from_location(location: &str) -> Option<i64> {
    let i = location.find("/threads/")? + "/threads/".len();
    let digits: String = location[i..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

const OPENERS: &[&str] = &[
    "Okay, I rewatched the last ten minutes twice and I'm still not sure what I saw.",
    "Finally caught up after a week of avoiding spoilers at work.",
    "Hot take: this was the strongest episode of the season so far.",
    "I loved the pacing in the first half, but the ending felt rushed.",
    "Can we talk about that cold open?",
    "Long-time lurker, first post here.",
];

const MIDDLES: &[&str] = &[
    "The way the camera lingered on the **lighthouse** before the cut was not an accident.",
    "Notice how the score drops out completely during the interrogation scene; it makes the silence *deafening*.",
    "The writers have been setting up the betrayal since the second episode, if you go back and look at the letter on the desk.",
    "Honestly the supporting cast carried this one, especially the scenes at the harbour.",
    "I think the timeline jumps are meant to be read backwards, which would explain the missing year.",
    "The dialogue in the car felt like it was lifted straight from the first season finale.",
    "Some people are reading the final shot as a dream sequence, but the reflection in the window says otherwise.",
    "There is a great breakdown of the set design on the production blog if anyone is interested; search for `harbour set tour`.",
];

const CLOSERS: &[&str] = &[
    "Anyway, I need to know what happens next week.",
    "Curious whether anyone else picked up on that.",
    "Let me know if I'm reading too much into it.",
    "Ten out of ten, would be emotionally wrecked again.",
    "My theory still stands until someone proves me wrong.",
];

const EXTRAS: &[&str] = &[
    "\n\nThings I want answered:\n\n- who sent the second letter\n- why the clock was stopped at 4:10\n- where the dog went",
    "\n\n> Nothing stays buried in this town.\n\nThat line is going to age very well.",
    "\n\nRanking the episodes so far:\n\n1. The Harbour\n2. Low Tide\n3. The Keeper",
    "\n\n~~I was wrong about the brother~~ I was half right about the brother.",
    "",
    "",
];

/// A few sentences of forum-style Markdown, different for each `i`.
pub fn post_body(i: usize) -> String {
    let mut s = String::new();
    s.push_str(OPENERS[i % OPENERS.len()]);
    s.push(' ');
    s.push_str(MIDDLES[i % MIDDLES.len()]);
    s.push(' ');
    s.push_str(MIDDLES[(i * 3 + 1) % MIDDLES.len()]);
    s.push_str("\n\n");
    s.push_str(CLOSERS[i % CLOSERS.len()]);
    s.push_str(EXTRAS[i % EXTRAS.len()]);
    s
}

pub async fn page(client: &Client, url: &str) -> anyhow::Result<String> {
    let resp = client
        .get(url)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = resp.status();
    if status != StatusCode::OK {
        bail!("GET {url}: expected 200, got {status}");
    }
    Ok(resp.text().await?)
}

/// What a form POST came back with.
pub enum Posted {
    /// 303 with this Location.
    Redirect(String),
    /// Any other status, with the start of the page (it says what was wrong).
    Refused(StatusCode, String),
}

pub async fn try_post_form(
    client: &Client,
    url: &str,
    form: &[(&str, &str)],
) -> anyhow::Result<Posted> {
    let resp = client
        .post(url)
        .form(form)
        .send()
        .await
        .with_context(|| format!("POST {url}"))?;
    let status = resp.status();
    if status != StatusCode::SEE_OTHER {
        let body = resp.text().await.unwrap_or_default();
        return Ok(Posted::Refused(status, error_excerpt(&body)));
    }
    let location = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| anyhow!("POST {url}: 303 without a Location"))?;
    Ok(Posted::Redirect(location.to_string()))
}

/// The form error message of a page if it has one, else its first 300 characters.
fn error_excerpt(html: &str) -> String {
    let start = html
        .find(r#"role="alert""#)
        .or_else(|| html.find(r#"class="card error-page""#))
        .or_else(|| html.find("<main"))
        .unwrap_or(0);
    html[start..].chars().take(300).collect()
}

/// POSTs a form and expects a 303; returns its Location.
pub async fn post_form(
    client: &Client,
    url: &str,
    form: &[(&str, &str)],
) -> anyhow::Result<String> {
    match try_post_form(client, url, form).await? {
        Posted::Redirect(location) => Ok(location),
        Posted::Refused(status, excerpt) => {
            bail!("POST {url}: expected 303, got {status}: {excerpt}")
        }
    }
}

/// A signed-in account: its cookie-keeping client and the CSRF token of its session.
pub struct Author {
    pub username: String,
    pub client: Client,
    pub token: String,
}

/// Registers a fresh account; the session's CSRF token comes from `token_page`.
pub async fn register(base: &str, token_page: &str) -> anyhow::Result<Author> {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let form = page(&client, &format!("{base}/register")).await?;
    let token = csrf_token(&form).context("no csrf_token on /register")?;
    let username = format!("loadtest-{:08x}", rand::thread_rng().gen::<u32>());
    let password = format!("pw-{:016x}", rand::thread_rng().gen::<u64>());
    post_form(
        &client,
        &format!("{base}/register"),
        &[
            ("username", &username),
            ("password", &password),
            ("csrf_token", &token),
        ],
    )
    .await
    .context("registering a load-test user")?;
    let html = page(&client, &format!("{base}{token_page}")).await?;
    let token = csrf_token(&html)
        .with_context(|| format!("no csrf_token on {token_page} after signing up"))?;
    Ok(Author {
        username,
        client,
        token,
    })
}

/// Fresh accounts may post only a few times an hour (HTTP 429 beyond that); each one is
/// used until refused, so seeding works on a site where the load-test user is not admin.
const MAX_AUTHORS: usize = 40;

pub async fn seed(target: &Target, posts: usize) -> anyhow::Result<Seeded> {
    let base = &target.base;
    let anon = Client::builder()
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let home = page(&anon, &format!("{base}/")).await?;
    let show_slug = first_show_slug(&home)
        .context("no /shows/{slug} link on the home page (start the server with --demo)")?;
    let new_thread = format!("/shows/{show_slug}/threads/new");

    let mut author = register(base, &new_thread).await?;
    let opener = author.username.clone();
    let mut authors = 1;
    page(&author.client, &format!("{base}/shows/{show_slug}")).await?;
    let title = format!("Load test: episode theories ({opener})");
    let first_body = post_body(0);
    let location = post_form(
        &author.client,
        &format!("{base}/shows/{show_slug}/threads"),
        &[
            ("title", &title),
            ("body", &first_body),
            ("board", "general"),
            ("csrf_token", &author.token),
        ],
    )
    .await
    .context("creating the thread")?;
    let thread_id = thread_id_from_location(&location)
        .with_context(|| format!("thread creation redirected to {location:?}"))?;

    let reply_url = format!("{base}/threads/{thread_id}/posts");
    let mut i = 1;
    while i < posts {
        let body = post_body(i);
        let form = [
            ("body", body.as_str()),
            ("csrf_token", author.token.as_str()),
        ];
        match try_post_form(&author.client, &reply_url, &form).await? {
            Posted::Redirect(location) => {
                if thread_id_from_location(&location) != Some(thread_id) {
                    bail!("reply {i} redirected to {location:?}, not thread {thread_id}");
                }
                i += 1;
            }
            Posted::Refused(StatusCode::TOO_MANY_REQUESTS, _) if authors < MAX_AUTHORS => {
                author = register(base, &format!("/threads/{thread_id}")).await?;
                authors += 1;
            }
            Posted::Refused(status, excerpt) => {
                bail!("posting reply {i}: expected 303, got {status}: {excerpt}")
            }
        }
    }

    // What the measured requests get: the page as an anonymous visitor sees it.
    let html = page(&anon, &format!("{base}/threads/{thread_id}")).await?;
    let shown = html.matches(r#"<article class="post""#).count();
    if shown != posts.min(30) {
        bail!("thread {thread_id} shows {shown} posts on its first page, expected {posts}");
    }
    Ok(Seeded {
        username: opener,
        authors,
        show_slug,
        thread_id,
        posts,
        page_bytes: html.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_tokens_slugs_and_ids() {
        let html = r#"<a href="/shows/">x</a><a href="/shows/the-keep">K</a>
            <input type="hidden" name="csrf_token" value="abc123">"#;
        assert_eq!(first_show_slug(html).as_deref(), Some("the-keep"));
        assert_eq!(csrf_token(html).as_deref(), Some("abc123"));
        assert_eq!(csrf_token("<p>none</p>"), None);
        assert_eq!(thread_id_from_location("/threads/42"), Some(42));
        assert_eq!(thread_id_from_location("/threads/7?page=1#post-9"), Some(7));
        assert_eq!(thread_id_from_location("/"), None);
    }

    #[test]
    fn post_bodies_vary_and_fit() {
        let a = post_body(1);
        let b = post_body(2);
        assert_ne!(a, b);
        assert!((0..30).all(|i| post_body(i).len() < 1000));
    }
}
