//! Error pages, refused forms and shield labels in the reader's language.
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT_LANGUAGE};

use crate::helpers::{escaped, thread_past_watching, Browser, TestApp};

crate::on_both_backends!(
    missing_thread_page_is_french,
    refused_sign_up_is_french,
    shield_label_is_french
);

/// A browser whose every request asks for French.
fn french(app: &TestApp) -> Browser {
    Browser::build(&app.base, |b| {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("fr-FR,fr;q=0.9"));
        b.default_headers(h)
    })
}

async fn missing_thread_page_is_french(app: TestApp) {
    let r = french(&app).get("/threads/999999").await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(r.body.contains("<html lang=\"fr\""), "{}", r.body);
    assert!(
        r.body.contains(&escaped("Cette discussion n'existe pas.")),
        "{}",
        r.body
    );
    assert!(r.body.contains("Introuvable"), "{}", r.body);
    assert!(
        !r.body.contains("That thread does not exist."),
        "{}",
        r.body
    );
    // The page is made for its viewer: a signed-in reader finds their name in the header.
    let ann = french(&app).signed_up("ann_fr").await;
    let r = ann.get("/threads/999999").await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(r.body.contains("ann_fr"), "{}", r.body);
    assert!(
        r.body.contains(&escaped("Cette discussion n'existe pas.")),
        "{}",
        r.body
    );
    // Without a language asked for, the same page stays English.
    let r = app.browser().get("/threads/999999").await;
    assert_eq!(r.status, 404);
    assert!(r.body.contains("That thread does not exist."), "{}", r.body);
}

async fn refused_sign_up_is_french(app: TestApp) {
    let b = french(&app);
    let r = b.register("bea_fr", "short").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.body
            .contains("Le mot de passe doit compter de 8 à 128 caractères."),
        "{}",
        r.body
    );
    french(&app).signed_up("taken_fr").await;
    let r = b.register("taken_fr", "correct horse battery").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body.contains(&escaped(
            "Ce nom d'utilisateur est pris. Essayez-en un autre."
        )),
        "{}",
        r.body
    );
}

async fn shield_label_is_french(app: TestApp) {
    app.seed_catalogue().await;
    let watcher = french(&app).signed_up("cleo_fr").await;
    let author = app.browser().signed_up("dan_en").await;
    thread_past_watching(&watcher, &author).await;
    let fr = watcher.get("/shows/night-shift/forum").await;
    assert_eq!(fr.status, 200);
    let label = "Discussion S01E02 · contenu masqué tant que vous n'avez pas vu S01E02";
    assert!(fr.body.contains(&escaped(label)), "{}", fr.body);
    assert!(
        !fr.body.contains("Double Back twist revealed"),
        "{}",
        fr.body
    );
}
