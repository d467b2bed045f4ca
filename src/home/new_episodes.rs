//! "New episodes": what aired lately or airs soon where the viewer lives, across shows.
//! It names episodes by show and code with their date there; the title shows as the show
//! page shows it (episode titles are catalogue data, printed for every episode there).
use crate::db::home::DatedEpisode;
use crate::spoilers::shield::{add_days, regional_date, today};

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

/// The air dates to read candidates between: from `DAYS_BACK` days ago, reaching back by
/// the longest spoiler delay of any show (an episode with no date in the region counts from
/// its earliest date plus its show's delay), to `DAYS_AHEAD` ahead. None past the calendar.
pub fn candidate_window(max_delay_days: i64) -> Option<(String, String)> {
    let today = today();
    let from = add_days(&today, -DAYS_BACK)?;
    let reach = add_days(&from, -max_delay_days.clamp(0, 3660))?;
    Some((reach, add_days(&today, DAYS_AHEAD)?))
}

/// Of the candidates, those dated from `DAYS_BACK` days ago to `DAYS_AHEAD` ahead in
/// `region`, newest first.
pub fn near_today(candidates: &[DatedEpisode], region: &str) -> Vec<NewEpisode> {
    let today = today();
    let now = crate::time_util::now_ms();
    let (Some(from), Some(to)) = (add_days(&today, -DAYS_BACK), add_days(&today, DAYS_AHEAD))
    else {
        return Vec::new();
    };
    let mut listed: Vec<NewEpisode> = candidates
        .iter()
        .filter_map(|e| {
            let r = regional_date(&e.air, region)?;
            (r.date >= from && r.date <= to).then(|| NewEpisode {
                aired: r.aired(now),
                at: r.timed.then_some(r.at),
                estimated: r.estimated,
                date: r.date,
                show_slug: e.show_slug.clone(),
                show_title: e.show_title.clone(),
                code: e.code.clone(),
                title: e.title.clone(),
            })
        })
        .collect();
    listed
        .sort_by(|a, b| (&b.date, &a.show_title, &a.code).cmp(&(&a.date, &b.show_title, &b.code)));
    listed.truncate(MAX_LISTED);
    listed
}
