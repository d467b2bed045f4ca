//! `cliffhanger import`: the real binary against the test database.
use std::process::Command;

use crate::helpers::{escaped, TestApp, SAMPLE_CATALOGUE};

crate::on_both_backends!(import_is_idempotent_and_rejects_bad_files_whole);

async fn counts(app: &TestApp) -> (i64, i64, i64, i64, i64) {
    (
        app.count("shows").await,
        app.count("seasons").await,
        app.count("episodes").await,
        app.count("episode_air_dates").await,
        app.count("threads").await,
    )
}

pub(crate) fn run_import(app: &TestApp, text: &str) -> std::process::Output {
    let file = app.data_dir.path().join(format!("cat-{}.json", text.len()));
    std::fs::write(&file, text).expect("write catalogue");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cliffhanger"));
    cmd.arg("import")
        .arg(&file)
        .arg("--data-dir")
        .arg(app.data_dir.path());
    cmd.env_remove("DATABASE_URL");
    if let Some(url) = &app.database_url {
        cmd.env("DATABASE_URL", url);
    }
    cmd.output().expect("run cliffhanger import")
}

async fn import_is_idempotent_and_rejects_bad_files_whole(app: TestApp) {
    let out = run_import(&app, SAMPLE_CATALOGUE);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("imported 2 shows, 2 seasons, 3 episodes, 3 air dates"));
    let first = counts(&app).await;
    assert_eq!(first, (2, 2, 3, 3, 3));
    let page = app.browser().get("/shows/night-shift").await.body;
    assert!(page.contains("Double Back"));

    // Re-import with a changed title updates in place.
    let changed = SAMPLE_CATALOGUE.replace("Double Back", "Double Back (Director's Cut)");
    let again = run_import(&app, &changed);
    assert!(again.status.success());
    assert_eq!(counts(&app).await, first, "re-import duplicates nothing");
    assert!(app
        .browser()
        .get("/shows/night-shift/episodes/s01e02")
        .await
        .body
        .contains(&escaped("Director's Cut")));

    // A bad date deep in the file: the field is named and nothing of the file is imported.
    let broken = changed
        .replace("\"far-shore\"", "\"brand-new\"")
        .replace("\"2024-01-12\"", "\"2024-02-31\"");
    let bad = run_import(&app, &broken);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("shows[0].seasons[0].episodes[1].air_dates.US"),
        "{err}"
    );
    assert!(err.contains("nothing imported"), "{err}");
    assert_eq!(counts(&app).await, first);
    assert!(app.browser().get("/shows/brand-new").await.status == 404);

    // Malformed JSON names the line.
    let bad_json = run_import(
        &app,
        "{\"shows\": [\n  {\"slug\": \"x\",\n  \"title\": }\n]}",
    );
    assert!(!bad_json.status.success());
    assert!(String::from_utf8_lossy(&bad_json.stderr).contains("line 3"));
}
