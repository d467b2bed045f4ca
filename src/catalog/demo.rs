//! `serve --demo`: a small catalogue and a few discussions so a fresh site has something in it.
use crate::auth::password;
use crate::auth::session::new_token;
use crate::db::{self, Db};
use crate::domain::{PostBody, PostLang, ThreadTitle, Username};
use crate::forum::{self, ThreadDraft};

pub const DEMO_CATALOGUE: &str = include_str!("demo_catalogue.json");

const SAMPLE_THREADS: [(&str, &str, &str, &str, &[&str]); 3] = [
    (
        "harbor-lights",
        "general",
        "Who else thinks the sheriff knew from the start?",
        "Rewatched the pilot and Pruitt's face when Nora mentions the log is *very* telling.",
        &[
            "He definitely knew. The way he pockets the key!",
            "Or he's protecting someone else. Season 2 hints at that.",
        ],
    ),
    (
        "the-long-orbit",
        "theories",
        "PILOT is not malfunctioning",
        "The course error in episode 2 is deliberate. PILOT is steering away from something.",
        &[
            "Agreed, and the late transmission in *Signal* supports it.",
            "I think it's the second-generation kids it's protecting.",
        ],
    ),
    (
        "the-long-orbit",
        "general",
        "Best rewatch order for newcomers?",
        "Starting a friend on the show this weekend. Straight through, or skip anything?",
        &["Straight through. *Hydroponics* seems slow but pays off."],
    ),
];

/// Loads the demo data when the site has no shows yet; returns whether it did.
/// Sample posts carry the language detected in them, as if their authors had left the
/// language select at "Detect automatically".
fn detected(body: &PostBody) -> PostLang {
    PostLang {
        lang: forum::language::detect(body.as_str()),
        chosen: false,
    }
}

pub async fn load_if_empty(db: &Db) -> anyhow::Result<bool> {
    if db::catalog::show_count(db).await? > 0 {
        return Ok(false);
    }
    super::import::import_json(db, DEMO_CATALOGUE).await?;
    let mut authors = Vec::new();
    for name in ["maya_watches", "tobias", "orbit-fan"] {
        let username = Username::try_from(name).map_err(|e| anyhow::anyhow!(e))?;
        // Demo accounts get an unguessable password: they exist to author sample posts.
        let hash = password::hash(new_token()).await?;
        if let db::users::CreateUser::Created { id, .. } =
            db::users::create(db, &username, &hash, false).await?
        {
            authors.push(id);
        }
    }
    if authors.is_empty() {
        return Ok(true);
    }
    for (i, (show, board, title, body, replies)) in SAMPLE_THREADS.iter().enumerate() {
        let Some(show) = db::catalog::show_by_slug(db, show).await? else {
            continue;
        };
        let Some(board) = db::catalog::board_by_slug(db, show.id, board).await? else {
            continue;
        };
        let title = ThreadTitle::try_from(*title).map_err(|e| anyhow::anyhow!(e))?;
        let body = PostBody::try_from(*body).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let author = authors[i % authors.len()];
        let (thread_id, _) = forum::create_thread(
            db,
            &ThreadDraft {
                show_id: show.id,
                board_id: board.id,
                episode_id: None,
                author_id: Some(author),
                title: &title,
                body: &body,
                held: false,
                spoils_up_to: None,
                lang: detected(&body),
            },
        )
        .await?;
        for (j, reply) in replies.iter().enumerate() {
            let body = PostBody::try_from(*reply).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            forum::reply(
                db,
                thread_id,
                authors[(i + j + 1) % authors.len()],
                &body,
                false,
                &detected(&body),
            )
            .await?;
        }
    }
    Ok(true)
}
