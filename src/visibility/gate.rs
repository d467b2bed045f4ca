//! The gate itself: who the viewer is, which shows they moderate, and their shield.
use std::collections::HashSet;

use crate::auth::Viewer;
use crate::db::forum::HeldScope;
use crate::db::Db;
use crate::i18n::{Lang, Tr};
use crate::spoilers::Shield;

/// What one viewer may see. Cheap for anonymous viewers (no query); a signed-in viewer costs
/// one small query: the shows they moderate and the episodes they have watched.
pub struct Gate {
    user_id: Option<i64>,
    is_admin: bool,
    moderates: HashSet<i64>,
    region: String,
    /// Where and how this viewer reads times (`when`).
    time_zone: String,
    pub(super) shield: Shield,
    /// The viewer's language: the shield's labels are worded in it.
    lang: Lang,
}

impl Gate {
    /// The viewer's interface language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// An instant as this viewer reads it: in their zone, named, in their language.
    pub fn when(&self, ms: i64) -> String {
        crate::time_util::format_local(ms, &self.time_zone, self.lang.code())
    }

    pub async fn load(db: &Db, viewer: &Viewer) -> Result<Gate, sqlx::Error> {
        let user = viewer.user.as_ref();
        let (moderates, watched) = match user {
            Some(u) => {
                let rights = crate::db::roles::viewer_rights(db, u.id).await?;
                // Admins moderate every show already.
                let moderates = match u.is_admin {
                    true => HashSet::new(),
                    false => rights.moderates.into_iter().collect(),
                };
                (moderates, Some(rights.watched.into_iter().collect()))
            }
            None => (HashSet::new(), None),
        };
        Ok(Gate {
            user_id: user.map(|u| u.id),
            is_admin: user.is_some_and(|u| u.is_admin),
            moderates,
            region: viewer.region.clone(),
            time_zone: viewer.time_zone.clone(),
            lang: viewer.lang,
            shield: Shield::new(watched, &viewer.region),
        })
    }

    /// An anonymous visitor of `region`, whoever asks: feeds are shared by URL between
    /// readers, so they never carry a session's rights or watch progress.
    pub fn anonymous(region: &str) -> Gate {
        Gate {
            user_id: None,
            is_admin: false,
            moderates: HashSet::new(),
            region: region.to_string(),
            time_zone: crate::spoilers::region::time_zone(None, None, region),
            lang: Lang::En,
            shield: Shield::new(None, region),
        }
    }

    /// Admins, and the show's moderators, see removed and held content of that show.
    pub fn moderates(&self, show_id: i64) -> bool {
        self.is_admin || self.moderates.contains(&show_id)
    }

    /// The signed-in viewer's id, for marking what is their own (votes, reactions).
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }

    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    pub(super) fn is_me(&self, author_id: Option<i64>) -> bool {
        self.user_id.is_some() && author_id == self.user_id
    }

    /// Held content is shown to its author and the show's moderators only.
    pub(super) fn may_see_held(&self, show_id: i64, author_id: Option<i64>) -> bool {
        self.moderates(show_id) || self.is_me(author_id)
    }

    /// The same rule as `may_see_held`, for lists filtered in SQL.
    pub fn held_scope(&self) -> HeldScope {
        HeldScope {
            author_id: self.user_id,
            all_shows: self.is_admin,
            shows: self.moderates.iter().copied().collect(),
        }
    }

    pub fn shield(&self) -> &Shield {
        &self.shield
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// The shield's label for `what` of episode `code`, in the viewer's language.
    pub(super) fn shield_label(&self, code: &str, what: &str) -> String {
        self.shield.label(code, what).in_lang(&Tr::new(self.lang))
    }
}
