//! Search documents built from the database's rows: the text that is indexed (markdown as
//! plain text, inline spoilers left out of titles) and the URL a hit links to.
use super::{DocKind, SearchDoc};
use crate::db::search::{self as q, DocRow};
use crate::db::Db;

/// The document for a stored item.
pub fn search_doc(row: DocRow) -> SearchDoc {
    let DocRow {
        kind,
        id,
        show_id,
        show_slug,
        show_title,
        season,
        episode_code,
        board,
        author,
        title,
        body,
        created_at,
        position,
        thread_id,
        lang,
    } = row;
    let title = crate::spoilers::inline::strip(&title);
    let (title, body, url) = match kind {
        DocKind::Thread => (
            title,
            crate::forum::markdown::plain_text(&body),
            format!("/threads/{id}"),
        ),
        DocKind::Post => {
            let page = crate::forum::page_of(position);
            (
                format!("Re: {title}"),
                crate::forum::markdown::plain_text(&body),
                format!("/threads/{thread_id}?page={page}#post-{id}"),
            )
        }
        DocKind::Episode => {
            let c = episode_code.clone().unwrap_or_default();
            (
                format!("{} {title}", c.to_uppercase()),
                body,
                format!("/shows/{show_slug}/episodes/{c}"),
            )
        }
        DocKind::Chat => {
            // `title` holds the room name here.
            let c = episode_code.clone().unwrap_or_default();
            let url = match title.strip_prefix("party-") {
                Some(pid) => format!("/parties/{pid}/replay#m-{id}"),
                None => format!("/shows/{show_slug}/episodes/{c}/live#m-{id}"),
            };
            (format!("Live chat · {}", c.to_uppercase()), body, url)
        }
    };
    SearchDoc {
        id: format!("{}-{id}", kind.as_str()),
        kind,
        show_id,
        show_slug,
        show_title,
        season,
        episode_code,
        board,
        author,
        title,
        body,
        url,
        created_at,
        lang,
    }
}

/// The current document for `doc_id` ("post-12"), or None if it no longer exists (or is
/// deleted): then the engine must drop it.
pub async fn load_doc(db: &Db, doc_id: &str) -> Result<Option<SearchDoc>, sqlx::Error> {
    let Some((kind, id)) = doc_id
        .split_once('-')
        .and_then(|(k, i)| Some((DocKind::parse(k)?, i.parse::<i64>().ok()?)))
    else {
        return Ok(None);
    };
    Ok(q::doc_row_by_id(db, kind, id).await?.map(search_doc))
}

/// A page of documents of one kind (optionally of one show), ids above `after`.
pub async fn docs_page(
    db: &Db,
    kind: DocKind,
    show_id: Option<i64>,
    after: i64,
    limit: i64,
) -> Result<Vec<SearchDoc>, sqlx::Error> {
    Ok(q::doc_rows_page(db, kind, show_id, after, limit)
        .await?
        .into_iter()
        .map(search_doc)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: DocKind) -> DocRow {
        DocRow {
            kind,
            id: 42,
            show_id: 1,
            show_slug: "dragons".into(),
            show_title: "Dragons".into(),
            season: Some(2),
            episode_code: Some("s02e03".into()),
            board: Some("episodes".into()),
            author: Some("ann".into()),
            title: "Who ||dies||?".into(),
            body: "**Bold** ||secret||".into(),
            created_at: 7,
            position: 0,
            thread_id: 0,
            lang: None,
        }
    }

    #[test]
    fn a_post_links_to_its_page_and_hides_spoilers() {
        let position = crate::db::posts::POSTS_PER_PAGE + 1;
        let doc = search_doc(DocRow {
            position,
            thread_id: 9,
            ..row(DocKind::Post)
        });
        assert_eq!(doc.id, "post-42");
        assert_eq!(doc.title, "Re: Who [spoiler]?");
        assert!(!doc.body.contains("secret") && doc.body.contains("Bold"));
        assert_eq!(doc.url, "/threads/9?page=2#post-42");
    }

    #[test]
    fn chat_links_to_the_replay_or_the_live_room() {
        let party = search_doc(DocRow {
            title: "party-5".into(),
            ..row(DocKind::Chat)
        });
        assert_eq!(party.url, "/parties/5/replay#m-42");
        assert_eq!(party.title, "Live chat · S02E03");
        let live = search_doc(DocRow {
            title: "ep-3".into(),
            ..row(DocKind::Chat)
        });
        assert_eq!(live.url, "/shows/dragons/episodes/s02e03/live#m-42");
    }
}
