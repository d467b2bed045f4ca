//! Writes the planned community: the catalogue through `catalog::import`, season boards,
//! users, threads and posts in bulk, with every counter a reply would keep
//! (`threads.post_count`, `last_post_at`, gap-free positions) set to match the rows.
use std::collections::HashMap;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;

use super::catalogue::Catalogue;
use super::rows::{self, V};
use super::shape::{active_user, BoardPick, ThreadPlan};
use super::text;
use crate::db::Db;
use crate::forum::markdown::{render, RemoteImages};

/// Distinct post bodies (Markdown and its HTML, rendered once each as the server would).
const BODIES: usize = 2_048;
/// One reply in this many is deleted by its author (empty body, as `delete_post` leaves it).
const DELETED_EVERY: u64 = 300;

pub struct Body {
    pub src: String,
    pub html: String,
    pub lang: Option<&'static str>,
}

pub fn bodies() -> Vec<Body> {
    (0..BODIES)
        .map(|i| {
            let src = text::post_body(i);
            Body {
                html: render(&src, RemoteImages::Link),
                lang: crate::forum::language::detect(&src).map(|l| l.as_str()),
                src,
            }
        })
        .collect()
}

/// Ids the catalogue import gave out.
pub struct Ids {
    pub shows: Vec<i64>,
    /// Per show: General, Theories, then one board per season.
    pub boards: Vec<(i64, i64, Vec<i64>)>,
    /// Per show, per season: episode ids in order.
    pub episodes: Vec<Vec<Vec<i64>>>,
}

