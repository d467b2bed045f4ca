//! Moderation: who may do what (server-side), and what each action does as users see it.
use serde_json::Value;
use sqlx::Row;

use crate::helpers::{spawn_app_with, Backend, Browser, TestApp};
use crate::ws::{Chat, Event};

crate::on_both_backends!(
    authorization_matrix,
    content_actions_as_users_see_them,
    sanctions_and_live_chat_moderation,
    word_filters_block_hold_replace,
    reports_queue_and_mod_log
);

/// Everything a moderator action can change, to prove a refused one changed nothing.
async fn fingerprint(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM mod_log",
        "SELECT COUNT(*) FROM sanctions",
        "SELECT COUNT(*) FROM word_filters",
        "SELECT COUNT(*) FROM room_settings",
        "SELECT COUNT(*) FROM show_moderators",
        "SELECT COUNT(*) FROM threads WHERE locked = 1 OR pinned = 1 OR removed_reason IS NOT NULL",
        "SELECT COUNT(*) FROM posts WHERE removed_reason IS NOT NULL",
        "SELECT COUNT(*) FROM chat_messages WHERE deleted = 1",
        "SELECT COUNT(*) FROM reports WHERE status <> 'open'",
        "SELECT COUNT(*) FROM threads t JOIN boards b ON b.id = t.board_id WHERE b.slug = 'theories'",
        "SELECT COUNT(*) FROM threads WHERE title LIKE 'Renamed%'",
    ] {
        let n: i64 = sqlx::query(sql).fetch_one(&app.db.pool).await.expect(sql).try_get(0).expect("count");
        out.push(format!("{sql} = {n}"));
    }
    out
}

/// (path, form fields, admins only)
type Action<'a> = (String, Vec<(&'a str, &'a str)>, bool);

struct World {
    admin: Browser,
    moda: Browser,
    modb: Browser,
    user: Browser,
    suspended: Browser,
    anon: Browser,
    thread: i64,
    post: i64,
    chat_id: i64,
    room: String,
}

