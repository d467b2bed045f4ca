//! `cliffhanger loadtest seed`: fills an empty database with a big community, writing
//! directly to the database `serve` would open (same data dir / `DATABASE_URL`, same pool and
//! migrations) in batched multi-row INSERTs. The catalogue goes through `catalog::import`;
//! users, threads and posts are written in bulk with their counters consistent. The search
//! outbox is not filled for them: a data dir without a search index rebuilds it when
//! `serve` starts, and `cliffhanger reindex` rebuilds it on demand (much faster than a
//! million outbox jobs). Prints the pages worth measuring, as JSON on the last line.
mod catalogue;
mod fill;
mod rows;
pub mod shape;
mod text;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;
use serde_json::json;

use crate::db::{Db, DbOptions};
use crate::time_util::now_ms;

#[derive(Args, Debug, Clone)]
pub struct SeedArgs {
    /// Shows in the catalogue (each with 1-6 seasons of 6-12 episodes).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub shows: u64,
    /// Threads besides the episode discussion threads the catalogue brings.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub threads: u64,
    /// Posts in those threads, opening posts included (at least one per thread, at most
    /// 5,000 per thread).
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub posts: u64,
    /// Users; they cannot sign in (their password is a random one, hashed once and dropped).
    #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub users: u64,
    /// Gives the first user, `seed_admin`, this password and makes them admin.
    #[arg(long, env = "CLIFFHANGER_SEED_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Seed of the random shapes: the same seed makes the same community.
    #[arg(long, default_value_t = 15)]
    pub seed: u64,
    /// Directory of the SQLite database (the `serve --data-dir` to start afterwards).
    #[arg(long, env = "CLIFFHANGER_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// `postgres://…` to fill a PostgreSQL database instead.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

/// What was seeded and the pages to measure.
pub struct Seeded {
    pub pages: Vec<(&'static str, String)>,
    pub seconds: f64,
    pub threads: usize,
    pub posts: usize,
}

pub async fn run(args: SeedArgs) -> anyhow::Result<()> {
    let database_url = args
        .database_url
        .clone()
        .unwrap_or_else(|| crate::config::sqlite_url(&args.data_dir));
    println!(
        "seeding {} ({} shows, {} threads, {} posts, {} users)",
        crate::config::redact_url(&database_url),
        args.shows,
        args.threads,
        args.posts,
        args.users
    );
    let db = Db::connect(DbOptions {
        url: database_url,
        data_dir: args.data_dir.clone(),
        page_cache_threads: 0,
    })
    .await?;
    let seeded = seed(&db, &args).await?;
    println!(
        "seeded {} threads and {} posts in {:.1} s",
        seeded.threads, seeded.posts, seeded.seconds
    );
    if args.database_url.is_none() && args.data_dir.join("search-index").exists() {
        println!("note: {} already has a search index: run `cliffhanger reindex` so search finds the seeded posts", args.data_dir.display());
    } else {
        println!("search: `serve` rebuilds a missing embedded index at start (in the background); run `cliffhanger reindex` first to measure a complete one");
    }
    println!(
        "pages to measure (loadtest pages --pages-file FILE takes this list or the JSON line):"
    );
    for (name, path) in &seeded.pages {
        println!("  {name:<18} {path}");
    }
    let summary = json!({
        "seconds": (seeded.seconds * 1000.0).round() / 1000.0,
        "shows": args.shows,
        "threads": seeded.threads,
        "posts": seeded.posts,
        "users": args.users,
        "pages": seeded.pages.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>(),
        "names": seeded.pages.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
    });
    println!("{summary}");
    Ok(())
}

/// Seeds `db` (which must hold no shows or users yet).
pub async fn seed(db: &Db, args: &SeedArgs) -> anyhow::Result<Seeded> {
    let (threads, posts, users) = (
        args.threads as usize,
        args.posts as usize,
        args.users as usize,
    );
    if posts < threads || posts > threads * shape::BIG_THREAD_POSTS {
        bail!(
            "--posts must be between --threads and {} × --threads",
            shape::BIG_THREAD_POSTS
        );
    }
    let existing = rows::count(db, "SELECT COUNT(*) FROM shows").await?
        + rows::count(db, "SELECT COUNT(*) FROM users").await?;
    if existing > 0 {
        bail!("the database already holds shows or users: seed a fresh data dir or database");
    }
    let started = Instant::now();
    let now = now_ms();
    let placeholder = crate::auth::password::hash(format!("{:032x}", rand::random::<u128>()))
        .await
        .context("hashing the placeholder password")?;
    let admin_hash = match &args.admin_password {
        Some(pw) => Some(crate::auth::password::hash(pw.clone()).await?),
        None => None,
    };

    let cat = catalogue::generate(args.seed, args.shows as usize, now);
    let ids = fill::catalogue(db, &cat, now).await?;
    let episodes: usize = cat.shows.iter().map(|s| s.seasons.concat().len()).sum();
    println!(
        "  catalogue: {} shows, {episodes} episodes with their discussion threads ({:.1} s)",
        cat.shows.len(),
        started.elapsed().as_secs_f64()
    );

    let first_user = rows::max_id(db, "users").await? + 1;
    fill::users(
        db,
        first_user,
        users,
        &placeholder,
        admin_hash.as_deref(),
        now,
        started,
    )
    .await?;
    rows::sync_sequence(db, "users").await?;

    let season_counts: Vec<usize> = cat.shows.iter().map(|s| s.seasons.len()).collect();
    let plans = shape::plan_threads(args.seed, &season_counts, threads, posts, now);
    let first_thread = rows::max_id(db, "threads").await? + 1;
    let thread_rows = fill::thread_rows(
        args.seed,
        &plans,
        &ids,
        &cat,
        first_thread,
        first_user,
        users,
    );
    let bodies = fill::bodies();
    fill::threads(db, &plans, &thread_rows, &ids.shows, &bodies, now, started).await?;
    rows::sync_sequence(db, "threads").await?;
    fill::posts(
        db,
        args.seed,
        &plans,
        &thread_rows,
        &bodies,
        first_user,
        users,
        now,
        started,
    )
    .await?;

    rows::analyze(db).await?;
    let written = rows::count(
        db,
        &format!("SELECT COUNT(*) FROM posts WHERE thread_id >= {first_thread}"),
    )
    .await?;
    if written != posts as i64 {
        bail!("wrote {written} posts, expected {posts}");
    }
    Ok(Seeded {
        pages: pages(&cat, &plans, &thread_rows),
        seconds: started.elapsed().as_secs_f64(),
        threads,
        posts,
    })
}

/// Representative pages: home, the busiest show, its General board (first and a deep page),
/// a typical thread, the biggest thread's first and last page, and a search.
fn pages(
    cat: &catalogue::Catalogue,
    plans: &[shape::ThreadPlan],
    rows_: &[fill::ThreadRow],
) -> Vec<(&'static str, String)> {
    let slug = &cat.shows[0].slug;
    let general = plans
        .iter()
        .filter(|p| p.show == 0 && p.board == shape::BoardPick::General)
        .count();
    let per_page = crate::db::forum::THREADS_PER_PAGE as usize;
    let deep = general.div_ceil(per_page).clamp(1, 500);
    let biggest = (0..plans.len())
        .max_by_key(|&i| plans[i].posts)
        .unwrap_or(0);
    let typical = (0..plans.len())
        .min_by_key(|&i| plans[i].posts.abs_diff(30))
        .unwrap_or(0);
    let per_thread_page = crate::db::posts::POSTS_PER_PAGE as usize;
    let last = plans
        .get(biggest)
        .map_or(1, |p| p.posts.div_ceil(per_thread_page));
    let thread = |i: usize| rows_.get(i).map_or(0, |t| t.id);
    vec![
        ("home", "/".to_string()),
        ("show", format!("/shows/{slug}")),
        ("board_p1", format!("/shows/{slug}/forum/general")),
        (
            "board_deep",
            format!("/shows/{slug}/forum/general?page={deep}"),
        ),
        ("thread_p1", format!("/threads/{}", thread(typical))),
        ("big_thread_p1", format!("/threads/{}", thread(biggest))),
        (
            "big_thread_last",
            format!("/threads/{}?page={last}", thread(biggest)),
        ),
        ("search", format!("/search?q=lighthouse&show={slug}")),
    ]
}
