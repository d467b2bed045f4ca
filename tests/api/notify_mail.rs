//! Notification mail through a real SMTP server: instant mail per notification (words as
//! the notifications page has them, through the recipient's spoiler shield, only for the
//! kinds chosen and only to confirmed addresses), and digests that gather what waited.
use crate::helpers::{spawn_app_with, Backend, Browser, TestApp};
use crate::notifications::reply;
use crate::smtp::SmtpSink;

async fn with_mail(backend: Backend) -> Option<(TestApp, SmtpSink)> {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_with(backend, |c| {
        c.mail.smtp_url = Some(url);
        c.notify_mail.sweep = std::time::Duration::from_millis(50);
        c.notify_mail.digest_every = std::time::Duration::from_secs(3600);
    })
    .await?;
    Some((app, sink))
}

macro_rules! with_mail_on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let (app, sink) = super::with_mail(crate::helpers::Backend::Sqlite)
                        .await
                        .expect("sqlite app");
                    super::$name(app, sink).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some((app, sink)) =
                        super::with_mail(crate::helpers::Backend::Postgres).await
                    {
                        super::$name(app, sink).await;
                    }
                }
            }
        )*
    };
}

with_mail_on_both!(
    instant_mail_for_the_kinds_chosen,
    digests_gather_what_waited,
);

/// Gives `name` a confirmed address (the confirmation flow has its own test).
async fn confirm_address(app: &TestApp, name: &str) -> String {
    let address = format!("{name}@example.org");
    sqlx::query("UPDATE users SET email = $1, email_verified_at = $2 WHERE username_lower = $3")
        .bind(&address)
        .bind(1_i64)
        .bind(name)
        .execute(&app.db.pool)
        .await
        .expect("set address");
    address
}

/// Every kind shown on the site; `email` sets the mail choice of some kinds.
async fn set_email(b: &Browser, email: &[(&str, &str)]) {
    let kinds = [
        "reply",
        "quote",
        "mention",
        "new_thread",
        "party",
        "moderation",
        "episode",
    ];
    let names: Vec<(String, String)> = kinds
        .iter()
        .map(|k| (format!("web_{k}"), "on".to_string()))
        .chain(
            email
                .iter()
                .map(|(k, v)| (format!("email_{k}"), v.to_string())),
        )
        .collect();
    let fields: Vec<(&str, &str)> = names
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = b.post("/settings/notifications", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
}

async fn outbox_drained(app: &TestApp) {
    crate::helpers::eventually("the outbox is empty", || async {
        app.count("mail_outbox").await == 0
    })
    .await;
}

async fn unmailed(app: &TestApp, name: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.username_lower = $1 AND n.emailed_at IS NULL",
    )
    .bind(name)
    .fetch_one(&app.db.pool)
    .await
    .expect("count")
    .try_get(0)
    .expect("count")
}

async fn instant_mail_for_the_kinds_chosen(app: TestApp, sink: SmtpSink) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let dave = app.browser().signed_up("dave").await;
    let ann_addr = confirm_address(&app, "ann").await;
    // Replies stay on the site; mentions are mailed at once.
    set_email(&ann, &[("reply", "off"), ("mention", "instant")]).await;
    // dave wants mail but has no confirmed address.
    set_email(&dave, &[("mention", "instant")]).await;
    let thread = ann
        .new_thread("night-shift", "general", "Ambulance night", "Who drives?")
        .await;
    reply(&bob, thread, "I do, every shift.").await;
    reply(&bob, thread, "Hey @dave, you too.").await;
    let post = reply(&bob, thread, "What do you think, @ann?").await;
    let first = sink.message(1).await;
    assert!(first.starts_with(&format!("To: {ann_addr}")), "{first}");
    assert!(
        first.contains(
            "Subject: bob mentioned you in \u{201c}Ambulance night\u{201d} (Night Shift)"
        ),
        "{first}"
    );
    assert!(
        first.contains(&format!("{}/threads/{thread}?page=1#post-{post}", app.base)),
        "an absolute link to the post: {first}"
    );
    assert!(first.contains(&format!("{}/settings", app.base)), "{first}");
    outbox_drained(&app).await;
    assert_eq!(
        sink.messages().len(),
        1,
        "no mail for the reply nor to dave"
    );
    assert_eq!(
        unmailed(&app, "dave").await,
        1,
        "dave's waits for an address"
    );

    // Replies left off email are not mailed when ann turns their mail on later.

    set_email(&ann, &[("reply", "instant")]).await;
    // A thread behind ann's shield is named by its show only, in mail as on the site.
    let secret = crate::helpers::thread_past_watching(&ann, &bob).await;
    let r = ann
        .post(
            &format!("/threads/{secret}/follow"),
            &[("action", "follow")],
        )
        .await;
    assert_eq!(r.status, 303);
    reply(&bob, secret, "Second secret sentence").await;
    let second = sink.message(2).await;
    assert!(
        second.contains("Subject: New reply in a shielded thread of Night Shift"),
        "{second}"
    );
    assert!(!second.contains("Double Back"), "{second}");
    assert!(!second.contains("secret sentence"), "{second}");
    outbox_drained(&app).await;
    assert_eq!(sink.messages().len(), 2, "each notification mailed once");
}

/// Makes every waiting notification of `name` two hours old: older than a digest period.
async fn age_notifications(app: &TestApp, name: &str) {
    sqlx::query(
        "UPDATE notifications SET created_at = created_at - 7200000 \
         WHERE user_id = (SELECT id FROM users WHERE username_lower = $1)",
    )
    .bind(name)
    .execute(&app.db.pool)
    .await
    .expect("age notifications");
}

async fn digests_gather_what_waited(app: TestApp, sink: SmtpSink) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let bob = app.browser().signed_up("bob").await;
    let ann_addr = confirm_address(&app, "ann").await;
    set_email(&ann, &[("reply", "digest"), ("mention", "instant")]).await;
    let thread = ann
        .new_thread("night-shift", "general", "Ambulance night", "Who drives?")
        .await;
    reply(&bob, thread, "I do, every shift.").await;
    reply(&bob, thread, "And on weekends.").await;
    // A fresh digest waits; an instant kind does not wait for it.
    reply(&bob, thread, "Right, @ann?").await;
    let first = sink.message(1).await;
    assert!(first.contains("Subject: bob mentioned you"), "{first}");
    assert_eq!(
        unmailed(&app, "ann").await,
        2,
        "the replies wait for the digest"
    );

    age_notifications(&app, "ann").await;
    let digest = sink.message(2).await;
    assert!(digest.starts_with(&format!("To: {ann_addr}")), "{digest}");
    assert!(
        digest.contains("Subject: Cliffhanger: 2 new notifications"),
        "{digest}"
    );
    assert_eq!(
        digest
            .matches("bob replied in \u{201c}Ambulance night\u{201d} (Night Shift)")
            .count(),
        2,
        "{digest}"
    );
    assert!(
        digest.contains(&format!("{}/threads/{thread}", app.base)),
        "{digest}"
    );

    // One read on the site before its digest is not mailed.
    reply(&bob, thread, "Third time.").await;
    let r = ann.post("/notifications/read", &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    reply(&bob, thread, "Fourth time.").await;
    age_notifications(&app, "ann").await;
    let next = sink.message(3).await;
    assert!(
        next.contains("Subject: Cliffhanger: 1 new notification\n"),
        "{next}"
    );
    outbox_drained(&app).await;
    assert_eq!(sink.messages().len(), 3);
}
