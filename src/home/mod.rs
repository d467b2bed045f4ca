//! The home page: what is alive on the site for this viewer. Shows (followed ones first),
//! episodes airing around now in their region, live rooms and parties, and the threads
//! people are talking in. A fixed handful of queries, whatever the catalogue's size.
pub mod live;
pub mod new_episodes;

use crate::auth::Viewer;
use crate::catalog::lookup;
use crate::db::catalog::Show;
use crate::db::forum::ThreadSummary;
use crate::db::{self, Db};
use crate::visibility::Gate;

pub use live::{LiveNow, LiveParty};
pub use new_episodes::NewEpisode;

/// How many threads the home lists.
pub const RECENT_THREADS: i64 = 15;

pub struct HomeShow {
    pub show: Show,
    /// The signed-in viewer follows it: listed first and marked.
    pub following: bool,
}

pub struct Home {
    pub shows: Vec<HomeShow>,
    pub recent: Vec<ThreadSummary>,
    pub new_episodes: Vec<NewEpisode>,
    pub live: LiveNow,
}

pub async fn load(db: &Db, viewer: &Viewer) -> Result<Home, sqlx::Error> {
    let gate = Gate::load(db, viewer).await?;
    let followed = match &viewer.user {
        Some(u) => db::home::followed_show_ids(db, u.id).await?,
        None => Vec::new(),
    };
    let shows = lookup::list_shows(db).await?;
    // The candidates for both "new episodes" and the rooms airing today, read once; the
    // shows just listed tell how far back an estimated date may reach.
    let max_delay = shows.iter().filter_map(|s| s.spoiler_delay_days).max();
    let dated = match new_episodes::candidate_window(max_delay.unwrap_or(0)) {
        Some((from, to)) => db::home::episodes_dated_between(db, &from, &to).await?,
        None => Vec::new(),
    };
    Ok(Home {
        shows: followed_first(shows, &followed),
        recent: recent(db, &gate).await?,
        new_episodes: new_episodes::near_today(&dated, &viewer.region),
        live: live::now_among(db, &gate, &dated).await?,
    })
}

/// Threads by last activity, through the gate, leaving out episode threads nobody answered.
pub async fn recent(db: &Db, gate: &Gate) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let threads = db::forum::recent_discussions(db, &gate.held_scope(), RECENT_THREADS).await?;
    Ok(gate.thread_list(threads))
}

/// The catalogue order, with the followed shows moved to the front (a stable sort).
fn followed_first(shows: Vec<Show>, followed: &[i64]) -> Vec<HomeShow> {
    let mut shows: Vec<HomeShow> = shows
        .into_iter()
        .map(|show| HomeShow {
            following: followed.contains(&show.id),
            show,
        })
        .collect();
    shows.sort_by_key(|s| !s.following);
    shows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn followed_shows_come_first_in_catalogue_order() {
        let show = |id: i64| Show {
            id,
            slug: format!("s{id}"),
            title: format!("Show {id}"),
            synopsis: String::new(),
            spoiler_delay_days: None,
        };
        let listed = followed_first(vec![show(1), show(2), show(3), show(4)], &[4, 2]);
        let ids: Vec<(i64, bool)> = listed.iter().map(|s| (s.show.id, s.following)).collect();
        assert_eq!(ids, [(2, true), (4, true), (1, false), (3, false)]);
    }
}
