//! What a feed is made of, before it is written as Atom.

/// Entries a feed carries at most (the newest ones).
pub const MAX_ENTRIES: usize = 50;

/// Who the feed is for, and where its links point.
pub struct Audience<'a> {
    /// A region code already checked (`domain::parse_region`).
    pub region: &'a str,
    /// `https://host` with no trailing slash: links in a feed must be absolute.
    pub base: &'a str,
}

pub struct Feed {
    pub title: String,
    /// The feed's own address, region included; also its Atom id.
    pub self_url: String,
    /// The page the feed follows.
    pub page_url: String,
    /// Newest first.
    pub entries: Vec<Entry>,
}

pub struct Entry {
    /// Stable: the absolute address of the thread or post.
    pub id: String,
    pub title: String,
    pub link: String,
    pub author: String,
    /// Sanitized HTML, inline spoilers taken out, links absolute.
    pub html: String,
    pub published: i64,
    pub updated: i64,
}

impl Audience<'_> {
    pub(super) fn feed(&self, title: String, path: &str, page: &str, entries: Vec<Entry>) -> Feed {
        Feed {
            title,
            self_url: format!("{}{path}?region={}", self.base, self.region),
            page_url: format!("{}{page}", self.base),
            entries,
        }
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}