/// Imports the catalogue, adds a board per season and dates each episode's discussion
/// thread to the episode's first airing (a month ago for those still to come).
pub async fn catalogue(db: &Db, c: &Catalogue, now: i64) -> anyhow::Result<Ids> {
    crate::catalog::import::import_json(db, &c.json.to_string()).await?;
    let mut slug_ids = HashMap::new();
    for r in sqlx::query("SELECT id, slug FROM shows")
        .fetch_all(&db.pool)
        .await?
    {
        slug_ids.insert(r.try_get::<String, _>(1)?, r.try_get::<i64, _>(0)?);
    }
    let shows: Vec<i64> = c
        .shows
        .iter()
        .map(|s| slug_ids.get(&s.slug).copied())
        .collect::<Option<_>>()
        .ok_or_else(|| anyhow::anyhow!("an imported show is missing"))?;
    let mut names = Vec::new();
    for (k, s) in c.shows.iter().enumerate() {
        for n in 1..=s.seasons.len() {
            names.push((shows[k], n, format!("season-{n}"), format!("Season {n}")));
        }
    }
    let mut tx = db.begin().await?;
    let board_rows: Vec<Vec<V>> = names
        .iter()
        .map(|(show, n, slug, name)| {
            vec![
                V::I(*show),
                V::T(slug),
                V::T(name),
                V::T("Episode talk for this season."),
                V::I(10 + *n as i64),
            ]
        })
        .collect();
    let cols = ["show_id", "slug", "name", "description", "position"];
    rows::insert(&mut tx, "boards", &cols, &board_rows).await?;
    tx.commit().await?;

    let mut boards: HashMap<(i64, String), i64> = HashMap::new();
    for r in sqlx::query("SELECT id, show_id, slug FROM boards")
        .fetch_all(&db.pool)
        .await?
    {
        boards.insert((r.try_get(1)?, r.try_get(2)?), r.try_get(0)?);
    }
    let mut eps: HashMap<(i64, String), (i64, Option<i64>)> = HashMap::new();
    for r in sqlx::query("SELECT id, show_id, code, thread_id FROM episodes")
        .fetch_all(&db.pool)
        .await?
    {
        eps.insert(
            (r.try_get(1)?, r.try_get(2)?),
            (r.try_get(0)?, r.try_get(3)?),
        );
    }
    let board = |show: i64, slug: &str| {
        boards
            .get(&(show, slug.to_string()))
            .copied()
            .ok_or_else(|| anyhow::anyhow!("board {slug} of show {show} is missing"))
    };
    let mut ids = Ids {
        shows: shows.clone(),
        boards: Vec::new(),
        episodes: Vec::new(),
    };
    let mut tx = db.begin().await?;
    for (k, s) in c.shows.iter().enumerate() {
        let show = shows[k];
        let seasons = (1..=s.seasons.len())
            .map(|n| board(show, &format!("season-{n}")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        ids.boards
            .push((board(show, "general")?, board(show, "theories")?, seasons));
        let mut per_season = Vec::new();
        for (si, times) in s.seasons.iter().enumerate() {
            let mut list = Vec::new();
            for (ei, &aired) in times.iter().enumerate() {
                let code = format!("s{:02}e{:02}", si + 1, ei + 1);
                let (id, thread) = eps
                    .get(&(show, code.clone()))
                    .copied()
                    .ok_or_else(|| anyhow::anyhow!("episode {code} of show {show} is missing"))?;
                list.push(id);
                if let Some(thread) = thread {
                    let at = aired.min(now - 30 * 86_400_000);
                    for sql in [
                        "UPDATE threads SET created_at = $1, last_post_at = $1 WHERE id = $2",
                        "UPDATE posts SET created_at = $1 WHERE thread_id = $2",
                    ] {
                        sqlx::query(sql)
                            .bind(at)
                            .bind(thread)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
            }
            per_season.push(list);
        }
        ids.episodes.push(per_season);
    }
    tx.commit().await?;
    Ok(ids)
}

/// Regions users live in (None: not set), about as often as listed.
const USER_REGIONS: [Option<&str>; 10] = [
    Some("US"),
    Some("US"),
    Some("US"),
    Some("GB"),
    Some("DE"),
    Some("FR"),
    Some("JP"),
    Some("BR"),
    None,
    None,
];

/// Users `first_id..first_id + n`, all with `hash` (a hash of a password nobody knows, or
/// the known one of `--admin-password` for the first, who is then admin).
pub async fn users(
    db: &Db,
    first_id: i64,
    n: usize,
    placeholder_hash: &str,
    admin_hash: Option<&str>,
    now: i64,
    started: Instant,
) -> anyhow::Result<()> {
    let names: Vec<String> = (0..n)
        .map(|i| match (i, admin_hash) {
            (0, Some(_)) => "seed_admin".to_string(),
            _ => text::username(i),
        })
        .collect();
    let cols = [
        "id",
        "username",
        "username_lower",
        "password_hash",
        "is_admin",
        "created_at",
        "region",
    ];
    rows::write_all(db, "users", "users", &cols, n, started, |i| {
        let admin = i == 0 && admin_hash.is_some();
        let joined = now - super::shape::SPAN_MS - 86_400_000 - (i as i64 % 365) * 86_400_000;
        vec![
            V::I(first_id + i as i64),
            V::T(&names[i]),
            V::T(&names[i]),
            V::T(if admin {
                admin_hash.unwrap_or(placeholder_hash)
            } else {
                placeholder_hash
            }),
            V::I(admin as i64),
            V::I(joined),
            V::NT(USER_REGIONS[i % USER_REGIONS.len()]),
        ]
    })
    .await
}

/// What a thread row needs beyond its plan.
pub struct ThreadRow {
    pub id: i64,
    pub board_id: i64,
    pub episode_id: Option<i64>,
    pub author: i64,
    pub title: String,
    pub pinned: bool,
    pub locked: bool,
}

/// Picks each thread's board, episode (season boards, an episode aired before it) and author.
pub fn thread_rows(
    seed: u64,
    plans: &[ThreadPlan],
    ids: &Ids,
    catalogue: &Catalogue,
    first_id: i64,
    first_user: i64,
    users: usize,
) -> Vec<ThreadRow> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x7e7e);
    let mut per_board: HashMap<i64, usize> = HashMap::new();
    plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (general, theories, seasons) = &ids.boards[p.show];
            let (board_id, episode_id) = match p.board {
                BoardPick::General => (*general, None),
                BoardPick::Theories => (*theories, None),
                BoardPick::Season(s) => {
                    let times = &catalogue.shows[p.show].seasons[s];
                    let e = rng.gen_range(0..times.len());
                    let aired = times[e] < p.created_at;
                    let ep = (aired && rng.gen_bool(0.6)).then(|| ids.episodes[p.show][s][e]);
                    (seasons[s], ep)
                }
            };
            let nth = per_board.entry(board_id).or_insert(0);
            *nth += 1;
            ThreadRow {
                id: first_id + i as i64,
                board_id,
                episode_id,
                author: first_user + active_user(users, rng.gen()) as i64,
                title: text::thread_title(i),
                // The two oldest threads of a board are its pinned rules and FAQ.
                pinned: *nth <= 2,
                locked: rng.gen_bool(0.005),
            }
        })
        .collect()
}

