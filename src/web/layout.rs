//! What every page's frame needs: title, the signed-in user and the CSRF token for the
//! header's logout form.
use crate::auth::session::{SessionUser, Viewer};

pub struct Layout {
    pub title: String,
    pub user: Option<SessionUser>,
    pub csrf_token: String,
}

impl Layout {
    pub fn new(title: impl Into<String>, viewer: &Viewer) -> Self {
        Layout {
            title: title.into(),
            user: viewer.user.clone(),
            csrf_token: viewer.csrf_token.clone(),
        }
    }

    /// For error pages rendered without request context.
    pub fn plain(title: impl Into<String>) -> Self {
        Layout {
            title: title.into(),
            user: None,
            csrf_token: String::new(),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }
}
