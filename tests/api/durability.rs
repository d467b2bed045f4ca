//! An acknowledged chat message survives SIGKILL: the binary runs as a child process.
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use sqlx::Row;

use crate::helpers::TestApp;
use crate::ws::Chat;

crate::on_both_backends!(acked_message_survives_sigkill);

struct Server {
    child: Child,
    base: String,
}

/// Starts `cliffhanger serve` on port 0 against the test's database and reads the URL it prints.
fn start_server(app: &TestApp) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cliffhanger"));
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(app.data_dir.path())
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(url) = &app.database_url {
        cmd.env("DATABASE_URL", url);
    }
    let mut child = cmd.spawn().expect("start cliffhanger serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("startup line");
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in startup line {line:?}"))
        .to_string();
    Server { child, base }
}

async fn acked_message_survives_sigkill(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let mut server = start_server(&app);
    let (mut chat, _) = Chat::join(&server.base, &room, None, Some(&ann)).await;
    let id = chat.say("this must survive", "durable-1").await;
    // SIGKILL right after the ack: no shutdown hook, no flush.
    server.child.kill().expect("kill -9");
    server.child.wait().expect("reap");
    let row = sqlx::query("SELECT body FROM chat_messages WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await
        .expect("query");
    let body: Option<String> = row.map(|r| r.try_get(0).expect("body"));
    assert_eq!(body.as_deref(), Some("this must survive"));
}