async fn world(app: &TestApp) -> World {
    app.seed_catalogue().await;
    let admin = app.browser().signed_up("admin").await;
    let moda = app.browser().signed_up("mod_a").await;
    let modb = app.browser().signed_up("mod_b").await;
    let user = app.browser().signed_up("user").await;
    let suspended = app.browser().signed_up("suspended").await;
    app.browser().signed_up("newbie").await;
    for (name, show) in [("mod_a", "night-shift"), ("mod_b", "far-shore")] {
        let r = admin
            .post(
                &format!("/shows/{show}/mod/team"),
                &[("username", name), ("action", "grant")],
            )
            .await;
        assert_eq!(r.status, 303, "grant {name}");
    }
    let r = admin
        .post(
            "/shows/night-shift/mod/sanctions",
            &[
                ("username", "suspended"),
                ("kind", "suspend"),
                ("duration", "3"),
                ("reason", "cooling off"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let thread = user
        .new_thread(
            "night-shift",
            "general",
            "A thread to moderate",
            "first post",
        )
        .await;
    let r = user
        .post(
            &format!("/threads/{thread}/posts"),
            &[("body", "a reply to moderate")],
        )
        .await;
    let post: i64 = r
        .location
        .unwrap_or_default()
        .rsplit("#post-")
        .next()
        .and_then(|p| p.parse().ok())
        .expect("post id");
    assert_eq!(
        user.post(
            "/report",
            &[
                ("kind", "post"),
                ("id", &post.to_string()),
                ("reason", "spam")
            ]
        )
        .await
        .status,
        303
    );
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let (mut c, _) = Chat::join(&app.base, &room, None, Some(&user)).await;
    let chat_id = c.say("a chat message to moderate", "m1").await;
    World {
        admin,
        moda,
        modb,
        user,
        suspended,
        anon: app.browser(),
        thread,
        post,
        chat_id,
        room,
    }
}

async fn authorization_matrix(app: TestApp) {
    let w = world(&app).await;
    let (t, p, c) = (
        w.thread.to_string(),
        w.post.to_string(),
        w.chat_id.to_string(),
    );
    let actions: Vec<Action> = vec![
        (
            format!("/posts/{p}/mod"),
            vec![("action", "remove"), ("reason", "rude")],
            false,
        ),
        (
            format!("/posts/{p}/mod"),
            vec![("action", "restore")],
            false,
        ),
        (format!("/threads/{t}/mod"), vec![("action", "lock")], false),
        (format!("/threads/{t}/mod"), vec![("action", "pin")], false),
        (
            format!("/threads/{t}/mod"),
            vec![("action", "move"), ("board", "theories")],
            false,
        ),
        (
            format!("/threads/{t}/mod"),
            vec![
                ("action", "edit"),
                ("title", "Renamed thread"),
                ("episode", "s01e01"),
            ],
            false,
        ),
        (
            format!("/threads/{t}/mod"),
            vec![("action", "remove"), ("reason", "off-topic")],
            false,
        ),
        (
            "/shows/night-shift/mod/sanctions".into(),
            vec![
                ("username", "user"),
                ("kind", "warn"),
                ("reason", "be nice"),
                ("role", "admin"),
                ("author_id", "1"),
            ],
            false,
        ),
        (
            "/shows/night-shift/mod/rooms".into(),
            vec![("room", w.room.as_str()), ("slow_mode_s", "5")],
            false,
        ),
        (
            "/shows/night-shift/mod/filters".into(),
            vec![("pattern", "darn"), ("action", "replace")],
            false,
        ),
        (
            format!("/chat/messages/{c}/mod"),
            vec![("action", "delete")],
            false,
        ),
        (
            "/shows/night-shift/mod/reports".into(),
            vec![("kind", "post"), ("id", p.as_str()), ("action", "dismiss")],
            false,
        ),
        (
            "/shows/night-shift/mod/team".into(),
            vec![("username", "newbie"), ("action", "grant")],
            true,
        ),
        (
            "/shows/night-shift/mod/settings".into(),
            vec![("public_modlog", "on")],
            true,
        ),
        (
            "/admin/ban".into(),
            vec![("username", "suspended"), ("reason", "spam waves")],
            true,
        ),
    ];
    for (path, fields, admin_only) in &actions {
        let before = fingerprint(&app).await;
        // Refused: anonymous (sent to log in), a user, another show's moderator, a suspended user.
        let anon = w.anon.post(path, fields).await;
        assert!(
            anon.status == 303 && anon.location.as_deref() == Some("/login"),
            "anonymous {path}: {}",
            anon.status
        );
        for (who, b) in [
            ("user", &w.user),
            ("mod of another show", &w.modb),
            ("suspended", &w.suspended),
        ] {
            assert_eq!(
                b.post(path, fields).await.status,
                403,
                "{who} {path} {fields:?}"
            );
        }
        if *admin_only {
            assert_eq!(
                w.moda.post(path, fields).await.status,
                403,
                "mod {path} is admin-only"
            );
        }
        // CSRF: the right role without a token is refused too.
        let holder = if *admin_only { &w.admin } else { &w.moda };
        assert_eq!(
            holder.post_raw(path, fields).await.status,
            403,
            "no csrf {path}"
        );
        assert_eq!(
            fingerprint(&app).await,
            before,
            "refused {path} changed nothing"
        );
        // Allowed: this show's moderator (or an admin for admin-only actions).
        let ok = holder.post(path, fields).await;
        assert_eq!(ok.status, 303, "allowed {path} {fields:?}: {}", ok.body);
        assert_ne!(fingerprint(&app).await, before, "{path} took effect");
    }
    // Admins can do what moderators can.
    assert_eq!(
        w.admin
            .post(&format!("/threads/{t}/mod"), &[("action", "unlock")])
            .await
            .status,
        303
    );
    // Extra fields did not change who did what: the warning is by mod_a, on `user`.
    let row = sqlx::query("SELECT u.username FROM sanctions s JOIN users u ON u.id = s.created_by WHERE s.kind = 'warn'")
        .fetch_one(&app.db.pool)
        .await
        .expect("warn");
    assert_eq!(row.try_get::<String, _>(0).expect("name"), "mod_a");
    // The mod tools page is there for moderators only.
    assert_eq!(w.moda.get("/shows/night-shift/mod").await.status, 200);
    assert_eq!(w.modb.get("/shows/night-shift/mod").await.status, 403);
    assert_eq!(w.user.get("/shows/night-shift/mod").await.status, 403);
    assert!(w
        .moda
        .get("/shows/night-shift")
        .await
        .body
        .contains("/shows/night-shift/mod\""));
    assert!(!w
        .user
        .get("/shows/night-shift")
        .await
        .body
        .contains("/shows/night-shift/mod\""));
}

async fn content_actions_as_users_see_them(app: TestApp) {
    let w = world(&app).await;
    let (t, p) = (w.thread, w.post);
    // Indexed first, so removal visibly takes it out of search.
    crate::search_wait(&w.anon, "/shows/night-shift/search?q=moderate", |page| {
        page.contains(&format!("#post-{p}"))
    })
    .await;
    assert_eq!(
        w.moda
            .post(
                &format!("/posts/{p}/mod"),
                &[("action", "remove"), ("reason", "rude remark")]
            )
            .await
            .status,
        303
    );
    let seen = w.user.get(&format!("/threads/{t}")).await.body;
    assert!(
        seen.contains("removed by a moderator: rude remark")
            && !seen.contains("a reply to moderate")
    );
    let modview = w.moda.get(&format!("/threads/{t}")).await.body;
    assert!(
        modview.contains("a reply to moderate"),
        "moderators still see it"
    );
    crate::search_wait(&w.anon, "/shows/night-shift/search?q=reply", |page| {
        !page.contains(&format!("#post-{p}"))
    })
    .await;

    assert_eq!(
        w.moda
            .post(&format!("/threads/{t}/mod"), &[("action", "lock")])
            .await
            .status,
        303
    );
    let refused = w
        .user
        .post(
            &format!("/threads/{t}/posts"),
            &[("body", "can I still reply?")],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("locked"));
    assert_eq!(
        w.moda
            .post(&format!("/threads/{t}/mod"), &[("action", "unlock")])
            .await
            .status,
        303
    );

    assert_eq!(
        w.moda
            .post(&format!("/threads/{t}/mod"), &[("action", "pin")])
            .await
            .status,
        303
    );
    let other = w
        .user
        .new_thread("night-shift", "general", "Newer thread", "newer")
        .await;
    let list = w.anon.get("/shows/night-shift/forum/general").await.body;
    let (pinned, newer) = (
        list.find(&format!("/threads/{t}\"")),
        list.find(&format!("/threads/{other}\"")),
    );
    assert!(pinned < newer, "pinned first");
    assert_eq!(
        w.moda
            .post(
                &format!("/threads/{t}/mod"),
                &[("action", "move"), ("board", "theories")]
            )
            .await
            .status,
        303
    );
    assert!(w
        .anon
        .get("/shows/night-shift/forum/theories")
        .await
        .body
        .contains(&format!("/threads/{t}\"")));
    let edit = w
        .moda
        .post(
            &format!("/threads/{t}/mod"),
            &[
                ("action", "edit"),
                ("title", "Renamed by mods"),
                ("episode", "s01e02"),
            ],
        )
        .await;
    assert_eq!(edit.status, 303);
    let page = w.anon.get(&format!("/threads/{t}")).await.body;
    assert!(page.contains("Renamed by mods") && page.contains("S01E02"));

    assert_eq!(
        w.moda
            .post(
                &format!("/threads/{t}/mod"),
                &[("action", "remove"), ("reason", "duplicate")]
            )
            .await
            .status,
        303
    );
    let gone = w.anon.get(&format!("/threads/{t}")).await.body;
    assert!(
        gone.contains("removed by a moderator: duplicate") && !gone.contains("Renamed by mods")
    );
    assert!(w
        .anon
        .get("/shows/night-shift/forum")
        .await
        .body
        .contains("removed by a moderator: duplicate"));
    assert_eq!(
        w.moda
            .post(&format!("/threads/{t}/mod"), &[("action", "restore")])
            .await
            .status,
        303
    );
    assert!(w
        .anon
        .get(&format!("/threads/{t}"))
        .await
        .body
        .contains("Renamed by mods"));
}

async fn sanctions_and_live_chat_moderation(app: TestApp) {
    let w = world(&app).await;
    // The suspended user reads and reports but cannot post, and is told why and until when.
    let page = w.suspended.get(&format!("/threads/{}", w.thread)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Suspended from posting in Night Shift until")
            && page.body.contains("cooling off")
    );
    let r = w
        .suspended
        .post(
            &format!("/threads/{}/posts", w.thread),
            &[("body", "let me post")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains("let me post"), "form kept");
    assert_eq!(
        w.suspended
            .post(
                "/report",
                &[
                    ("kind", "thread"),
                    ("id", &w.thread.to_string()),
                    ("reason", "other")
                ]
            )
            .await
            .status,
        303
    );

    // Warning: the user sees it.
    w.moda
        .post(
            "/shows/night-shift/mod/sanctions",
            &[
                ("username", "user"),
                ("kind", "warn"),
                ("reason", "mind the tone"),
            ],
        )
        .await;
    assert!(w
        .user
        .get("/")
        .await
        .body
        .contains("Warning in Night Shift: mind the tone"));

    let (mut reader, _) = Chat::join(&app.base, &w.room, None, None).await;
    let (mut u, _) = Chat::join(&app.base, &w.room, None, Some(&w.user)).await;
    let id = u.say("this one will be deleted", "d1").await;
    assert_eq!(reader.messages(1).await[0]["id"], id);
    // Delete: connected clients get `deleted`, and it is gone from replay and backlog.
    assert_eq!(
        w.moda
            .post(&format!("/chat/messages/{id}/mod"), &[("action", "delete")])
            .await
            .status,
        303
    );
    let deleted = reader.expect_type("deleted").await;
    assert_eq!(deleted["id"], id);
    let (_fresh, hello) = Chat::join(&app.base, &w.room, None, None).await;
    assert!(hello["backlog"]
        .as_array()
        .is_some_and(|b| b.iter().all(|m| m["id"] != id)));

    // Time out from the message: the next send gets `timed_out` with the time left.
    let r = w
        .moda
        .post(
            &format!("/chat/messages/{}/mod", w.chat_id),
            &[
                ("action", "timeout"),
                ("duration", "10"),
                ("reason", "spamming"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    u.send_text("am I muted?", "d2").await;
    let err = u.expect_type("error").await;
    assert_eq!(err["code"], "timed_out");
    let left = err["retry_after_ms"].as_u64().expect("retry");
    assert!(left > 9 * 60_000 && left <= 10 * 60_000, "{left}");

    // Mods-only lockdown; moderators' messages are marked; demotion takes effect on the open socket.
    let r = w
        .moda
        .post(
            "/shows/night-shift/mod/rooms",
            &[
                ("room", w.room.as_str()),
                ("slow_mode_s", "0"),
                ("mods_only", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let (mut m, _) = Chat::join(&app.base, &w.room, None, Some(&w.moda)).await;
    m.say("mods only for a while", "mo1").await;
    let marked: Vec<Value> = reader.messages(1).await;
    assert_eq!(marked[0]["mod"], true);
    let (mut plain, _) = Chat::join(&app.base, &w.room, None, Some(&w.suspended)).await;
    plain.send_text("raid!", "x").await;
    assert_eq!(plain.expect_type("error").await["code"], "forbidden");
    assert_eq!(
        w.admin
            .post(
                "/shows/night-shift/mod/team",
                &[("username", "mod_a"), ("action", "revoke")]
            )
            .await
            .status,
        303
    );
    m.send_text("still a mod?", "mo2").await;
    assert_eq!(
        m.expect_type("error").await["code"],
        "forbidden",
        "demoted moderator's socket lost its powers"
    );

    // Site ban: sessions and sockets end at once.
    let (mut banned_sock, _) = Chat::join(&app.base, &w.room, None, Some(&w.user)).await;
    assert_eq!(
        w.admin
            .post(
                "/admin/ban",
                &[("username", "user"), ("reason", "spam waves")]
            )
            .await
            .status,
        303
    );
    loop {
        match banned_sock.next_event().await {
            Event::Frame(_) => continue,
            Event::Closed(Some(f)) => {
                assert_eq!(u16::from(f.code), 4003);
                break;
            }
            other => panic!("expected close 4003, got {other:?}"),
        }
    }
    assert!(
        !w.user.get("/").await.body.contains("Log out"),
        "banned user's session ended"
    );
}

async fn word_filters_block_hold_replace(app: TestApp) {
    let w = world(&app).await;
    for (pattern, action) in [
        ("buy now", "block"),
        ("crypto", "hold"),
        ("darn", "replace"),
    ] {
        let r = w
            .moda
            .post(
                "/shows/night-shift/mod/filters",
                &[("pattern", pattern), ("action", action)],
            )
            .await;
        assert_eq!(r.status, 303);
    }
    let posts = app.count("posts").await;
    let blocked = w
        .user
        .post(
            &format!("/threads/{}/posts", w.thread),
            &[("body", "Great deals, BUY NOW!")],
        )
        .await;
    assert_eq!(blocked.status, 422);
    assert!(blocked.body.contains("buy now") && blocked.body.contains("Great deals, BUY NOW!"));
    assert_eq!(app.count("posts").await, posts, "blocked text is not saved");
    let title_blocked = w
        .user
        .post(
            "/shows/night-shift/threads",
            &[
                ("title", "buy now please"),
                ("body", "x y z"),
                ("board", "general"),
            ],
        )
        .await;
    assert_eq!(title_blocked.status, 422, "titles are filtered too");

    let replaced = w
        .user
        .post(
            &format!("/threads/{}/posts", w.thread),
            &[("body", "Darn it, darned thing")],
        )
        .await;
    assert_eq!(replaced.status, 303);
    let page = w.anon.get(&format!("/threads/{}", w.thread)).await.body;
    assert!(
        page.contains("**** it, darned thing"),
        "whole words only, case-insensitive"
    );

    let held = w
        .user
        .post(
            &format!("/threads/{}/posts", w.thread),
            &[("body", "ask me about crypto")],
        )
        .await;
    assert_eq!(held.status, 303);
    assert!(
        !w.anon
            .get(&format!("/threads/{}", w.thread))
            .await
            .body
            .contains("ask me about crypto"),
        "held from others"
    );
    assert!(
        w.user
            .get(&format!("/threads/{}", w.thread))
            .await
            .body
            .contains("held for review"),
        "author sees it held"
    );
    let modpage = w.moda.get(&format!("/threads/{}", w.thread)).await.body;
    assert!(modpage.contains("ask me about crypto"));
    let held_id: i64 = sqlx::query("SELECT id FROM posts WHERE held = 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("held")
        .try_get(0)
        .expect("id");
    assert_eq!(
        w.moda
            .post(&format!("/posts/{held_id}/mod"), &[("action", "approve")])
            .await
            .status,
        303
    );
    assert!(w
        .anon
        .get(&format!("/threads/{}", w.thread))
        .await
        .body
        .contains("ask me about crypto"));

    // Chat: blocked and replaced live.
    let (mut c, _) = Chat::join(&app.base, &w.room, None, Some(&w.user)).await;
    c.send_text("buy now, friends", "f1").await;
    assert_eq!(c.expect_type("error").await["code"], "forbidden");
    c.say("darn this episode", "f2").await;
    let got = c.messages(1).await;
    assert_eq!(got[0]["text"], "**** this episode");
}

async fn reports_queue_and_mod_log(app: TestApp) {
    let w = world(&app).await;
    let pid = w.post.to_string();
    // One report per user per item; a second user adds to the count.
    let again = w
        .user
        .post(
            "/report",
            &[("kind", "post"), ("id", &pid), ("reason", "spam")],
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(
        w.suspended
            .post(
                "/report",
                &[
                    ("kind", "post"),
                    ("id", &pid),
                    ("reason", "harassment"),
                    ("details", "rude to me")
                ]
            )
            .await
            .status,
        303
    );
    assert_eq!(
        w.suspended
            .post(
                "/report",
                &[("kind", "post"), ("id", &pid), ("reason", "not-a-reason")]
            )
            .await
            .status,
        422
    );
    let queue = w.moda.get("/shows/night-shift/mod").await.body;
    assert!(
        queue.contains("2 reports")
            && queue.contains("user, suspended")
            && queue.contains("harassment: rude to me")
    );
    let site = w.admin.get("/mod").await.body;
    assert!(site.contains("2 reports"));
    assert_eq!(w.modb.get("/mod").await.status, 200);
    assert!(
        !w.modb.get("/mod").await.body.contains("2 reports"),
        "another show's moderator does not see it"
    );
    assert_eq!(w.user.get("/mod").await.status, 403);

    // Remove and sanction in one step.
    let r = w
        .moda
        .post(
            "/shows/night-shift/mod/reports",
            &[
                ("kind", "post"),
                ("id", &pid),
                ("action", "remove_sanction"),
                ("reason", "spam"),
                ("sanction", "timeout"),
                ("duration", "30"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        !w.moda
            .get("/shows/night-shift/mod")
            .await
            .body
            .contains("2 reports"),
        "resolved items leave the queue"
    );
    assert!(w
        .user
        .get("/")
        .await
        .body
        .contains("Chat timeout in Night Shift until"));
    // Another show's moderator cannot resolve this show's items through their own show.
    let cross = w
        .modb
        .post(
            "/shows/far-shore/mod/reports",
            &[("kind", "post"), ("id", &pid), ("action", "dismiss")],
        )
        .await;
    assert_eq!(cross.status, 403);

    // The log: one entry per action, with actor, target and reason.
    let log = w.moda.get("/shows/night-shift/modlog").await.body;
    assert!(
        log.contains("remove post")
            && log.contains("timeout for 30 min")
            && log.contains("mod_a")
            && log.contains("spam")
    );
    let entries: i64 = sqlx::query("SELECT COUNT(*) FROM mod_log WHERE show_id IS NOT NULL AND action IN ('remove post', 'timeout for 30 min')")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("n");
    assert_eq!(entries, 2);
    // Private by default; public without moderator names when the admins say so.
    assert_eq!(w.anon.get("/shows/night-shift/modlog").await.status, 403);
    assert_eq!(
        w.admin
            .post(
                "/shows/night-shift/mod/settings",
                &[("public_modlog", "on")]
            )
            .await
            .status,
        303
    );
    let public = w.anon.get("/shows/night-shift/modlog").await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("remove post") && public.body.contains("spam"));
    assert!(
        !public.body.contains("<th>Moderator</th>") && !public.body.contains("<td>mod_a</td>"),
        "moderators are not named"
    );
    assert!(log.contains("<td>mod_a</td>"), "moderators see who acted");
}

/// Fresh accounts post at most 5 times an hour and no links (the default limits).
async fn new_account_limits(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.new_accounts = Default::default()).await else {
        return;
    };
    app.seed_catalogue().await;
    let _admin = app.browser().signed_up("admin").await;
    let fresh = app.browser().signed_up("fresh").await;
    let link = fresh
        .post(
            "/shows/night-shift/threads",
            &[
                ("title", "Cheap stuff"),
                ("body", "see https://spam.example"),
                ("board", "general"),
            ],
        )
        .await;
    assert_eq!(link.status, 422);
    assert!(link.body.contains("cannot post links"));
    let t = fresh
        .new_thread("night-shift", "general", "Hello all", "first post")
        .await;
    for i in 2..=5 {
        let r = fresh
            .post(
                &format!("/threads/{t}/posts"),
                &[("body", &format!("post {i}"))],
            )
            .await;
        assert_eq!(r.status, 303, "post {i}");
    }
    let sixth = fresh
        .post(&format!("/threads/{t}/posts"), &[("body", "post 6")])
        .await;
    assert_eq!(sixth.status, 429);
    assert!(sixth.body.contains("post 6"), "form kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_account_limits_sqlite() {
    new_account_limits(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_account_limits_postgres() {
    new_account_limits(Backend::Postgres).await;
}
