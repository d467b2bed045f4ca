//! `cliffhanger reindex [--show SLUG]`: rebuild the engine from the database.
use indicatif::{ProgressBar, ProgressStyle};

use super::service::Search;
use super::DocKind;
use crate::db::{self, Db};

const PAGE: i64 = 2_000;

pub struct Summary {
    pub docs: u64,
    pub seconds: f64,
}

pub async fn run(
    db: &Db,
    search: &Search,
    show: Option<i64>,
    progress: bool,
) -> anyhow::Result<Summary> {
    let started = std::time::Instant::now();
    let total = db::search::count_docs(db, show).await?;
    let bar = if progress {
        let b = ProgressBar::new(total.max(0) as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} docs ({per_sec}, eta {eta}) {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    search
        .engine
        .clear(show)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let shows = match show {
        Some(id) => vec![id],
        None => db::catalog::list_shows(db)
            .await?
            .iter()
            .map(|s| s.id)
            .collect(),
    };
    for id in &shows {
        let groups = db::search::synonyms(db, *id).await?;
        search
            .engine
            .set_synonyms(*id, &groups)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let mut docs = 0u64;
    for kind in [
        DocKind::Episode,
        DocKind::Thread,
        DocKind::Post,
        DocKind::Chat,
    ] {
        bar.set_message(kind.as_str());
        let mut after = 0i64;
        loop {
            let page = db::search::docs_page(db, kind, show, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last
                .id
                .rsplit('-')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(i64::MAX);
            search
                .engine
                .upsert(&page)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            docs += page.len() as u64;
            bar.inc(page.len() as u64);
        }
    }
    bar.finish_and_clear();
    Ok(Summary {
        docs,
        seconds: started.elapsed().as_secs_f64(),
    })
}
