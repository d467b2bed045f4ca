//! What every page's frame needs: title, the signed-in user, the CSRF token for the
//! header's logout form, and notices about sanctions in force.
use crate::auth::session::{SessionUser, Viewer};
use crate::i18n::{tr::Arg, Lang, Tr};
use crate::notify::inbox::UNREAD_CAP;

pub struct Layout {
    pub title: String,
    pub user: Option<SessionUser>,
    pub csrf_token: String,
    pub notices: Vec<String>,
    /// The page's language: templates look its sentences up by key.
    pub tr: Tr,
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
            tr: viewer.tr(),
            feed: None,
        }
    }

    /// A page about one episode, titled by `key` ("Live: { $show } { $code }").
    pub fn for_episode(key: &str, show: &str, code: &str, viewer: &Viewer) -> Self {
        let title = viewer
            .tr()
            .t2(key, "show", show, "code", code.to_uppercase());
        Layout::new(title, viewer)
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
            tr: Tr::default(),
            feed: None,
        }
    }

    /// The languages the footer's switcher offers, with the current one marked.
    pub fn languages(&self) -> impl Iterator<Item = (&'static str, &'static str, bool)> + '_ {
        Lang::ALL
            .into_iter()
            .map(|l| (l.code(), l.native_name(), l == self.tr.lang()))
    }

    pub fn lang(&self) -> &'static str {
        self.tr.code()
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn t1(&self, key: &str, name: &'static str, value: impl Into<Arg>) -> String {
        self.tr.t1(key, name, value)
    }

    pub fn t2(
        &self,
        key: &str,
        name1: &'static str,
        value1: impl Into<Arg>,
        name2: &'static str,
        value2: impl Into<Arg>,
    ) -> String {
        self.tr.t2(key, name1, value1, name2, value2)
    }

    pub fn tn(&self, key: &str, count: impl Into<Arg>) -> String {
        self.tr.tn(key, count)
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }

    /// The header's unread count: the number, or "99+" once it reaches the cap.
    pub fn unread_badge(&self, n: &i64) -> Arg {
        unread_badge(*n)
    }

    /// For notify.js, which shows the live count the same way.
    pub fn unread_cap(&self) -> i64 {
        UNREAD_CAP
    }
}

fn unread_badge(n: i64) -> Arg {
    if n >= UNREAD_CAP {
        Arg::Text(format!("{}+", UNREAD_CAP - 1))
    } else {
        Arg::Num(n)
    }
}

#[cfg(test)]
mod badge_tests {
    use super::{unread_badge, Arg};

    #[test]
    fn the_count_turns_into_99_plus_at_the_cap() {
        assert!(matches!(unread_badge(0), Arg::Num(0)));
        assert!(matches!(unread_badge(99), Arg::Num(99)));
        assert!(matches!(unread_badge(100), Arg::Text(t) if t == "99+"));
    }
}
