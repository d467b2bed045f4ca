//! Reactions on posts: toggled one of each per user, counted right for several users, shown
//! without JavaScript with accessible names, refused where the post takes none, and limited
//! per user per minute even when the requests arrive at once.
use crate::helpers::{spawn_app_with, Backend, Browser, TestApp};

crate::on_both_backends!(
    reactions_toggle_and_count_per_user,
    reactions_refused_where_the_post_takes_none,
);

fn post_id_from(location: &str) -> i64 {
    location
        .rsplit("#post-")
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no post id in {location}"))
}

async fn reply(b: &Browser, thread: i64, body: &str) -> i64 {
    let r = b
        .post(&format!("/threads/{thread}/posts"), &[("body", body)])
        .await;
    assert_eq!(r.status, 303, "reply: {}", r.body);
    post_id_from(r.location.as_deref().unwrap_or_default())
}

async fn react(b: &Browser, post: i64, key: &str) -> crate::helpers::Resp {
    b.post(&format!("/posts/{post}/reactions"), &[("reaction", key)])
        .await
}

/// The reaction button of `key` on one post, as the page prints it.
fn button(page: &str, post: i64, key: &str) -> String {
    let form = format!("action=\"/posts/{post}/reactions\"");
    let Some(start) = page.find(&form) else {
        return String::new();
    };
    let rest = &page[start..];
    let end = rest.find("</form>").unwrap_or(rest.len());
    let marker = format!("value=\"{key}\"");
    rest[..end]
        .split("<button")
        .find(|b| b.contains(&marker))
        .unwrap_or_default()
        .to_string()
}

async fn reactions_toggle_and_count_per_user(app: TestApp) {
    app.seed_catalogue().await;
    let _admin = app.browser().signed_up("admin").await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let thread = ann
        .new_thread("night-shift", "general", "Reactions here", "first post")
        .await;
    let post = reply(&bob, thread, "a reply worth a reaction").await;

    let r = react(&ann, post, "like").await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/threads/{thread}?page=1#post-{post}").as_str())
    );
    assert_eq!(react(&bob, post, "like").await.status, 303);
    assert_eq!(react(&bob, post, "fire").await.status, 303);

    let page = ann.get(&format!("/threads/{thread}")).await.body;
    let like = button(&page, post, "like");
    assert!(like.contains("aria-label=\"Like (2)\""), "{like}");
    assert!(like.contains("aria-pressed=\"true\""), "ann's own: {like}");
    let fire = button(&page, post, "fire");
    assert!(
        fire.contains("aria-label=\"Fire (1)\"") && fire.contains("aria-pressed=\"false\""),
        "{fire}"
    );
    assert!(button(&page, post, "sad").contains("aria-label=\"Sad (0)\""));

    // A second press takes ann's like back; bob's stays.
    assert_eq!(react(&ann, post, "like").await.status, 303);
    let page = ann.get(&format!("/threads/{thread}")).await.body;
    let like = button(&page, post, "like");
    assert!(
        like.contains("aria-label=\"Like (1)\"") && like.contains("aria-pressed=\"false\""),
        "{like}"
    );
    assert_eq!(app.count("post_reactions").await, 2);

    // Two presses at once by one user never count twice.
    let (a, b) = tokio::join!(react(&ann, post, "wow"), react(&ann, post, "wow"));
    assert_eq!((a.status, b.status), (303, 303));
    let wow: i64 =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM post_reactions WHERE reaction = 'wow'")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert!(wow <= 1, "one of each per user: {wow}");

    // The script's answer: the post's counts as JSON.
    let token = bob.csrf().await;
    let json: serde_json::Value = bob
        .http
        .post(bob.url(&format!("/posts/{post}/reactions")))
        .header("Accept", "application/json")
        .form(&[("reaction", "sad"), ("csrf_token", &token)])
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json answer");
    assert_eq!(json["post"], post);
    assert_eq!(json["added"], true);
    let sad = json["reactions"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["key"] == "sad"))
        .cloned()
        .expect("sad listed");
    assert_eq!(
        (sad["count"].clone(), sad["mine"].clone()),
        (1.into(), true.into())
    );

    // Visitors see the counts; pressing sends them to log in.
    let anon = app.browser();
    let page = anon.get(&format!("/threads/{thread}")).await.body;
    assert!(button(&page, post, "like").contains("aria-label=\"Like (1)\""));
    let r = react(&anon, post, "like").await;
    assert_eq!(
        (r.status, r.location.as_deref()),
        (303, Some("/login")),
        "signed out"
    );

    // Bad input: an unknown reaction, a missing token, a post that does not exist.
    assert_eq!(react(&ann, post, "thumbsdown").await.status, 422);
    let no_token = ann
        .post_raw(&format!("/posts/{post}/reactions"), &[("reaction", "like")])
        .await;
    assert_eq!(no_token.status, 403);
    assert_eq!(react(&ann, 999_999, "like").await.status, 404);
    assert_eq!(
        app.count("post_reactions").await,
        3 + wow,
        "nothing refused was saved"
    );
}

