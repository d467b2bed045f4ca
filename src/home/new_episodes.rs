//! "New episodes": what aired lately or airs soon where the viewer lives, across shows.
//! It names episodes by show and code with their date there; the title shows as the show
//! page shows it (episode titles are catalogue data, printed for every episode there).
use crate::db::{self, Db};
use crate::spoilers::shield::{add_days, regional_dates, today};

/// Days back and ahead the strip looks, and how many episodes it lists at most.
pub const DAYS_BACK: i64 = 14;
pub const DAYS_AHEAD: i64 = 7;
pub const MAX_LISTED: usize = 12;

#[derive(Debug, Clone)]
pub struct NewEpisode {
    pub show_slug: String,
    pub show_title: String,
    pub code: String,
    pub title: String,
    /// YYYY-MM-DD in the viewer's region.
    pub date: String,
    /// The region has no date of its own: earliest date plus the show's spoiler delay.
    pub estimated: bool,
    pub aired: bool,
    /// The instant, when a time of day is known.
    pub at: Option<i64>,
}

/// Episodes dated from `DAYS_BACK` days ago to `DAYS_AHEAD` ahead in `region`, newest first.
pub async fn near_today(db: &Db, region: &str) -> Result<Vec<NewEpisode>, sqlx::Error> {
    let today = today();
    let now = crate::time_util::now_ms();
    let (Some(from), Some(to)) = (add_days(&today, -DAYS_BACK), add_days(&today, DAYS_AHEAD))
    else {
        return Ok(Vec::new());
    };
    // An episode with no date in the region counts from its earliest date plus the show's
    // delay, so candidates reach back by the longest delay.
    let delay = db::home::max_delay_days(db).await?.clamp(0, 3660);
    let Some(reach) = add_days(&from, -delay) else {
        return Ok(Vec::new());
    };
    let candidates = db::home::episodes_dated_between(db, &reach, &to).await?;
    let ids: Vec<i64> = candidates.iter().map(|e| e.id).collect();
    let dates = regional_dates(db, &ids, region).await?;
    let mut listed: Vec<NewEpisode> = candidates
        .into_iter()
        .filter_map(|e| {
            let r = dates.get(&e.id)?.clone();
            (r.date >= from && r.date <= to).then(|| NewEpisode {
                aired: r.aired(now),
                at: r.timed.then_some(r.at),
                estimated: r.estimated,
                date: r.date,
                show_slug: e.show_slug,
                show_title: e.show_title,
                code: e.code,
                title: e.title,
            })
        })
        .collect();
    listed
        .sort_by(|a, b| (&b.date, &a.show_title, &a.code).cmp(&(&a.date, &b.show_title, &b.code)));
    listed.truncate(MAX_LISTED);
    Ok(listed)
}
