//! The interface language: pages in the browser's `Accept-Language`, the footer switcher's
//! cookie, the account's setting (which beats the cookie, which beats the header), and
//! plural forms per language.
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT_LANGUAGE};

use crate::helpers::{Browser, TestApp};
use crate::ws::Chat;

crate::on_both_backends!(
    reading_pages_follow_accept_language,
    a_refused_reply_keeps_the_french_form,
    the_switcher_sets_a_cookie_and_the_account,
    account_beats_cookie_beats_header,
    counts_take_each_languages_plural_forms,
    notifications_read_in_the_readers_language,
    settings_choose_a_language_or_automatic,
    chat_errors_come_in_the_viewers_language
);

/// A visitor whose browser asks for `accept` (e.g. "fr").
fn browser_speaking(app: &TestApp, accept: &'static str) -> Browser {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static(accept));
    Browser::build(&app.base, |b| b.default_headers(headers))
}

/// Sets the switcher's cookie by hand, as a browser that switched earlier would send it.
fn with_lang_cookie(b: &Browser, code: &str) {
    let url = reqwest::Url::parse(&b.base).expect("base url");
    b.jar
        .add_cookie_str(&format!("ch_lang={code}; Path=/"), &url);
}

fn html_lang(page: &str) -> Option<&str> {
    let start = page.find("<html lang=\"")? + "<html lang=\"".len();
    let end = page[start..].find('"')? + start;
    Some(&page[start..end])
}

async fn reading_pages_follow_accept_language(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let t = ann
        .new_thread("night-shift", "general", "Pilot talk", "What a start")
        .await;
    let fr = browser_speaking(&app, "fr-CA,fr;q=0.9,en;q=0.5");

    let home = fr.get("/").await;
    assert_eq!(home.status, 200);
    assert_eq!(html_lang(&home.body), Some("fr"));
    assert!(
        home.body.contains("Parlez de chaque épisode."),
        "{}",
        home.body
    );
    assert!(home.body.contains("Discussions récentes"));
    assert!(home.body.contains("Se connecter") && home.body.contains("S’inscrire"));
    assert!(!home.body.contains("Talk about every episode"));

    let thread = fr.get(&format!("/threads/{t}")).await;
    assert_eq!(thread.status, 200);
    assert_eq!(html_lang(&thread.body), Some("fr"));
    assert!(
        thread.body.contains("Pilot talk"),
        "user content stays as written"
    );
    assert!(
        thread.body.contains(
            ">Connectez-vous</a> ou <a href=\"/register\">inscrivez-vous</a> pour répondre."
        ),
        "{}",
        thread.body
    );
    assert!(thread.body.contains("aria-label=\"Fil d’Ariane\""));
    assert!(
        thread.body.contains("J’aime"),
        "reaction names are translated"
    );

    let live_url = "/shows/night-shift/episodes/s01e01/live?reveal=1";
    let live = fr.get(live_url).await;
    assert_eq!(live.status, 200);
    assert_eq!(html_lang(&live.body), Some("fr"));
    assert!(live.body.contains("Se connecter"));
    assert!(live.body.contains(" en ligne "), "{}", live.body);
    assert!(live.body.contains("pour discuter."));
    // A signed-in French viewer gets the chat form, and the script its sentences, in French.
    let cleo = browser_speaking(&app, "fr").signed_up("cleo").await;
    let live = cleo.get(live_url).await.body;
    assert!(live.contains(">Envoyer</button>"), "{live}");
    assert!(live.contains("placeholder=\"Dites quelque chose…\""));
    assert!(live.contains("data-t-banned=\"Vous ne pouvez plus discuter dans ce salon.\""));
    assert!(!live.contains(">Send</button>"));

    let search = fr.get("/search").await;
    assert_eq!(search.status, 200);
    assert_eq!(html_lang(&search.body), Some("fr"));
    assert!(search.body.contains("Rechercher dans toutes les séries"));
    assert!(search
        .body
        .contains("<button type=\"submit\">Rechercher</button>"));
    assert!(search.body.contains("Inclure les spoilers"));

    // The same pages without a preference stay English.
    let en = app.browser().get("/search").await;
    assert_eq!(html_lang(&en.body), Some("en"));
    assert!(en.body.contains("Search every show") && en.body.contains("Log in"));
}

