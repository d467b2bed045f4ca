//! Search benchmark (issue 4): the embedded tantivy engine against SQLite FTS5 as baseline.
//!
//! Generates a deterministic corpus of forum posts across 100 shows (a built-in vocabulary
//! of about 3,000 English words drawn with a Zipf-like distribution, plus per-show character
//! names), indexes it into `EmbeddedEngine` (one tantivy index per show, and one site-wide
//! index of every show's documents) the way
//! `cliffhanger reindex` does and into an FTS5 table, then runs the same per-show queries of 1-3 words against both, once exact
//! and once with one typo. Last, the first few hundred of those queries run site-wide (no
//! show), which the engine answers from its site-wide index.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench search
//! SEARCH_BENCH_DOCS=100000 CARGO_TARGET_DIR=/work/target-bench cargo bench --bench search
//! ```
//!
//! Environment: `SEARCH_BENCH_DOCS` (default 1,000,000), `SEARCH_BENCH_QUERIES` (2,000),
//! `SEARCH_BENCH_BATCH` (docs per page handed to `reindex`'s per-show batching, and per FTS5
//! transaction, 10,000), `SEARCH_BENCH_SEED`
//! (42), `SEARCH_BENCH_MISSPELT` (share of 4+ letter words misspelt in posts, 0.02),
//! `SEARCH_BENCH_DIR` (where the temporary index dir goes; default the system temp dir),
//! `SEARCH_BENCH_SITE_WIDE` (site-wide queries measured, 300),
//! `SEARCH_BENCH_DIAG=1` (also break the embedded query cost down, see `diagnostics`).
//! A human summary goes to stdout; its last line is one JSON object with every figure.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cliffhanger::search::embedded::EmbeddedEngine;
use cliffhanger::search::query::tokenize;
use cliffhanger::search::reindex::{self, ShowBatches};
use cliffhanger::search::{DocKind, SearchDoc, SearchEngine, SearchQuery, Synonyms};
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

const SHOWS: usize = 100;
const LIMIT: usize = 20;
const CHARACTERS_PER_SHOW: usize = 12;
/// The most frequent vocabulary words; never picked as query words.
const STOPWORD_RANKS: usize = 120;
/// Default share of words (of 4+ letters) that posters misspell: one random edit. Gives the
/// term dictionary the long tail of a real forum's (`SEARCH_BENCH_MISSPELT=0` turns it off).
const MISSPELT: f64 = 0.02;
/// Rows per multi-row INSERT into FTS5 (4 parameters each, well under SQLite's limit).
const FTS_ROWS_PER_INSERT: usize = 200;
const WARMUP_QUERIES: usize = 200;
const BOARDS: [&str; 5] = ["general", "episodes", "theories", "news", "off-topic"];
const FTS_QUERY: &str =
    "SELECT rowid, title, body FROM posts WHERE posts MATCH ?1 AND show_id = ?2 \
     ORDER BY bm25(posts, 2.0, 1.0) LIMIT 20";

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

