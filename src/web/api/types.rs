//! What the API answers, as JSON objects with OpenAPI schemas. Built from what the gate let
//! through: a removed thread has no title here, a shielded one only its label.
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::catalog::{Board, Show};
use crate::db::forum::ThreadSummary;
use crate::time_util::iso_ms;
use crate::visibility::PostView;

#[derive(Serialize, ToSchema)]
pub struct ShowOut {
    pub slug: String,
    pub title: String,
    pub synopsis: String,
}

impl From<Show> for ShowOut {
    fn from(s: Show) -> Self {
        ShowOut {
            slug: s.slug,
            title: s.title,
            synopsis: s.synopsis,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ShowList {
    pub items: Vec<ShowOut>,
}

#[derive(Serialize, ToSchema)]
pub struct BoardOut {
    pub slug: String,
    pub name: String,
    pub description: String,
}

impl From<Board> for BoardOut {
    fn from(b: Board) -> Self {
        BoardOut {
            slug: b.slug,
            name: b.name,
            description: b.description,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BoardList {
    pub items: Vec<BoardOut>,
}

#[derive(Serialize, ToSchema)]
pub struct AirDateOut {
    /// ISO 3166 country code.
    pub region: String,
    /// YYYY-MM-DD.
    pub date: String,
}

/// When the episode airs in the viewer's region.
#[derive(Serialize, ToSchema)]
pub struct LocalAirOut {
    pub region: String,
    /// YYYY-MM-DD, or null when no date is known there.
    pub date: Option<String>,
    /// The region has no date of its own: the earliest date plus the show's delay.
    pub estimated: bool,
    pub aired: bool,
}

#[derive(Serialize, ToSchema)]
pub struct EpisodeOut {
    pub id: i64,
    /// Like `s01e05`.
    pub code: String,
    pub season: i64,
    pub number: i64,
    pub title: String,
    pub runtime_min: i64,
    /// The episode's discussion thread.
    pub thread_id: Option<i64>,
    pub air_dates: Vec<AirDateOut>,
    pub local: LocalAirOut,
}

#[derive(Serialize, ToSchema)]
pub struct SeasonOut {
    pub number: i64,
    pub title: String,
    pub episodes: Vec<EpisodeOut>,
}

#[derive(Serialize, ToSchema)]
pub struct SeasonList {
    pub items: Vec<SeasonOut>,
}

/// A thread as this viewer may see it. `title` is empty when the thread was removed (and
/// the viewer does not moderate the show) or is behind the viewer's spoiler shield.
#[derive(Serialize, ToSchema)]
pub struct ThreadOut {
    pub id: i64,
    pub title: String,
    pub show: String,
    pub board: String,
    /// The episode it is about, like `s01e05`.
    pub episode: Option<String>,
    /// The latest episode it spoils.
    pub spoils_up_to: Option<String>,
    pub author: Option<String>,
    pub post_count: i64,
    /// RFC 3339.
    pub last_post_at: String,
    pub pinned: bool,
    pub locked: bool,
    /// Held for review (visible to its author and the show's moderators only).
    pub held: bool,
    /// The removal notice, when a moderator removed it.
    pub removed: Option<String>,
    /// The spoiler shield's label when the viewer must not see it yet.
    pub shielded: Option<String>,
}

impl ThreadOut {
    pub fn from_summary(t: ThreadSummary) -> Self {
        let hide = t.shield.is_some();
        ThreadOut {
            id: t.id,
            title: if hide { String::new() } else { t.title },
            show: t.show_slug,
            board: t.board_slug,
            episode: t.episode_code,
            spoils_up_to: t.spoils_code,
            author: t.author,
            post_count: t.post_count,
            last_post_at: iso_ms(t.last_post_at),
            pinned: t.pinned,
            locked: t.locked,
            held: t.held,
            removed: t.removed_reason,
            shielded: t.shield,
        }
    }
}

/// A post as this viewer may see it: `body_html` (sanitized) is empty when the post was
/// deleted, or removed and the viewer does not moderate the show.
#[derive(Serialize, ToSchema)]
pub struct PostOut {
    pub id: i64,
    /// 1 for the thread's first post.
    pub position: i64,
    pub author: String,
    pub body_html: String,
    /// RFC 3339.
    pub created_at: String,
    pub edited: bool,
    pub deleted: bool,
    pub removed: Option<String>,
    pub held: bool,
    /// The language the post is written in (a code such as `fr`); null when unknown.
    pub lang: Option<String>,
}

impl From<PostView> for PostOut {
    fn from(p: PostView) -> Self {
        PostOut {
            id: p.id,
            position: p.position,
            author: p.author,
            body_html: p.body_html,
            created_at: p.created_iso,
            edited: p.edited.is_some(),
            deleted: p.deleted,
            removed: p.removed,
            held: p.held,
            lang: p.lang,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SearchHitOut {
    /// `thread`, `post`, `chat` or `episode`.
    pub kind: String,
    pub title: String,
    /// The page of the hit on this site.
    pub url: String,
    pub show: String,
    pub episode: Option<String>,
    pub author: Option<String>,
    /// The matching text, sanitized HTML with `<mark>` around the words found.
    pub snippet_html: String,
}

#[derive(Serialize, ToSchema)]
pub struct LiveRoomOut {
    pub show: String,
    pub show_title: String,
    pub code: String,
    pub title: String,
    /// The room's page.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct PartyOut {
    pub id: i64,
    /// The host's title, or a neutral one when the episode is behind the viewer's shield.
    pub title: String,
    pub show: String,
    pub episode: String,
    /// RFC 3339.
    pub starts_at: String,
    pub started: bool,
    pub paused: bool,
    pub url: String,
}

impl From<crate::home::LiveParty> for PartyOut {
    fn from(p: crate::home::LiveParty) -> Self {
        PartyOut {
            url: format!("/parties/{}", p.id),
            id: p.id,
            title: p.title,
            show: p.show_slug,
            episode: p.code,
            starts_at: p.starts_iso,
            started: p.started,
            paused: p.paused,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LiveOut {
    /// The viewer's region (its air dates decide what is live).
    pub region: String,
    pub region_name: String,
    /// Episode rooms whose episode airs today in the region.
    pub rooms: Vec<LiveRoomOut>,
    /// Parties running now or starting within the hour.
    pub parties: Vec<PartyOut>,
}

#[derive(Serialize, ToSchema)]
pub struct PartyList {
    pub items: Vec<PartyOut>,
}
