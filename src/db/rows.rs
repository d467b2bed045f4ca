//! Rows that both their queries and the read cache hold. They live apart from the queries
//! so that the cache, which the pool owns, does not import the files that use the pool.
#[derive(Debug, Clone)]
pub struct ThreadSummary {
    pub id: i64,
    /// The title as shown: inline spoilers replaced by "[spoiler]" (titles spoil).
    pub title: String,
    /// The title as written, for the moderators' edit form.
    pub title_src: String,
    pub show_slug: String,
    pub show_title: String,
    pub board_slug: String,
    pub board_name: String,
    pub episode_code: Option<String>,
    pub author: Option<String>,
    pub post_count: i64,
    pub last_post_at: i64,
    pub pinned: bool,
    pub locked: bool,
    pub show_id: i64,
    pub board_id: i64,
    pub episode_id: Option<i64>,
    pub author_id: Option<i64>,
    pub removed_reason: Option<String>,
    pub held: bool,
    pub spoils_up_to: Option<i64>,
    pub spoils_code: Option<String>,
    /// The opening post's language (BCP-47); None when unknown.
    pub lang: Option<String>,
    /// The air data of the episodes it names (tag, "spoils up to"), read with the row.
    pub air: Vec<(i64, std::sync::Arc<EpisodeAir>)>,
    /// Its opening post carries a poll.
    pub has_poll: bool,
    /// Set by the page for viewers who must not see this thread yet: the shield's label.
    pub shield: Option<String>,
    /// Set with `shield` when the label is a sealed prediction's: no "show anyway" for it.
    pub sealed: bool,
}

#[derive(Debug, Clone)]
pub struct Post {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: Option<i64>,
    pub author: Option<String>,
    pub position: i64,
    pub body_src: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted: bool,
    pub removed_reason: Option<String>,
    pub held: bool,
    /// BCP-47 code; None when unknown.
    pub lang: Option<String>,
    /// The author chose `lang` (an edit keeps it rather than detecting again).
    pub lang_chosen: bool,
}

/// An episode's air dates as the spoiler shield needs them.
#[derive(Debug, Clone)]
pub struct EpisodeAir {
    pub code: String,
    /// Each region's local date, with its instant when a time of day is known.
    pub dates: Vec<crate::domain::AirDate>,
    pub show_delay_days: Option<i64>,
}
