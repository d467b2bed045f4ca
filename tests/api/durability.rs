//! An acknowledged chat message survives SIGKILL: the binary runs as a child process.
use sqlx::Row;

use crate::helpers::{ChildServer, TestApp};
use crate::ws::Chat;

crate::on_both_backends!(acked_message_survives_sigkill);

async fn acked_message_survives_sigkill(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    // The child gets its own data dir (search index) but shares the test's database.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = ChildServer::start(dir.path(), &app.shared_database_url(), &[]);
    let (mut chat, _) = Chat::join(&server.base, &room, None, Some(&ann)).await;
    let id = chat.say("this must survive", "durable-1").await;
    // SIGKILL right after the ack.
    server.kill9();
    let row = sqlx::query("SELECT body FROM chat_messages WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await
        .expect("query");
    let body: Option<String> = row.map(|r| r.try_get(0).expect("body"));
    assert_eq!(body.as_deref(), Some("this must survive"));
}