struct Settings {
    docs: usize,
    queries: usize,
    batch: usize,
    seed: u64,
    misspelt: f64,
    dir: Option<PathBuf>,
    /// Site-wide (all shows) queries measured, the first of the per-show query set.
    site_wide: usize,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

impl Settings {
    fn from_env() -> Settings {
        Settings {
            docs: env_usize("SEARCH_BENCH_DOCS", 1_000_000).max(1_000),
            queries: env_usize("SEARCH_BENCH_QUERIES", 2_000).max(1),
            batch: env_usize("SEARCH_BENCH_BATCH", 10_000).max(1),
            seed: env_usize("SEARCH_BENCH_SEED", 42) as u64,
            misspelt: std::env::var("SEARCH_BENCH_MISSPELT")
                .ok()
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(MISSPELT)
                .clamp(0.0, 1.0),
            dir: std::env::var_os("SEARCH_BENCH_DIR").map(PathBuf::from),
            site_wide: env_usize("SEARCH_BENCH_SITE_WIDE", 300),
        }
    }
}

/// Zipf-Mandelbrot weights: 1 / (rank + q)^s.
fn zipf(n: usize, s: f64, q: f64) -> WeightedIndex<f64> {
    WeightedIndex::new((0..n).map(|r| 1.0 / (r as f64 + q).powf(s))).expect("weights")
}

fn unique_words(text: &'static str) -> Vec<&'static str> {
    let mut seen = HashSet::new();
    text.split_whitespace()
        .filter(|w| seen.insert(*w))
        .collect()
}

struct Show {
    id: i64,
    slug: String,
    title: String,
    seasons: i64,
    episodes: i64,
    /// (first name, full name)
    characters: Vec<(String, String)>,
    synonyms: Synonyms,
}

struct Generator {
    vocab: Vec<&'static str>,
    vocab_zipf: WeightedIndex<f64>,
    shows: Vec<Show>,
    show_pick: WeightedIndex<f64>,
    character_pick: WeightedIndex<f64>,
    authors: Vec<String>,
    misspelt: f64,
}

impl Generator {
    fn new(misspelt: f64, rng: &mut StdRng) -> Generator {
        let vocab = unique_words(VOCABULARY);
        let first = unique_words(FIRST_NAMES);
        let last = unique_words(SURNAMES);
        let shows = (1..=SHOWS as i64)
            .map(|id| {
                let characters: Vec<(String, String)> = first
                    .choose_multiple(rng, CHARACTERS_PER_SHOW)
                    .map(|f| {
                        let l = last.choose(rng).expect("surnames");
                        (f.to_string(), format!("{f} {l}"))
                    })
                    .collect();
                // Fans' nicknames for the three main characters, as a moderator would set them.
                let synonyms = characters
                    .iter()
                    .take(3)
                    .map(|(f, full)| {
                        let f = f.to_lowercase();
                        let nick = format!("{}y", &f[..3]);
                        vec![nick, f, full.to_lowercase()]
                    })
                    .collect();
                let words: Vec<&str> = vocab[200..].choose_multiple(rng, 2).copied().collect();
                Show {
                    id,
                    slug: format!("{}-{}-{id}", words[0], words[1]),
                    title: format!("The {} {}", capitalize(words[0]), capitalize(words[1])),
                    seasons: rng.gen_range(1..=8),
                    episodes: rng.gen_range(6..=22),
                    characters,
                    synonyms,
                }
            })
            .collect();
        let authors = (0..20_000)
            .map(|n| {
                format!(
                    "{}{}",
                    first.choose(rng).expect("names").to_lowercase(),
                    n % 997
                )
            })
            .collect();
        Generator {
            vocab_zipf: zipf(vocab.len(), 1.0, 2.7),
            vocab,
            shows,
            // Popular shows get more posts: the largest has several times the smallest.
            show_pick: zipf(SHOWS, 0.8, 10.0),
            character_pick: zipf(CHARACTERS_PER_SHOW, 1.0, 1.0),
            authors,
            misspelt,
        }
    }

    fn word(&self, show: &Show, rng: &mut StdRng, out: &mut String) {
        if rng.gen_bool(0.05) {
            let (first, full) = &show.characters[self.character_pick.sample(rng)];
            out.push_str(if rng.gen_bool(0.3) { full } else { first });
        } else {
            let w = self.vocab[self.vocab_zipf.sample(rng)];
            if w.len() >= 4 && rng.gen_bool(self.misspelt) {
                out.push_str(&inject_typo(w, rng));
            } else {
                out.push_str(w);
            }
        }
    }

    /// Words in sentences: capitalized, ending in punctuation. Returns the word count.
    fn text(&self, show: &Show, words: usize, title: bool, rng: &mut StdRng) -> String {
        let mut out = String::with_capacity(words * 8);
        let mut left = words;
        while left > 0 {
            let n = if title {
                left
            } else {
                rng.gen_range(4..=14).min(left)
            };
            let start = out.len();
            for i in 0..n {
                if i > 0 {
                    out.push(' ');
                }
                self.word(show, rng, &mut out);
            }
            if let Some(c) = out[start..].chars().next() {
                let upper = c.to_ascii_uppercase();
                out.replace_range(start..start + 1, upper.encode_utf8(&mut [0; 4]));
            }
            if !title {
                out.push_str([".", ".", ".", "!", "?", "..."].choose(rng).expect("punct"));
                out.push(' ');
            }
            left -= n;
        }
        out.truncate(out.trim_end().len());
        out
    }

    fn doc(&self, i: usize, rng: &mut StdRng) -> (SearchDoc, usize) {
        let show = &self.shows[self.show_pick.sample(rng)];
        let season = rng.gen_range(1..=show.seasons);
        let episode = rng.gen_range(1..=show.episodes);
        let thread = 1 + i / 25;
        let title_words = rng.gen_range(3..=8);
        let mut title = self.text(show, title_words, true, rng);
        if rng.gen_bool(0.6) {
            title = format!("Re: {title}");
        }
        let body_words = rng.gen_range(20..=80);
        let body = self.text(show, body_words, false, rng);
        let doc = SearchDoc {
            id: format!("post-{}", i + 1),
            kind: DocKind::Post,
            show_id: show.id,
            show_slug: show.slug.clone(),
            show_title: show.title.clone(),
            season: Some(season),
            episode_code: Some(format!("s{season:02}e{episode:02}")),
            board: Some(BOARDS.choose(rng).expect("boards").to_string()),
            author: Some(self.authors.choose(rng).expect("authors").clone()),
            title,
            body,
            url: format!("/threads/{thread}#post-{}", i + 1),
            // From 2020-01-01, about a post a minute.
            created_at: 1_577_836_800_000 + i as i64 * 60_000 + rng.gen_range(0..60_000),
            lang: Some("en".into()),
        };
        (doc, title_words + body_words)
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

struct BenchQuery {
    show_id: i64,
    exact: Vec<String>,
    typo: Vec<String>,
}

/// One edit (substitution, insertion, deletion or adjacent transposition) that changes `word`;
/// a word of 5 letters keeps 5 or more, so one typo stays within the engine's budget.
fn inject_typo(word: &str, rng: &mut StdRng) -> String {
    let original = word.as_bytes().to_vec();
    loop {
        let mut t = original.clone();
        match rng.gen_range(0..4) {
            0 => {
                let i = rng.gen_range(0..t.len());
                t[i] = rng.gen_range(b'a'..=b'z');
            }
            1 => {
                let i = rng.gen_range(0..=t.len());
                t.insert(i, rng.gen_range(b'a'..=b'z'));
            }
            2 if t.len() >= 6 => {
                t.remove(rng.gen_range(0..t.len()));
            }
            3 => {
                let i = rng.gen_range(0..t.len() - 1);
                t.swap(i, i + 1);
            }
            _ => continue,
        }
        if t != original {
            return String::from_utf8(t).expect("ascii");
        }
    }
}

/// Queries of 1-3 words taken from one random post of a show (so a show is picked in
/// proportion to its size), among `allowed` words (no stop words, no misspellings); at least
/// one word has 5+ letters and gets the typo in the typo variant.
fn make_queries(
    docs: &[SearchDoc],
    allowed: &HashSet<String>,
    n: usize,
    rng: &mut StdRng,
) -> Vec<BenchQuery> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let d = &docs[rng.gen_range(0..docs.len())];
        let mut seen = HashSet::new();
        let words: Vec<String> = tokenize(&format!("{} {}", d.title, d.body))
            .into_iter()
            .filter(|w| w.len() >= 3 && allowed.contains(w))
            .filter(|w| seen.insert(w.clone()))
            .collect();
        let long: Vec<&String> = words.iter().filter(|w| w.len() >= 5).collect();
        let Some(anchor) = long.choose(rng).map(|w| (*w).clone()) else {
            continue;
        };
        let k = rng.gen_range(1..=3usize);
        let mut exact = vec![anchor.clone()];
        let others: Vec<&String> = words.iter().filter(|w| **w != anchor).collect();
        exact.extend(others.choose_multiple(rng, k - 1).map(|w| (*w).clone()));
        exact.shuffle(rng);
        let typo = exact
            .iter()
            .map(|w| {
                if *w == anchor {
                    inject_typo(w, rng)
                } else {
                    w.clone()
                }
            })
            .collect();
        out.push(BenchQuery {
            show_id: d.show_id,
            exact,
            typo,
        });
    }
    out
}

#[derive(Default)]
struct Stats {
    latencies: Vec<Duration>,
    /// Queries with at least one hit.
    found: usize,
    /// Hits returned (at most LIMIT per query).
    returned: usize,
    /// Total matching documents, where the engine counts them.
    matched: u64,
}

impl Stats {
    fn record(&mut self, took: Duration, returned: usize, matched: usize) {
        self.latencies.push(took);
        self.found += usize::from(returned > 0);
        self.returned += returned;
        self.matched += matched as u64;
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        let mut v = self.latencies.clone();
        v.sort();
        if v.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
        ms(v[rank.min(v.len()) - 1])
    }

    fn mean_ms(&self) -> f64 {
        let total: Duration = self.latencies.iter().sum();
        ms(total) / self.latencies.len().max(1) as f64
    }

    fn json(&self, counts_matches: bool) -> Value {
        let n = self.latencies.len().max(1) as f64;
        let mut v = json!({
            "queries": self.latencies.len(),
            "p50_ms": round3(self.percentile_ms(50.0)),
            "p90_ms": round3(self.percentile_ms(90.0)),
            "p99_ms": round3(self.percentile_ms(99.0)),
            "max_ms": round3(self.percentile_ms(100.0)),
            "mean_ms": round3(self.mean_ms()),
            "queries_with_hits": self.found,
            "queries_with_hits_pct": round3(100.0 * self.found as f64 / n),
            "mean_hits_returned": round3(self.returned as f64 / n),
        });
        if counts_matches {
            v["mean_total_matches"] = json!(round3(self.matched as f64 / n));
        }
        v
    }

    fn line(&self, name: &str) -> String {
        format!(
            "  {name:<16} p50 {:>8.3} ms  p90 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  mean {:>8.3} ms  \
             hits in {:>5.1}% of queries, {:>4.1} returned/query",
            self.percentile_ms(50.0),
            self.percentile_ms(90.0),
            self.percentile_ms(99.0),
            self.percentile_ms(100.0),
            self.mean_ms(),
            100.0 * self.found as f64 / self.latencies.len().max(1) as f64,
            self.returned as f64 / self.latencies.len().max(1) as f64,
        )
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Bytes of every file under `dir`, subdirectories included (one per show).
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| Some((e.path(), e.metadata().ok()?)))
                .map(|(path, m)| {
                    if m.is_dir() {
                        dir_bytes(&path)
                    } else {
                        m.len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Where the engine keeps a show's index.
fn show_index_dir(index_dir: &Path, show: i64) -> PathBuf {
    index_dir.join(format!("show_{show}"))
}

/// The engine's site-wide index: (searchable segments, documents).
fn site_index(index_dir: &Path) -> (usize, u64) {
    let index = tantivy::Index::open_in_dir(index_dir.join("site"));
    let segments = index
        .as_ref()
        .ok()
        .and_then(|i| i.searchable_segment_metas().ok())
        .unwrap_or_default();
    let docs = segments.iter().map(|m| u64::from(m.num_docs())).sum();
    (segments.len(), docs)
}

/// Searchable segments over all the shows' indexes.
fn segment_count(index_dir: &Path) -> usize {
    (1..=SHOWS as i64)
        .map(|show| {
            tantivy::Index::open_in_dir(show_index_dir(index_dir, show))
                .and_then(|i| i.searchable_segment_metas())
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum()
}

fn embedded_query(q: &BenchQuery, words: &[String]) -> SearchQuery {
    SearchQuery {
        text: words.join(" "),
        show_id: Some(q.show_id),
        all_shows: (1..=SHOWS as i64).collect(),
        limit: LIMIT,
        ..Default::default()
    }
}

/// Per show (the show's id and its synonyms, as the show's search page calls it) or, with
/// `site_wide`, without a show: every show's synonyms, and the engine reads its site-wide
/// index.
async fn run_embedded(
    engine: &EmbeddedEngine,
    queries: &[BenchQuery],
    synonyms: &[(i64, Synonyms)],
    typo: bool,
    site_wide: bool,
) -> AnyResult<Stats> {
    let mut stats = Stats::default();
    for q in queries {
        let mut sq = embedded_query(q, if typo { &q.typo } else { &q.exact });
        let syn = if site_wide {
            sq.show_id = None;
            synonyms
        } else {
            std::slice::from_ref(&synonyms[q.show_id as usize - 1])
        };
        let started = Instant::now();
        let res = engine.search(&sq, syn).await?;
        stats.record(started.elapsed(), res.hits.len(), res.total);
    }
    Ok(stats)
}

fn fts_match(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn run_fts(pool: &SqlitePool, queries: &[BenchQuery], typo: bool) -> AnyResult<Stats> {
    let mut stats = Stats::default();
    for q in queries {
        let m = fts_match(if typo { &q.typo } else { &q.exact });
        let started = Instant::now();
        let rows = sqlx::query(FTS_QUERY)
            .bind(&m)
            .bind(q.show_id)
            .fetch_all(pool)
            .await?;
        let mut hits = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get(0)?;
            let title: String = r.try_get(1)?;
            let body: String = r.try_get(2)?;
            hits.push((id, title, body));
        }
        stats.record(started.elapsed(), hits.len(), 0);
    }
    Ok(stats)
}

fn fts_insert_sql(rows: usize) -> String {
    let values = vec!["(?, ?, ?, ?)"; rows].join(", ");
    format!("INSERT INTO posts(rowid, title, body, show_id) VALUES {values}")
}

/// Which parts of the embedded engine's per-show query cost what, measured straight on each
/// show's index with tantivy (the query shape the engine builds in
/// `search::embedded::schema`, without synonyms). Opt-in: `SEARCH_BENCH_DIAG=1`.
mod diag {
    use std::collections::HashMap;

    use super::*;
    use cliffhanger::search::query::typo_budget;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{
        BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
    };
    use tantivy::schema::{Field, IndexRecordOption, Value as _};
    use tantivy::{Searcher, TantivyDocument, Term};

    #[derive(Clone, Copy)]
    struct Shape {
        fuzzy: bool,
        prefix: bool,
        /// Fuzzy and prefix matching on the body field only (one automaton per word instead
        /// of two: what a single combined text field would cost).
        one_field: bool,
        count: bool,
        fetch: bool,
    }

    #[derive(Clone, Copy)]
    struct Fields {
        title: Field,
        body: Field,
        json: Field,
    }

    /// One show's index, opened read-only beside the engine.
    struct ShowIndex {
        searcher: Searcher,
        f: Fields,
        /// Every distinct word in its title and body term dictionaries.
        dictionary: Vec<String>,
    }

    fn open_shows(index_dir: &Path, queries: &[BenchQuery]) -> AnyResult<HashMap<i64, ShowIndex>> {
        let mut out = HashMap::new();
        for q in queries {
            if out.contains_key(&q.show_id) {
                continue;
            }
            let index = tantivy::Index::open_in_dir(show_index_dir(index_dir, q.show_id))?;
            let schema = index.schema();
            let f = Fields {
                title: schema.get_field("title")?,
                body: schema.get_field("body")?,
                json: schema.get_field("json")?,
            };
            let searcher = index.reader()?.searcher();
            let dictionary = dictionary(&searcher, &f)?;
            out.insert(
                q.show_id,
                ShowIndex {
                    searcher,
                    f,
                    dictionary,
                },
            );
        }
        Ok(out)
    }

    fn query(f: &Fields, words: &[String], shape: Shape) -> Box<dyn Query> {
        let last = words.len().saturating_sub(1);
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in [(f.title, 2.0), (f.body, 1.0)] {
                let term = Term::from_field_text(field, w);
                alts.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                        boost,
                    )),
                ));
                if shape.one_field && field == f.title {
                    continue;
                }
                if shape.fuzzy && typo_budget(w) > 0 {
                    alts.push((
                        Occur::Should,
                        Box::new(FuzzyTermQuery::new(term.clone(), typo_budget(w), true)),
                    ));
                }
                if shape.prefix && i == last {
                    alts.push((
                        Occur::Should,
                        Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
                    ));
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        Box::new(BooleanQuery::new(must))
    }

    fn fetch(show: &ShowIndex, addrs: &[(f32, tantivy::DocAddress)]) -> AnyResult<()> {
        for (_, addr) in addrs {
            let doc: TantivyDocument = show.searcher.doc(*addr)?;
            if let Some(json) = doc.get_first(show.f.json).and_then(|v| v.as_str()) {
                let _: SearchDoc = serde_json::from_str(json)?;
            }
        }
        Ok(())
    }

    fn run(
        shows: &HashMap<i64, ShowIndex>,
        queries: &[BenchQuery],
        typo: bool,
        shape: Shape,
    ) -> AnyResult<Stats> {
        let mut stats = Stats::default();
        for q in queries {
            let show = &shows[&q.show_id];
            let words = if typo { &q.typo } else { &q.exact };
            let started = Instant::now();
            let query = query(&show.f, words, shape);
            let top = TopDocs::with_limit(LIMIT).order_by_score();
            let (addrs, total) = if shape.count {
                show.searcher.search(&query, &(top, Count))?
            } else {
                let addrs = show.searcher.search(&query, &top)?;
                let n = addrs.len();
                (addrs, n)
            };
            if shape.fetch {
                fetch(show, &addrs)?;
            }
            stats.record(started.elapsed(), addrs.len(), total);
        }
        Ok(stats)
    }

    fn dictionary(searcher: &Searcher, f: &Fields) -> AnyResult<Vec<String>> {
        let mut set = HashSet::new();
        for seg in searcher.segment_readers() {
            for field in [f.title, f.body] {
                let inverted = seg.inverted_index(field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    set.insert(String::from_utf8_lossy(stream.key()).into_owned());
                }
            }
        }
        Ok(set.into_iter().collect())
    }

    /// The dictionary words a query word stands for besides itself: within its typo budget
    /// (optimal string alignment, like FuzzyTermQuery with transpositions) or, for the last
    /// word, extending it. Brute force over the dictionary.
    fn expand(dict: &[String], word: &str, prefix: bool) -> Vec<String> {
        let budget = typo_budget(word) as usize;
        dict.iter()
            .filter(|t| **t != word)
            .filter(|t| {
                (prefix && t.starts_with(word))
                    || (budget > 0
                        && t.len().abs_diff(word.len()) <= budget
                        && strsim::osa_distance(t, word) <= budget)
            })
            .cloned()
            .collect()
    }

    /// The engine's query with each fuzzy or prefix match replaced by the concrete terms it
    /// stands for, so the intersection can skip through postings instead of collecting every
    /// matching document into a bitset.
    fn expanded_query(f: &Fields, words: &[String], expansions: &[Vec<String>]) -> Box<dyn Query> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (w, more) in words.iter().zip(expansions) {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in [(f.title, 2.0), (f.body, 1.0)] {
                let term = Term::from_field_text(field, w);
                alts.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                        boost,
                    )),
                ));
                for m in more {
                    let term = Term::from_field_text(field, m);
                    alts.push((
                        Occur::Should,
                        Box::new(ConstScoreQuery::new(
                            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                            1.0,
                        )),
                    ));
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        Box::new(BooleanQuery::new(must))
    }

    fn run_expanded(
        shows: &HashMap<i64, ShowIndex>,
        queries: &[BenchQuery],
        typo: bool,
    ) -> AnyResult<(Stats, Duration, usize)> {
        let mut stats = Stats::default();
        let (mut expanding, mut expanded) = (Duration::ZERO, 0);
        for q in queries {
            let show = &shows[&q.show_id];
            let words = if typo { &q.typo } else { &q.exact };
            let t = Instant::now();
            let last = words.len() - 1;
            let expansions: Vec<Vec<String>> = words
                .iter()
                .enumerate()
                .map(|(i, w)| expand(&show.dictionary, w, i == last))
                .collect();
            expanding += t.elapsed();
            expanded += expansions.iter().map(Vec::len).sum::<usize>();
            let started = Instant::now();
            let query = expanded_query(&show.f, words, &expansions);
            let top = TopDocs::with_limit(LIMIT).order_by_score();
            let (addrs, total) = show.searcher.search(&query, &(top, Count))?;
            fetch(show, &addrs)?;
            stats.record(started.elapsed(), addrs.len(), total);
        }
        Ok((stats, expanding, expanded))
    }

    /// The query-shape breakdown on the shows' indexes, on the first 500 queries.
    pub fn breakdown(index_dir: &Path, queries: &[BenchQuery]) -> AnyResult<Value> {
        let queries = &queries[..queries.len().min(500)];
        let shows = open_shows(index_dir, queries)?;
        let full = Shape {
            fuzzy: true,
            prefix: true,
            one_field: false,
            count: true,
            fetch: true,
        };
        let variants: [(&str, Shape); 7] = [
            ("as engine", full),
            (
                "fuzzy on 1 field",
                Shape {
                    one_field: true,
                    ..full
                },
            ),
            (
                "no doc fetch",
                Shape {
                    fetch: false,
                    ..full
                },
            ),
            (
                "no count",
                Shape {
                    count: false,
                    ..full
                },
            ),
            (
                "no prefix",
                Shape {
                    prefix: false,
                    ..full
                },
            ),
            (
                "no fuzzy",
                Shape {
                    fuzzy: false,
                    ..full
                },
            ),
            (
                "terms only",
                Shape {
                    fuzzy: false,
                    prefix: false,
                    ..full
                },
            ),
        ];
        run(&shows, &queries[..queries.len().min(200)], false, full)?;
        let mut out = serde_json::Map::new();
        println!(
            "diagnostics: the query shape, straight on each show's index, {} queries (no synonyms, no spawn_blocking):",
            queries.len()
        );
        for (name, shape) in variants {
            for typo in [false, true] {
                let st = run(&shows, queries, typo, shape)?;
                let label = format!("{name}, {}", if typo { "typo" } else { "exact" });
                println!("{}", st.line(&label));
                out.insert(label, st.json(true));
            }
        }
        let mean_terms = shows.values().map(|s| s.dictionary.len()).sum::<usize>() as f64
            / shows.len().max(1) as f64;
        println!("  (term dictionary: {mean_terms:.0} distinct words in title and body per show, mean over the shows queried)");
        out.insert(
            "dictionary_terms_per_show".into(),
            json!(mean_terms.round()),
        );
        for typo in [false, true] {
            let (st, expanding, expanded) = run_expanded(&shows, queries, typo)?;
            let label = format!("expanded terms, {}", if typo { "typo" } else { "exact" });
            let n = queries.len().max(1) as f64;
            println!(
                "{}\n    (+ {:.1} terms per query; the brute-force expansion, not timed above, took {:.2} ms/query)",
                st.line(&label),
                expanded as f64 / n,
                ms(expanding) / n
            );
            let mut v = st.json(true);
            v["expanded_terms_per_query"] = json!(round3(expanded as f64 / n));
            v["brute_force_expansion_ms_per_query"] = json!(round3(ms(expanding) / n));
            out.insert(label, v);
        }
        Ok(Value::Object(out))
    }
}

/// Opt-in diagnostics (`SEARCH_BENCH_DIAG=1`): the breakdown above and the engine without the
/// prefix match on the last word.
async fn diagnostics(
    engine: &EmbeddedEngine,
    index_dir: &Path,
    queries: &[BenchQuery],
    synonyms: &[(i64, Synonyms)],
) -> AnyResult<Value> {
    let mut out = serde_json::Map::new();
    out.insert("breakdown".into(), diag::breakdown(index_dir, queries)?);

    // The engine's own API with a trailing space: no prefix match on the last word.
    let mut st = Stats::default();
    for q in queries {
        let mut sq = embedded_query(q, &q.exact);
        sq.text.push(' ');
        let syn = std::slice::from_ref(&synonyms[q.show_id as usize - 1]);
        let started = Instant::now();
        let res = engine.search(&sq, syn).await?;
        st.record(started.elapsed(), res.hits.len(), res.total);
    }
    println!("diagnostics: the engine, last word not matched as a prefix (trailing space):");
    println!("{}", st.line("engine no prefix"));
    out.insert("engine_exact_no_prefix".into(), st.json(true));
    Ok(Value::Object(out))
}

#[tokio::main]
async fn main() -> AnyResult<()> {
    let s = Settings::from_env();
    let load_before = load_average();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "search bench: {} posts, {SHOWS} shows, {} queries, batch {}, seed {}, {cores} cores, load {load_before}",
        s.docs, s.queries, s.batch, s.seed
    );

    // 1. Corpus.
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(s.seed);
    let gen = Generator::new(s.misspelt, &mut rng);
    let mut docs = Vec::with_capacity(s.docs);
    let mut words = 0usize;
    for i in 0..s.docs {
        let (d, n) = gen.doc(i, &mut rng);
        words += n;
        docs.push(d);
    }
    let mut per_show = vec![0usize; SHOWS];
    for d in &docs {
        per_show[d.show_id as usize - 1] += 1;
    }
    let text_bytes: usize = docs.iter().map(|d| d.title.len() + d.body.len()).sum();
    let gen_secs = started.elapsed().as_secs_f64();
    let (min_show, max_show) = (
        per_show.iter().min().copied().unwrap_or(0),
        per_show.iter().max().copied().unwrap_or(0),
    );
    println!(
        "corpus: {} words ({:.1}/post, title+body), {:.0} MB of text, vocabulary {} words ({}% of those of 4+ letters misspelt) + {} character names per show, \
         posts per show {min_show}..{max_show}; generated in {gen_secs:.1} s",
        words,
        words as f64 / s.docs as f64,
        text_bytes as f64 / 1e6,
        gen.vocab.len(),
        s.misspelt * 100.0,
        CHARACTERS_PER_SHOW,
    );
    let allowed: HashSet<String> = gen.vocab[STOPWORD_RANKS..]
        .iter()
        .map(|w| w.to_string())
        .chain(
            gen.shows
                .iter()
                .flat_map(|sh| sh.characters.iter().flat_map(|(_, full)| tokenize(full))),
        )
        .collect();
    let mut qrng = StdRng::seed_from_u64(s.seed ^ 0x5eed_9e77);
    let queries = make_queries(&docs, &allowed, s.queries, &mut qrng);
    let warmup = make_queries(&docs, &allowed, WARMUP_QUERIES, &mut qrng);
    let synonyms: Vec<(i64, Synonyms)> = gen
        .shows
        .iter()
        .map(|sh| (sh.id, sh.synonyms.clone()))
        .collect();
    let words_per_query =
        queries.iter().map(|q| q.exact.len()).sum::<usize>() as f64 / queries.len() as f64;
    println!(
        "queries: {} per-show queries, {words_per_query:.2} words on average, e.g. {:?} -> {:?}",
        queries.len(),
        queries[0].exact.join(" "),
        queries[0].typo.join(" ")
    );

    let tmp = match &s.dir {
        Some(d) => tempfile::Builder::new()
            .prefix("search-bench")
            .tempdir_in(d)?,
        None => tempfile::Builder::new().prefix("search-bench").tempdir()?,
    };
    let index_dir = tmp.path().join("embedded");

    // 2. Embedded indexing.
    // Fed as `cliffhanger reindex` feeds it: pages that mix every show, held back per show
    // (`ShowBatches`) so that each upsert carries many documents of few shows.
    let engine = EmbeddedEngine::open(&index_dir)?;
    let mut batches = ShowBatches::new(reindex::PER_SHOW, reindex::MAX_PENDING);
    let mut batch_secs: Vec<f64> = Vec::new();
    let (mut index_time, mut done, mut reported) = (Duration::ZERO, 0usize, 0usize);
    let pages = docs.chunks(s.batch).map(Some).chain([None]);
    for page in pages {
        // The copy stands for reading the page from the database: not timed.
        let page = page.map(<[SearchDoc]>::to_vec);
        let t = Instant::now();
        let due = match page {
            Some(page) => batches.add(page),
            None => batches.finish(),
        };
        if !due.is_empty() {
            engine.upsert(&due).await?;
            batch_secs.push(t.elapsed().as_secs_f64());
        }
        index_time += t.elapsed();
        done += due.len();
        if done >= reported + 100_000 {
            reported = done;
            eprintln!(
                "  embedded: {done} docs, {:.0} docs/s so far",
                done as f64 / index_time.as_secs_f64()
            );
        }
    }
    let index_secs = index_time.as_secs_f64();
    let index_rate = s.docs as f64 / index_secs;
    let segments_after_index = segment_count(&index_dir);
    // Writers closed to make room for other shows' already waited for their merges; this
    // waits for the last few, and the readers then see the merged segments.
    let t = Instant::now();
    engine.close_writers().await?;
    let close_secs = t.elapsed().as_secs_f64();
    let segments = segment_count(&index_dir);
    let (site_segments, site_docs) = site_index(&index_dir);
    if site_docs != s.docs as u64 {
        return Err(format!(
            "the site-wide index holds {site_docs} documents, not {}: site-wide search would not \
             be measured on it",
            s.docs
        )
        .into());
    }
    let index_bytes = dir_bytes(&index_dir);
    batch_secs.sort_by(f64::total_cmp);
    let slowest_batch = batch_secs.last().copied().unwrap_or(0.0);
    println!(
        "embedded index: {} docs in {index_secs:.1} s = {index_rate:.0} docs/s in {} upserts (slowest {slowest_batch:.2} s); \
         {segments_after_index} segments at the last commit, closing the open writers (their merges) {close_secs:.1} s more, \
         {segments} segments when queried, over {SHOWS} show indexes, and {site_segments} in the site-wide index \
         ({site_docs} docs); {:.0} MB on disk in all",
        s.docs,
        batch_secs.len(),
        index_bytes as f64 / 1e6
    );

    // 3. FTS5 baseline.
    let db_path = tmp.path().join("fts.db");
    let opts = SqliteConnectOptions::new()
        .filename(&db_path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .pragma("cache_size", "-65536");
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await?;
    sqlx::query("CREATE VIRTUAL TABLE posts USING fts5(title, body, show_id UNINDEXED)")
        .execute(&pool)
        .await?;
    let started = Instant::now();
    let full_sql = fts_insert_sql(FTS_ROWS_PER_INSERT);
    for (n, chunk) in docs.chunks(s.batch).enumerate() {
        let mut tx = pool.begin().await?;
        for (m, rows) in chunk.chunks(FTS_ROWS_PER_INSERT).enumerate() {
            let partial;
            let sql = if rows.len() == FTS_ROWS_PER_INSERT {
                &full_sql
            } else {
                partial = fts_insert_sql(rows.len());
                &partial
            };
            let mut q = sqlx::query(sql);
            for (k, d) in rows.iter().enumerate() {
                let rowid = (n * s.batch + m * FTS_ROWS_PER_INSERT + k + 1) as i64;
                q = q.bind(rowid).bind(&d.title).bind(&d.body).bind(d.show_id);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    let fts_load_secs = started.elapsed().as_secs_f64();
    let t = Instant::now();
    sqlx::query("INSERT INTO posts(posts) VALUES('optimize')")
        .execute(&pool)
        .await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&pool)
        .await?;
    let fts_optimize_secs = t.elapsed().as_secs_f64();
    let fts_rate = s.docs as f64 / fts_load_secs;
    let fts_bytes = std::fs::metadata(&db_path).map(|m| m.len()).unwrap_or(0);
    println!(
        "fts5 index: {} docs in {fts_load_secs:.1} s = {fts_rate:.0} docs/s, then optimize {fts_optimize_secs:.1} s; {:.0} MB on disk",
        s.docs,
        fts_bytes as f64 / 1e6
    );

    // 4. Queries: a warm-up pass on each engine, then the measured passes.
    run_embedded(&engine, &warmup, &synonyms, false, false).await?;
    run_embedded(&engine, &warmup, &synonyms, true, false).await?;
    run_fts(&pool, &warmup, false).await?;
    run_fts(&pool, &warmup, true).await?;
    let emb_exact = run_embedded(&engine, &queries, &synonyms, false, false).await?;
    let emb_typo = run_embedded(&engine, &queries, &synonyms, true, false).await?;
    let fts_exact = run_fts(&pool, &queries, false).await?;
    let fts_typo = run_fts(&pool, &queries, true).await?;
    let site_queries = &queries[..s.site_wide.min(queries.len())];
    // The site-wide index is files of its own: warmed up like the shows' indexes.
    run_embedded(&engine, &warmup, &synonyms, false, true).await?;
    run_embedded(&engine, &warmup, &synonyms, true, true).await?;
    let site_exact = run_embedded(&engine, site_queries, &synonyms, false, true).await?;
    let site_typo = run_embedded(&engine, site_queries, &synonyms, true, true).await?;
    let load_after = load_average();

    println!(
        "query latency, {} per-show queries each, limit {LIMIT} (embedded: relevance + total count; fts5: bm25 top {LIMIT}):",
        queries.len()
    );
    println!("{}", emb_exact.line("embedded exact"));
    println!("{}", emb_typo.line("embedded typo"));
    println!("{}", fts_exact.line("fts5 exact"));
    println!("{}", fts_typo.line("fts5 typo"));
    println!(
        "site-wide query latency, the first {} of those queries without a show: the site-wide index, every show's synonyms, limit {LIMIT}:",
        site_queries.len()
    );
    println!("{}", site_exact.line("site-wide exact"));
    println!("{}", site_typo.line("site-wide typo"));

    let emb_p99 = emb_exact
        .percentile_ms(99.0)
        .max(emb_typo.percentile_ms(99.0));
    let site_p99 = site_exact
        .percentile_ms(99.0)
        .max(site_typo.percentile_ms(99.0));
    let p50_ratio = emb_exact.percentile_ms(50.0) / fts_exact.percentile_ms(50.0).max(1e-9);
    let targets = json!({
        "index_docs_per_s_ge_20000": index_rate >= 20_000.0,
        "embedded_p99_lt_10ms": emb_p99 < 10.0,
        "embedded_p50_le_half_fts5": p50_ratio <= 0.5,
        "site_wide_p99_lt_25ms": site_p99 < 25.0,
    });
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("targets:");
    println!(
        "  indexing >= 20,000 docs/s:          {index_rate:.0} docs/s -> {}",
        verdict(index_rate >= 20_000.0)
    );
    println!(
        "  embedded p99 < 10 ms (exact, typo): {:.3} / {:.3} ms -> {}",
        emb_exact.percentile_ms(99.0),
        emb_typo.percentile_ms(99.0),
        verdict(emb_p99 < 10.0)
    );
    println!(
        "  embedded p50 <= FTS5 p50 / 2:       {:.3} vs {:.3} ms (ratio {p50_ratio:.2}) -> {}",
        emb_exact.percentile_ms(50.0),
        fts_exact.percentile_ms(50.0),
        verdict(p50_ratio <= 0.5)
    );
    println!(
        "  site-wide p99 < 25 ms (exact, typo): {:.3} / {:.3} ms -> {}",
        site_exact.percentile_ms(99.0),
        site_typo.percentile_ms(99.0),
        verdict(site_p99 < 25.0)
    );
    println!("load average before {load_before}, after {load_after}");

    let mut summary = json!({
        "bench": "search",
        "docs": s.docs,
        "shows": SHOWS,
        "posts_per_show_min": min_show,
        "posts_per_show_max": max_show,
        "words_per_post": round3(words as f64 / s.docs as f64),
        "vocabulary": gen.vocab.len(),
        "misspelt_share": s.misspelt,
        "batch": s.batch,
        "seed": s.seed,
        "cores": cores,
        "load_before": load_before,
        "load_after": load_after,
        "index": {
            "embedded_secs": round3(index_secs),
            "embedded_docs_per_s": index_rate.round(),
            "embedded_upserts": batch_secs.len(),
            "embedded_slowest_batch_secs": round3(slowest_batch),
            "embedded_segments_at_last_commit": segments_after_index,
            "embedded_close_writers_secs": round3(close_secs),
            "embedded_segments_queried": segments,
            "embedded_site_segments_queried": site_segments,
            "embedded_bytes": index_bytes,
            "fts5_secs": round3(fts_load_secs),
            "fts5_docs_per_s": fts_rate.round(),
            "fts5_optimize_secs": round3(fts_optimize_secs),
            "fts5_bytes": fts_bytes,
        },
        "queries": queries.len(),
        "words_per_query": round3(words_per_query),
        "limit": LIMIT,
        "latency": {
            "embedded_exact": emb_exact.json(true),
            "embedded_typo": emb_typo.json(true),
            "fts5_exact": fts_exact.json(false),
            "fts5_typo": fts_typo.json(false),
            "embedded_site_wide_exact": site_exact.json(true),
            "embedded_site_wide_typo": site_typo.json(true),
        },
        "site_wide_queries": site_queries.len(),
        "embedded_p50_over_fts5_p50": round3(p50_ratio),
        "targets": targets,
    });
    pool.close().await;
    if std::env::var("SEARCH_BENCH_DIAG").is_ok_and(|v| v == "1") {
        summary["diagnostics"] = diagnostics(&engine, &index_dir, &queries, &synonyms).await?;
    }
    drop(engine);
    println!("{summary}");
    Ok(())
}

/// About 3,000 English words, most frequent first (ranks drive the Zipf draw).
const VOCABULARY: &str = "
the and to of a i it in that is was he for you on with this but not they be at so have his she her
as we are just what all like my one if out about up there or me had when do from by no think can him
them really because would more know get which were how much even time then who still also episode show
been over some could why season only did well than their going now into good its back after our your
see any will those way too right thing pretty very never here should where again make being first
through something went most other way maybe ever anything while since same last before off though
every around both another made take got thought says said seems seem lot new want people need feel
scene character characters finale cliffhanger twist writers plot ending series watch watched watching
love hate great best better worse worst bad little big whole long old young next many few own sure
end start part point kind happened happens happen guess wait mean yes yeah honestly definitely probably
actually literally totally especially finally already almost enough quite rather instead either
whether until during without against between under among along across behind beyond within upon
episodes seasons scenes premiere pilot arc arcs storyline subplot spoiler spoilers theory theories
reveal revealed reveals rewatch rewatched binge trailer promo canon fandom ship shipping cameo
soundtrack score music cinematography director directed directing network streaming renewal renewed
cancelled ratings viewers audience fans fan forum thread post reply recap review moment moments
death died dies dead killed kill kills murder murdered betrayal betrayed secret secrets mystery clue
clues timeline backstory motive motivation chemistry romance relationship couple wedding funeral
confrontation fight fighting battle war kingdom throne castle city village island crew captain
detective case police lawyer doctor hospital school teacher student family father mother brother
sister son daughter husband wife friend friends enemy enemies ally alliance plan plans mission escape
prison trial court council queen king prince princess lord lady knight soldier army dragon magic
witch ghost monster alien planet space station future past present memory memories dream dreams
vision prophecy curse power powers villain hero heroes heroine antagonist protagonist actor actress
actors cast casting performance performances dialogue lines line flashback flashbacks foreshadowing
pacing tone mood setting writing written writer showrunner creator creators producers budget
effects costume costumes makeup lighting camera shot shots sequence opening credits intro outro theme
song songs tension suspense drama comedy horror thriller fantasy mystery procedural sitcom anthology
miniseries spinoff sequel prequel reboot remake adaptation book books novel novels author source
material comic comics chapter chapters volume hiatus premiere schedule airing aired airs air date
dates weekly streaming platform subscription release released releases leak leaked leaks rumor
rumors interview interviews panel convention poster posters teaser teasers footage behind camera
year years day days week weeks month months hour hours minute minutes night morning evening today
tomorrow yesterday tonight soon later early late once twice always often sometimes usually rarely
man men woman women child children boy girl baby person guy guys everyone someone anyone nobody
everybody somebody world life lives home house room door window wall floor table chair bed car road
street town country land sea ocean river lake mountain forest tree trees field garden sky sun moon star
stars light dark darkness fire water earth wind rain snow storm cold heat hot warm cool ice blood
bone body head face eyes eye hand hands arm arms leg legs heart mind voice name names word words
story stories question questions answer answers problem problems reason reasons idea ideas fact facts
truth lie lies choice choices chance change changes death birth age power money job work business
company office team game games group member members leader leaders boss order rule rules law
laws government president state party side sides history future past reality nature science
art music book film movie movies picture pictures image images video videos news paper letter letters
message messages phone call calls email text texts note notes list lists record records report
number numbers half quarter hundred thousand million second seconds third fourth fifth sixth seventh
eighth ninth tenth single double triple level levels line lines place places area areas space spaces
position moment period periods event events situation situations result results effect effects cause
causes purpose goal goals hope hopes fear fears anger joy sadness grief guilt shame pride trust
respect loyalty honor courage strength weakness skill skills talent gift gifts price cost value
say says saying go goes going gone come comes coming came look looks looking looked find finds found
finding give gives giving gave given tell tells telling told ask asks asking asked try tries trying
tried leave leaves leaving left call calling called keep keeps keeping kept let lets letting begin
begins beginning began begun seem seemed seeming help helps helping helped talk talks talking talked
turn turns turning turned start starts starting started show shows showing showed shown hear hears
hearing heard play plays playing played run runs running ran move moves moving moved live living
lived believe believes believing believed hold holds holding held bring brings bringing brought write
writes wrote provide provides sit sits sitting sat stand stands standing stood lose loses losing lost
pay pays paying paid meet meets meeting met include includes including included continue continues
continued set sets learn learns learning learned lead leads leading understand understands understood
watch watches follow follows following followed stop stops stopping stopped create creates created
speak speaks speaking spoke spoken read reads reading allow allows allowed add adds adding added spend
spends spending spent grow grows growing grew grown open opens opening opened walk walks walking walked
win wins winning won offer offers offered remember remembers remembering remembered love loves loving
loved consider considers considered appear appears appearing appeared buy buys buying bought wait
waits waiting waited serve serves served die dying send sends sending sent expect expects expected
build builds building built stay stays staying stayed fall falls falling fell fallen cut cuts cutting
reach reaches reached kill remain remains remained suggest suggests suggested raise raises raised
pass passes passing passed sell sells sold require requires required decide decides deciding decided
return returns returning returned explain explains explained develop develops developed carry carries
carried break breaks breaking broke broken receive receives received agree agrees agreed support
supports supported hit hits hitting produce produces produced eat eats eating ate eaten cover covers
covered catch catches catching caught draw draws drawing drew drawn choose chooses choosing chose
chosen save saves saving saved protect protects protecting protected destroy destroys destroyed
hide hides hiding hid hidden steal steals stealing stole stolen lie lying lied trust trusts trusted
betray betrays forgive forgives forgave forgiven rescue rescues rescued attack attacks attacked escape
escapes escaped survive survives survived investigate investigates investigated discover discovers
discovered realize realizes realized notice notices noticed wonder wonders wondered worry worries
worried care cares cared miss misses missed enjoy enjoys enjoyed prefer prefers preferred predict
predicts predicted expect theorize confirm confirms confirmed deny denies denied admit admits admitted
happy sad angry afraid scared brave strong weak smart clever stupid dumb funny serious beautiful
ugly pretty handsome tall short fast slow quick easy hard difficult simple complex clear obvious
strange weird odd normal usual unusual special different similar important interesting boring
exciting amazing incredible fantastic terrible awful horrible wonderful perfect beautiful brilliant
stunning gorgeous powerful emotional heartbreaking devastating shocking surprising predictable
unexpected satisfying disappointing frustrating confusing rushed slow forced earned cheap lazy clever
subtle dark light heavy deep shallow dramatic tragic epic iconic legendary memorable forgettable
original fresh stale realistic unrealistic believable convincing compelling gripping intense quiet
loud calm wild crazy insane mad evil good kind cruel gentle rough soft loyal honest selfish jealous
proud humble lonely lost broken free safe dangerous deadly dead alive human real fake true false
right wrong left main central final early late recent current modern ancient classic certain possible
impossible likely unlikely necessary available ready whole entire full empty open closed public private
personal social political military royal noble common rare major minor huge tiny large small high
low wide narrow thick thin rich poor cheap expensive busy fine nice cool warm hot cold wet dry clean
dirty fresh old young new great grand white black red blue green yellow golden silver grey brown
purple orange pink bright pale sharp bitter sweet sour
ability accident account action actions activity advantage adventure advice affair agent agreement
air airport alarm alcohol ambition ambush ancestor animal animals anniversary apartment apology
appearance apple approach argument arrest arrival arrow artist attempt attention attitude aunt
authority avenue baker balance ball band bank bar basement battle beach bear beard beast bedroom beer
bell belt bench betrayal bike bird birds birthday blade blanket blood boat bomb bond border bottle
bottom box brain branch bread breakfast breath bridge brother brothers bullet bunker bus cabin cage
cake camp campaign candle capital card cards career castle cat cave cell chain chair champion channel
chapter charge chase chest chief child childhood church cigarette circle citizen claim class client
cliff clock cloud club coast code coffee coin collar colony commander community compass condition
conflict conscience contract control conversation cook corner corpse corridor council counsel
cousin coward crash crime criminal crisis crown cup curtain custody customer damage dance danger
daughter deal debt decision deck defense delivery demon desert design desk desire destiny device
diary dinner disaster disease distance doctor dog dogs doll dragon drawer dress drink driver drug
drugs duty eagle election empire engine entrance envelope error escape estate evidence exam
exchange excuse execution exile experiment expert explosion factory failure faith fame farm fate
favor feast feeling fence fever figure file fish flag flame flight flood flower flowers fog folk food
fool foot force fortune fountain fox friendship frontier fuel funeral gallery gang gap garage gate
general generation ghost giant girlfriend boyfriend glass glove god gods gold grave guard guardian guest
guide guilt gun guns hair hall hallway hammer harbor hat heir helicopter helmet highway hill hint
hole holiday honey horse horses hospital host hostage hotel hunt hunter hunger husband illness
inheritance injury ink innocence inn insurance island jacket jail jewel journal journey judge jungle
jury key keys kid kids kiss kitchen knife knight knowledge ladder lake lamp language laughter lawyer
lesson library license lieutenant lion lip lock loss luck lunch machine madness maid map mark market
marriage mask master match meal medicine memory mercy mess metal midnight mirror mistake monk monster
mother mouse mouth murderer museum nation neighbor nephew nerve niece nightmare noise nurse oath
ocean officer oil operation opinion orphan outfit owner pain painting palace panic paper parent
parents passage passenger passport patient pattern peace pen pencil permission pet photo photograph
pilot pirate pistol plane plate player pocket poem poison pole portrait potion pressure priest prison
prisoner prize profit promise proof property prophecy punishment puzzle queen quest rabbit race radio
rage ransom rat rebel rebellion recipe relative religion rent reputation rescue research restaurant
revenge reward rifle ring riot risk rival robbery rock roof rope rose ruin rumor sacrifice sailor
salt sanctuary scar scheme scientist scream sculpture seal search secretary servant shadow shame
shelter sheriff shield ship shop shore shoulder signal silence sin singer sister skull slave sleep
smell smile smoke snake soldier soul spell spider spirit spy square staff stage stairs statue steel
stone storm stranger strategy strike student suicide suit summer sunset surgeon surgery survivor
suspect sword symbol system tail target tattoo tax tea teacher tear tears temple tent territory test
thief throne ticket tide tiger tomb tongue tool tooth tower town toy track trade tradition traffic
train traitor trap treasure treaty trial tribe trick troops truck tunnel twin twins uncle uniform
union universe vampire vault vengeance victim victory village violence virus visitor wagon warrior
warning weapon weapons wedding well whale wheel whisper widow wine winter wisdom witness wolf wolves
wound wreck yard
absolutely apparently basically clearly completely constantly currently deeply directly easily
entirely eventually exactly extremely fairly fully generally genuinely gradually hardly heavily
highly immediately incredibly initially largely likely mainly merely mostly naturally nearly
necessarily obviously occasionally originally partly perfectly personally perhaps possibly
previously properly quickly quietly rarely readily recently relatively seriously significantly
simply slightly slowly somehow somewhat specifically strongly suddenly supposedly surely
terribly thankfully truly typically ultimately unfortunately utterly wildly
accept achieve act adapt address adjust admire adore affect afford aim alter amaze amuse announce
annoy anticipate apologize appreciate argue arrange arrive assume attach attend avoid awake bake
bark bathe battle beg behave belong bend bet bite bleed bless blink blame blow boast boil bore borrow
bother bounce bow breathe bribe brush burn burst bury calculate camp cancel capture chase cheat
check cheer chew claim clap climb cling collapse collect compare compete complain complete conceal
confess confuse connect conquer convince cough count crawl crush cry cure dare deceive declare defeat
defend delay deliver demand depend describe deserve desire detect disappear disagree dive divide
doubt drag dream drift drown earn embrace emerge encourage endure enter envy erase examine excuse
exist explode explore expose face fade fail fear feed fetch fill fix flee float flow fly fold force
forget freeze frighten gain gather glance glow grab greet grieve guard guess hang harm hate haunt heal
hesitate hire hug hunt hurry hurt ignore imagine impress improve inform inherit injure insist
inspire intend interrupt introduce invade invent invite join joke judge jump kick kneel knock
laugh launch lean lift listen load locate long manage marry matter measure melt mention mourn
murder nod obey observe obtain occupy occur offend order owe own pack panic paint pause perform
persuade pick plead please plot point pour pray prepare pretend prevent print promise prove pull
punch punish push question quit race rain recall recover reflect refuse regret reject relax release
rely remind remove repair repeat replace reply rescue resist respond rest reveal ride ring rise roar
rob roll rule rush sacrifice scare scratch scream search seize separate settle shake share shine
shoot shout shut sigh sign sing sink slap slide smash smile sneak solve sort spare spin spit split
spread spy squeeze stab stare starve steal step stick sting strike struggle study succeed suffer
summon supply surrender surround suspect swallow swear sweep swim swing tackle taste tease tempt
thank threaten throw tie torture touch trace trade train travel treat tremble trick trip trouble
unite unlock upset urge vanish visit vote wake wander warn wash waste wave weep whisper wish worry
wrap yell
absence abuse academy access accent acceptance achievement acid addiction address admiral adult
affection afternoon agency aftermath airline aisle album alley altar amber amnesia amulet anchor
angel angle ankle announcement answer antidote anxiety apprentice archive arena armor arrangement
arson ash assassin assassination assembly asset assistant asylum atmosphere attic auction audition
autumn avalanche award baggage bait ballot bandage banner banquet baron barrel barrier basket
bat battery bay beacon bean bee beetle behavior belief benefit berry bible bishop blast blessing
blizzard blossom board bodyguard bonfire bonus boot booth boss bounty bowl bracelet breach breakup
breeze brick bride broadcast bruise bubble bucket buddy bullet bundle burden burial butcher button
cabinet cable cafe calendar camera canal cancer canyon captive carriage carpet cart cartel cash casino
cattle ceiling cellar cemetery ceremony chalk chamber chancellor chaos chapel character charm chart
cheek cheese chemist chess chicken chimney chip chocolate choir chorus cinema circus citadel clan
clarity clay clerk climate clinic cloak closet clothes clown coach coat cocktail coffin collapse
college colonel column comet comfort command comment committee companion compassion complaint
compromise computer concert confession confidence confusion congress connection consequence
conspiracy contact contest context convict copper cord core corporal costume cottage cotton couch
countess courage courtroom cousin cowboy crab craft crater creature credit creek crew cricket cross
crow crowd cruise crystal cult culture cupboard curiosity current curse cushion cycle dagger dairy
dam dawn deadline dealer debate decade decay deception deed deer defeat degree delight democracy
dentist departure deputy descent detail detention devil diamond dignity dilemma dinosaur diploma
diplomat disguise dish dispute ditch divorce dock document dollar dolphin dome donkey doom dorm
dose dozen draft drama drawer drill drone drum duchess duel duke dungeon dust dynasty echo eclipse
economy edge editor egg elbow elder elephant elevator embassy emergency emotion emperor empress
enemy energy engineer entry episode equipment era estate eternity ethics exile exit expedition
explanation eyebrow fabric factor faction fairy falcon fashion father fault feather federation fee
festival fiance fiction fighter finger firm fist flask fleet flesh flood flute foam focus forehead
forgiveness fork formula fortress fossil foundation frame fraud freedom frost fruit funding fury
furniture galaxy gambler garbage gasoline gazette gene genius gentleman geography gesture ginger
glacier glimpse globe glory goat goddess governor gown grace grain grandfather grandmother grass
gravity greed grenade grief grocery growth grudge guitar habit hacker halo handle harvest hatred
hawk hazard headquarters health heaven hedge height hell herb heritage hermit hero highlight hive
hobby hockey honesty hood hook horizon horn horror hose humor hurricane hut hymn identity idol
illusion impact incident income infection influence informant initiative injustice inmate insect
insight inspector instinct instrument intelligence intention interest internet interview invasion
investigation invitation iron irony ivory jar jealousy jet jewelry joke judgment juice junk justice
kettle kidnapping kingdom kitten label labor laboratory lace lady lamb landlord lantern laptop laser
lawn leaf league leather lecture legacy legend lemon leopard level liar liberty lie lighthouse
limit linen lion liquid literature liver lobby locket lodge logic loyalty lullaby lumber luxury
magazine magician magnet maiden mail majesty makeup mansion marble marsh martyr massacre mayor
meadow medal melody merchant mermaid message meteor microphone midwife milk mill mine minister
miracle mission mist mob model monarch monastery monkey monument mood morality mortal motel moth
motor mountain mud muscle mushroom musician mustache myth nail napkin narrator navy necklace needle
neighborhood nest net newspaper nickname noble noon norm novel nun oak oasis obsession ocean offer
omen orchard orchestra organ origin outcast outlaw oven owl oxygen pact paddle page pal pan parade
paradise parcel pardon parliament partner passion pasta patrol pause pawn pearl peasant pepper
perfume pharaoh phantom physician piano pie pig pigeon pilgrim pill pillar pillow pin pine pipe pit
planet plague plantation plastic platform pleasure plot plum poet poetry poison pond pony pool
pope porch port possession potato pottery poverty powder preacher pregnancy prey pride principal
privacy professor prophet prosecutor protest pub pumpkin pupil puppet purse pyramid quarrel quarry
rabbi raccoon raft rail railway rainbow ranch ranger rank raven razor realm rebellion receipt
reef refugee regime regret rehearsal reign relic remedy republic resistance resort retreat reunion
riddle ridge ritual robe robot rocket rodeo rumor saddle saint salad salary saloon sanity satellite
sauce scale scandal scarf scholar scout screen script sculptor seaweed senate senator sergeant
serpent session shark sheep shell shepherd shepherd shrine siege silk sinner siren skeleton sketch
sky slope smuggler snack soap soccer society sofa soup spark species speech sphere spice spine
sponsor spoon sport spring stadium stain stake stallion stamp star starship statue steam stew
stomach storage stove stream stress string submarine subway sugar summit supper surface surgeon
swamp swan sweat swordsman syndicate tablet tactic tank tavern teammate technology telescope
television temper tenant terror testimony theater therapist therapy thirst thorn thread threat
thunder tissue toast tobacco toilet tomato torch tornado tournament towel trail tragedy trailer
transport trophy trumpet trunk truth tub tulip turtle tutor twilight typewriter umbrella uncle
university vacation valley van vase vessel veteran villain vine violin vision volcano voyage wage
waiter wall wallet wand wardrobe warehouse warrant wasp watchtower waterfall wealth weather web
weekend whiskey wig wilderness windmill wing wizard wolf wool workshop worm wrist yacht youth zombie
";

const FIRST_NAMES: &str = "
Aaron Abigail Adrian Agnes Alana Albert Alden Alice Alma Amara Ambrose Amelia Anders Andrei Anika
Anton Arlo Astrid Audra Augustin Aurora Avery Barnaby Beatrix Benedict Bianca Bram Brielle Caleb
Calliope Camille Casimir Cassius Celeste Cora Cyrus Dalia Damon Daphne Darius Delphine Desmond Dexter
Dorian Dulcie Edith Edmund Eleanor Elias Elodie Emeric Esme Ezra Fabian Felix Fenna Finnian Flora
Frida Gideon Greta Gunnar Hallie Harlan Hazel Hector Helena Hollis Idris Ilse Imogen Ingrid Isolde
Ivo Jasper Jonah Josefine Jude Juniper Kai Kasimir Keira Kestrel Lars Leander Leonie Linnea Lionel
Lorcan Lucian Lyra Magnus Maren Marius Matilda Mireille Morgan Nadia Nikolai Nora Octavia Odette
Oren Orla Otto Pascal Perpetua Phoebe Piers Quentin Quinn Rafferty Ramona Remy Rhea Rosalind Rowan
Rufus Sabine Saoirse Silas Solveig Soren Stellan Sybil Tamsin Teodor Thea Tobias Ulric Una Valentin
Vera Viggo Wren Xavier Yara Yusuf Zara Zeno Ingmar Margit Petra Leopold Clementine Auberon Bastian
";

const SURNAMES: &str = "
Abernathy Ashcombe Blackwood Brannigan Calloway Carrow Castellan Crane Dunmore Ellery Fairweather
Falkner Fenwick Galloway Grimshaw Halloran Hargrove Hawthorne Holloway Ingram Jessop Kenrick Lacroix
Langley Larkin Lockhart Lovell Marlowe Mercer Montague Moreau Nightingale Northcott Oakhart Pembroke
Penhallow Quill Radcliffe Ravenscroft Redmayne Rook Salazar Sandoval Sinclair Stanhope Sterling
Thorne Underhill Vance Varga Voss Wainwright Whitlock Winslow Wolcott Yardley Zeller Ashby Brightwater
Coldfield Drummond Everhart Frost Greaves Hollander Kestrel Lindqvist Maddox Nyberg Okafor Petrov
Quartermaine Rasmussen Szabo Tanaka Ustinov Valdez Whitmore Adebayo Bergstrom Castillo Delacroix
";