async fn reactions_refused_where_the_post_takes_none(app: TestApp) {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let thread = ann
        .new_thread("night-shift", "general", "States of posts", "first post")
        .await;
    let removed = reply(&bob, thread, "a reply to remove").await;
    let deleted = reply(&bob, thread, "a reply bob deletes").await;
    assert_eq!(react(&ann, removed, "heart").await.status, 303);

    let r = admin
        .post(
            &format!("/posts/{removed}/mod"),
            &[("action", "remove"), ("reason", "rude")],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = react(&ann, removed, "like").await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("removed by a moderator"), "{}", r.body);
    let page = ann.get(&format!("/threads/{thread}")).await.body;
    assert!(
        !page.contains(&format!("/posts/{removed}/reactions")) && !page.contains("Love (1)"),
        "no reaction bar on a removed post for readers"
    );
    let modview = admin.get(&format!("/threads/{thread}")).await.body;
    assert!(
        modview.contains("Love (1)"),
        "moderators still see the counts"
    );

    assert_eq!(
        bob.post(&format!("/posts/{deleted}/delete"), &[])
            .await
            .status,
        303
    );
    let r = react(&ann, deleted, "like").await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("deleted"));

    // A held post does not exist for others; its author is told why it takes none yet.
    let r = admin
        .post(
            "/shows/night-shift/mod/filters",
            &[("pattern", "crypto"), ("action", "hold")],
        )
        .await;
    assert_eq!(r.status, 303);
    let held = reply(&bob, thread, "crypto tips inside").await;
    assert_eq!(react(&ann, held, "like").await.status, 404);
    let r = react(&bob, held, "like").await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("review"), "{}", r.body);
    let own = bob.get(&format!("/threads/{thread}")).await.body;
    assert!(!own.contains(&format!("/posts/{held}/reactions")));

    // A suspended user cannot react in the show.
    let r = admin
        .post(
            "/shows/night-shift/mod/sanctions",
            &[
                ("username", "bob"),
                ("kind", "suspend"),
                ("duration", "3"),
                ("reason", "cooling off"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let first: i64 =
        sqlx::query_scalar::<_, i64>("SELECT id FROM posts WHERE thread_id = $1 AND position = 1")
            .bind(thread)
            .fetch_one(&app.db.pool)
            .await
            .expect("first post");
    let r = react(&bob, first, "like").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("cannot react"));

    // A locked thread takes no new reactions.
    assert_eq!(
        admin
            .post(&format!("/threads/{thread}/mod"), &[("action", "lock")])
            .await
            .status,
        303
    );
    let r = react(&ann, first, "like").await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("locked"));
    assert_eq!(
        app.count("post_reactions").await,
        1,
        "only the first one counted"
    );
}

async fn limited(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.activity.reactions_per_minute = 5).await else {
        return;
    };
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let thread = ann
        .new_thread("night-shift", "general", "Rapid reactions", "first post")
        .await;
    let mut posts = Vec::new();
    for i in 0..2 {
        posts.push(reply(&ann, thread, &format!("reply number {i}")).await);
    }
    let keys = ["like", "heart", "laugh", "wow", "sad", "fire"];
    let ann = &ann;
    let presses = posts
        .iter()
        .flat_map(|p| keys.iter().map(move |k| (*p, *k)))
        .map(|(p, k)| async move { react(ann, p, k).await });
    let got = futures_util::future::join_all(presses).await;
    let ok = got.iter().filter(|r| r.status == 303).count();
    let limited: Vec<_> = got.iter().filter(|r| r.status == 429).collect();
    assert_eq!(
        (ok, limited.len()),
        (5, 7),
        "12 presses at once, 5 a minute"
    );
    assert!(
        limited[0].body.contains("5 times a minute"),
        "{}",
        limited[0].body
    );
    assert_eq!(app.count("post_reactions").await, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_per_minute_hold_at_once_sqlite() {
    limited(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_per_minute_hold_at_once_postgres() {
    limited(Backend::Postgres).await;
}
