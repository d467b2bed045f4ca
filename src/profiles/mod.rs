//! Profiles (`/users/{name}`), account settings and account deletion.
pub mod deletion;
pub mod settings;

use crate::db::forum::ThreadSummary;
use crate::db::{self, Db};
use crate::visibility::authored::AuthoredView;
use crate::visibility::Gate;

/// Threads and posts a profile lists per page.
pub const PER_PAGE: i64 = 20;

pub struct Profile {
    pub username: String,
    pub joined: String,
    pub is_admin: bool,
    /// (slug, title) of the shows they moderate.
    pub moderates: Vec<(String, String)>,
    pub bio_html: String,
    /// Threads they started (first page only), as the gate lets this viewer see them.
    pub threads: Vec<ThreadSummary>,
    pub posts: Vec<ProfilePost>,
    /// Another page of posts exists.
    pub more: bool,
    /// Watch progress, when the user shows it.
    pub progress: Option<Vec<ShowProgress>>,
}

pub struct ShowProgress {
    pub slug: String,
    pub title: String,
    pub watched: i64,
    pub episodes: i64,
}

pub enum ProfilePost {
    Shown {
        link: String,
        thread_title: String,
        excerpt: String,
        created: String,
        /// The post's language, for the excerpt's `lang` attribute.
        lang: Option<String>,
    },
    /// Behind the viewer's spoiler shield: only the label.
    Shielded { label: String },
}

/// Characters of a post shown on a profile.
const EXCERPT_CHARS: usize = 200;

fn excerpt(src: &str) -> String {
    let text = crate::forum::markdown::plain_text(src);
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(EXCERPT_CHARS).collect();
    cut.push('…');
    cut
}

/// The profile of the live account `name` (any case), page `page` of their posts; None for
/// unknown and deleted accounts.
pub async fn load(
    db: &Db,
    gate: &Gate,
    name: &str,
    page: i64,
) -> Result<Option<Profile>, sqlx::Error> {
    let Some(user) = db::profiles::by_name(db, &name.trim().to_ascii_lowercase()).await? else {
        return Ok(None);
    };
    let threads = if page == 1 {
        let found = db::forum::threads_by_author(db, &gate.held_scope(), user.id, PER_PAGE).await?;
        let mut shown = gate.thread_list(found);
        // A removed thread's title is blanked for non-moderators: nothing to list.
        shown.retain(|t| t.removed_reason.is_none() || gate.moderates(t.show_id));
        shown
    } else {
        Vec::new()
    };
    let offset = (page.max(1) - 1) * PER_PAGE;
    let mut found = db::profiles::posts_by_author(db, user.id, PER_PAGE + 1, offset).await?;
    let more = found.len() as i64 > PER_PAGE;
    found.truncate(PER_PAGE as usize);
    let posts = gate
        .authored_posts(db, found)
        .await?
        .into_iter()
        .map(|v| match v {
            AuthoredView::Shown { post, thread_title } => ProfilePost::Shown {
                link: format!(
                    "/threads/{}?page={}#post-{}",
                    post.thread_id,
                    crate::forum::page_of(post.position),
                    post.id
                ),
                thread_title,
                excerpt: excerpt(&post.body_src),
                created: gate.when(post.created_at),
                lang: post.lang.clone(),
            },
            AuthoredView::Shielded { label, .. } => ProfilePost::Shielded { label },
        })
        .collect();
    let progress = if user.show_progress {
        Some(
            db::profiles::watch_progress(db, user.id)
                .await?
                .into_iter()
                .map(|(slug, title, watched, episodes)| ShowProgress {
                    slug,
                    title,
                    watched,
                    episodes,
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(Some(Profile {
        moderates: db::profiles::moderated_show_titles(db, user.id).await?,
        username: user.username,
        joined: gate.when(user.created_at),
        is_admin: user.is_admin,
        bio_html: user.bio_html,
        threads,
        posts,
        more,
        progress,
    }))
}