/// Body index of the post at `position` of thread `i`.
pub fn body_of(i: usize, position: usize) -> usize {
    (i.wrapping_mul(7919) ^ position.wrapping_mul(104_729)) % BODIES
}

#[allow(clippy::too_many_arguments)]
pub async fn threads(
    db: &Db,
    plans: &[ThreadPlan],
    rows_: &[ThreadRow],
    show_ids: &[i64],
    bodies: &[Body],
    now: i64,
    started: Instant,
) -> anyhow::Result<()> {
    let cols = [
        "id",
        "show_id",
        "board_id",
        "episode_id",
        "author_id",
        "title",
        "pinned",
        "locked",
        "post_count",
        "created_at",
        "last_post_at",
        "lang",
    ];
    rows::write_all(db, "threads", "threads", &cols, plans.len(), started, |i| {
        let (p, t) = (&plans[i], &rows_[i]);
        vec![
            V::I(t.id),
            V::I(show_ids[p.show]),
            V::I(t.board_id),
            V::NI(t.episode_id),
            V::I(t.author),
            V::T(&t.title),
            V::I(t.pinned as i64),
            V::I(t.locked as i64),
            V::I(p.posts as i64),
            V::I(p.created_at),
            V::I(p.last_post_at(now)),
            V::NT(bodies[body_of(i, 1)].lang),
        ]
    })
    .await
}

/// Every post, oldest first (post ids follow time, as on a live site).
#[allow(clippy::too_many_arguments)]
pub async fn posts(
    db: &Db,
    seed: u64,
    plans: &[ThreadPlan],
    rows_: &[ThreadRow],
    bodies: &[Body],
    first_user: i64,
    users: usize,
    now: i64,
    started: Instant,
) -> anyhow::Result<()> {
    let mut order: Vec<(i64, u32, u32)> = Vec::with_capacity(plans.iter().map(|p| p.posts).sum());
    for (i, p) in plans.iter().enumerate() {
        for pos in 1..=p.posts {
            order.push((p.post_time(pos, now), i as u32, pos as u32));
        }
    }
    order.sort_unstable();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x9057);
    let cols = [
        "thread_id",
        "author_id",
        "position",
        "body_src",
        "body_html",
        "created_at",
        "edited_at",
        "deleted",
        "lang",
    ];
    rows::write_all(db, "posts", "posts", &cols, order.len(), started, |k| {
        let (at, i, pos) = order[k];
        let (i, pos) = (i as usize, pos as usize);
        let t = &rows_[i];
        let author = if pos == 1 {
            t.author
        } else {
            first_user + active_user(users, rng.gen()) as i64
        };
        let body = &bodies[body_of(i, pos)];
        let deleted = pos > 1 && rng.gen_range(0..DELETED_EVERY) == 0;
        vec![
            V::I(t.id),
            V::I(author),
            V::I(pos as i64),
            V::T(if deleted { "" } else { &body.src }),
            V::T(if deleted { "" } else { &body.html }),
            V::I(at),
            V::NI(deleted.then_some(at + 60_000)),
            V::I(deleted as i64),
            V::NT(body.lang),
        ]
    })
    .await
}
