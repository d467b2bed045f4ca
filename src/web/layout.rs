//! What every page's frame needs: title, the signed-in user, the CSRF token for the
//! header's logout form, and notices about sanctions in force.
use crate::auth::session::{SessionUser, Viewer};

pub struct Layout {
    pub title: String,
    pub user: Option<SessionUser>,
    pub csrf_token: String,
    pub notices: Vec<String>,
    /// The page's Atom feed, for the autodiscovery link in `<head>`.
    pub feed: Option<String>,
}

impl Layout {
    pub fn new(title: impl Into<String>, viewer: &Viewer) -> Self {
        Layout {
            // Page titles end up in tabs, history and link previews: never a spoiler.
            title: crate::spoilers::inline::strip(&title.into()),
            user: viewer.user.clone(),
            csrf_token: viewer.csrf_token.clone(),
            notices: viewer.notices.clone(),
            feed: None,
        }
    }

    /// Announces the feed at `href` in the page's `<head>`.
    pub fn with_feed(mut self, href: String) -> Self {
        self.feed = Some(href);
        self
    }

    /// For error pages rendered without request context.
    pub fn plain(title: impl Into<String>) -> Self {
        Layout {
            title: title.into(),
            user: None,
            csrf_token: String::new(),
            notices: Vec::new(),
            feed: None,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }
}