/// A refused reply shows the thread again with its form in French. The refusal's own
/// sentence is worded by the posting rules, which are translated separately.
async fn a_refused_reply_keeps_the_french_form(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let t = ann
        .new_thread("night-shift", "general", "Pilot talk", "What a start")
        .await;
    let bob = browser_speaking(&app, "fr").signed_up("bob").await;
    let r = bob
        .post(&format!("/threads/{t}/posts"), &[("body", "   ")])
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(html_lang(&r.body), Some("fr"));
    assert!(r.body.contains("role=\"alert\""), "the refusal is shown");
    assert!(r.body.contains("<h2>Répondre</h2>"), "{}", r.body);
    assert!(r.body.contains(">Publier la réponse</button>"));
    assert!(r.body.contains("Se déconnecter"));
}

async fn the_switcher_sets_a_cookie_and_the_account(app: TestApp) {
    app.seed_catalogue().await;
    // A visitor: the cookie carries the choice.
    let visitor = app.browser();
    let token = visitor.csrf().await;
    let r = visitor
        .post_raw("/language", &[("lang", "de"), ("csrf_token", &token)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let home = visitor.get("/").await;
    assert_eq!(html_lang(&home.body), Some("de"));
    assert!(
        home.body.contains("Sprich über jede Folge."),
        "{}",
        home.body
    );
    assert!(home.body.contains("Anmelden"));

    // Without the CSRF token nothing changes.
    let other = app.browser();
    let r = other.post_raw("/language", &[("lang", "de")]).await;
    assert_ne!(r.status, 303);
    assert_eq!(html_lang(&other.get("/").await.body), Some("en"));

    // A member: the choice is kept on the account and follows them to a fresh browser.
    let ann = app.browser().signed_up("ann").await;
    let r = ann.post("/language", &[("lang", "de")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(html_lang(&ann.get("/").await.body), Some("de"));
    let fresh = app.browser();
    let r = fresh.login("ann", "correct horse battery").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let home = fresh.get("/").await;
    assert_eq!(
        html_lang(&home.body),
        Some("de"),
        "no cookie in this browser"
    );
    assert!(home.body.contains("Abmelden") && home.body.contains("Neueste Themen"));
}

async fn account_beats_cookie_beats_header(app: TestApp) {
    app.seed_catalogue().await;
    // Header alone.
    let es = browser_speaking(&app, "es");
    assert_eq!(html_lang(&es.get("/").await.body), Some("es"));
    // Cookie beats header.
    with_lang_cookie(&es, "fr");
    let page = es.get("/shows/night-shift").await;
    assert_eq!(html_lang(&page.body), Some("fr"));
    assert!(
        page.body.contains("Toutes les discussions"),
        "{}",
        page.body
    );
    // An unknown cookie value falls back to the header.
    let odd = browser_speaking(&app, "pt-PT");
    with_lang_cookie(&odd, "xx");
    let page = odd.get("/").await;
    assert_eq!(html_lang(&page.body), Some("pt-BR"));
    assert!(page.body.contains("Tópicos recentes"));
    // Account beats cookie: ann chose German elsewhere; this browser says Spanish and
    // carries a French cookie.
    let ann = app.browser().signed_up("ann").await;
    assert_eq!(ann.post("/language", &[("lang", "de")]).await.status, 303);
    let other = browser_speaking(&app, "es");
    with_lang_cookie(&other, "fr");
    assert_eq!(
        other.login("ann", "correct horse battery").await.status,
        303
    );
    let page = other.get("/shows/night-shift").await;
    assert_eq!(html_lang(&page.body), Some("de"));
    assert!(page.body.contains("Alle Themen"), "{}", page.body);
}

async fn counts_take_each_languages_plural_forms(app: TestApp) {
    app.seed_catalogue().await;
    let ann = app.browser().signed_up("ann").await;
    let one = ann
        .new_thread("night-shift", "general", "Lonely thread", "Anyone?")
        .await;
    let two = ann
        .new_thread("night-shift", "general", "Busy thread", "Talk")
        .await;
    let r = ann
        .post(&format!("/threads/{two}/posts"), &[("body", "A reply")])
        .await;
    assert_eq!(r.status, 303);
    let row = |page: &str, id: i64| -> String {
        let at = page
            .find(&format!("href=\"/threads/{id}\""))
            .expect("thread row");
        let end = page[at..].find("</li>").map_or(page.len(), |e| at + e);
        page[at..end].to_string()
    };

    let en = app.browser().get("/shows/night-shift/forum").await.body;
    assert!(row(&en, one).contains("· 1 post\n"), "{}", row(&en, one));
    assert!(row(&en, two).contains("· 2 posts\n"), "{}", row(&en, two));
    let fr = browser_speaking(&app, "fr")
        .get("/shows/night-shift/forum")
        .await
        .body;
    assert!(row(&fr, one).contains("· 1 message\n"), "{}", row(&fr, one));
    assert!(
        row(&fr, two).contains("· 2 messages\n"),
        "{}",
        row(&fr, two)
    );
    let de = browser_speaking(&app, "de")
        .get("/shows/night-shift/forum")
        .await
        .body;
    assert!(row(&de, one).contains("· 1 Beitrag\n"));
    assert!(row(&de, two).contains("· 2 Beiträge\n"));

    // Zero takes English's plural but French's singular.
    let q = "/search?q=zzqxjv";
    let en = app.browser().get(q).await.body;
    assert!(en.contains("0 results ·"), "{en}");
    let fr = browser_speaking(&app, "fr").get(q).await.body;
    assert!(fr.contains("0 résultat ·"), "{fr}");
}

/// A notification is worded when it is read, in the reader's language.
async fn notifications_read_in_the_readers_language(app: TestApp) {
    app.seed_catalogue().await;
    let ann = browser_speaking(&app, "fr").signed_up("ann").await;
    let t = ann
        .new_thread("night-shift", "general", "Pilot talk", "What a start")
        .await;
    let bob = app.browser().signed_up("bob").await;
    let r = bob
        .post(
            &format!("/threads/{t}/posts"),
            &[("body", "Agreed, what a start")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ann.get("/notifications").await.body;
    assert!(page.contains("bob a répondu dans « Pilot talk »"), "{page}");
    // The same row, read in English by the same account after switching.
    let r = ann.post("/language", &[("lang", "en")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ann.get("/notifications").await.body;
    assert!(
        page.contains("bob replied in \u{201c}Pilot talk\u{201d}"),
        "{page}"
    );
}

/// `/settings` offers every language and "Automatic"; saving either is kept, and automatic
/// hands the choice back to the browser.
async fn settings_choose_a_language_or_automatic(app: TestApp) {
    app.seed_catalogue().await;
    let ann = browser_speaking(&app, "es").signed_up("ann").await;
    let settings = ann.get("/settings").await.body;
    assert!(
        settings.contains("<option value=\"\" selected>Automático"),
        "a new account follows its browser: {settings}"
    );
    assert!(settings.contains(">Deutsch</option>"));
    let save = |lang: &'static str| {
        let ann = &ann;
        async move {
            ann.post("/settings/profile", &[("bio", ""), ("language", lang)])
                .await
        }
    };
    let r = save("de").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let settings = ann.get("/settings").await.body;
    assert_eq!(html_lang(&settings), Some("de"));
    assert!(settings.contains("<h1>Einstellungen</h1>"), "{settings}");
    // Back to automatic: the browser's Spanish again, and the form saves as it is.
    let r = save("").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let settings = ann.get("/settings").await.body;
    assert_eq!(html_lang(&settings), Some("es"));
    let r = save("").await;
    assert_eq!(
        r.status, 303,
        "an automatic account saves its profile: {}",
        r.body
    );
    // A code the site does not speak is refused on the form, in the reader's language.
    let r = save("tlh").await;
    assert_eq!(r.status, 422);
    assert_eq!(html_lang(&r.body), Some("es"));
}

/// The live room's socket words its refusals for the viewer who opened it.
async fn chat_errors_come_in_the_viewers_language(app: TestApp) {
    app.seed_catalogue().await;
    let room = format!("ep-{}", app.episode_id("night-shift", "s01e01").await);
    let ann = app.browser().signed_up("ann").await;
    assert_eq!(ann.post("/language", &[("lang", "fr")]).await.status, 303);
    let bob = app.browser().signed_up("bob").await;
    let (mut fr, _) = Chat::join(&app.base, &room, None, Some(&ann)).await;
    let (mut en, _) = Chat::join(&app.base, &room, None, Some(&bob)).await;
    fr.send_text(&"x".repeat(501), "long").await;
    let err = fr.expect_type("error").await;
    assert_eq!(err["code"], "too_long");
    assert_eq!(
        err["message"],
        "Les messages sont limités à 500 caractères (celui-ci en a 501)."
    );
    en.send_text("   ", "blank").await;
    let err = en.expect_type("error").await;
    assert_eq!(err["message"], "Empty messages are not sent.");
}
