//! The seeded catalogue: shows with seasons of weekly episodes and per-region air dates. US
//! airs first; other regions follow days to months later, some only some seasons, and the
//! current season of an airing show is partly in the future everywhere. Written as an
//! import file, so it goes through `catalog::import` exactly as a real catalogue does.
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use super::text::show_name;

const DAY_MS: i64 = 86_400_000;
/// (region, shortest delay, longest delay in days, share of shows that air there).
const REGIONS: [(&str, i64, i64, f64); 7] = [
    ("GB", 0, 2, 0.9),
    ("CA", 0, 1, 0.7),
    ("AU", 1, 30, 0.6),
    ("DE", 14, 120, 0.6),
    ("FR", 30, 200, 0.5),
    ("BR", 7, 60, 0.4),
    ("JP", 60, 400, 0.3),
];

pub struct ShowShape {
    pub slug: String,
    /// Per season, the earliest air time (unix ms) of each of its episodes.
    pub seasons: Vec<Vec<i64>>,
}

pub struct Catalogue {
    pub shows: Vec<ShowShape>,
    /// The import file (`cliffhanger import` format).
    pub json: Value,
}

fn date_of(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .map(|t| {
            let d = t.date();
            format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
        })
        .unwrap_or_else(|_| "2024-01-01".to_string())
}

/// `shows` shows, the same for the same `seed` and `now`.
pub fn generate(seed: u64, shows: usize, now: i64) -> Catalogue {
    let mut rng = StdRng::seed_from_u64(seed ^ 0xca7a_1096);
    let mut out = Vec::with_capacity(shows);
    let mut files = Vec::with_capacity(shows);
    for i in 0..shows {
        let (title, slug) = show_name(i);
        let seasons = rng.gen_range(1..=6usize);
        // 30% are airing now: their last season is half out.
        let airing = rng.gen_bool(0.3);
        let eps: Vec<usize> = (0..seasons).map(|_| rng.gen_range(6..=12)).collect();
        let last_start = if airing {
            now - (eps[seasons - 1] as i64 / 2) * 7 * DAY_MS
        } else {
            now - rng.gen_range(60..900) * DAY_MS
        };
        let mut regions: Vec<(&str, i64)> = Vec::new();
        for &(code, lo, hi, share) in &REGIONS {
            if rng.gen_bool(share) {
                regions.push((code, rng.gen_range(lo..=hi)));
            }
        }
        let mut shape = Vec::with_capacity(seasons);
        let mut season_files = Vec::with_capacity(seasons);
        for (s, &n) in eps.iter().enumerate() {
            let start = last_start - (seasons - 1 - s) as i64 * 365 * DAY_MS;
            // Regions that stopped buying the show after a while.
            let dropped_after = rng.gen_range(1..=seasons);
            let mut times = Vec::with_capacity(n);
            let mut episodes = Vec::with_capacity(n);
            for e in 0..n {
                let us = start + e as i64 * 7 * DAY_MS;
                times.push(us);
                let mut air = serde_json::Map::new();
                air.insert("US".into(), json!(date_of(us)));
                for (k, &(code, delay)) in regions.iter().enumerate() {
                    if k % 3 == 2 && s >= dropped_after {
                        continue;
                    }
                    air.insert(code.into(), json!(date_of(us + delay * DAY_MS)));
                }
                episodes.push(json!({
                    "number": e + 1,
                    "title": format!("Chapter {}", s * 20 + e + 1),
                    "synopsis": format!("{} is back at the harbour, and nothing is as it was.", title),
                    "runtime_min": 42 + (e % 4) as i64 * 5,
                    "air_dates": air,
                }));
            }
            shape.push(times);
            season_files.push(json!({
                "number": s + 1,
                "title": format!("Season {}", s + 1),
                "episodes": episodes,
            }));
        }
        files.push(json!({
            "slug": slug,
            "title": title,
            "synopsis": format!("{title}: a drama in {seasons} season(s)."),
            "seasons": season_files,
        }));
        out.push(ShowShape {
            slug,
            seasons: shape,
        });
    }
    Catalogue {
        shows: out,
        json: json!({ "shows": files }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_has_unaired_episodes() {
        let now = 1_800_000_000_000;
        let c = generate(1, 30, now);
        let parsed = crate::catalog::import::parse(&c.json.to_string()).expect("a valid catalogue");
        assert_eq!(parsed.len(), 30);
        let times: Vec<i64> = c.shows.iter().flat_map(|s| s.seasons.concat()).collect();
        assert!(times.iter().any(|t| *t > now), "some episodes air later");
        assert!(times.iter().any(|t| *t < now));
        let text = c.json.to_string();
        assert!(text.contains("\"JP\"") && text.contains("\"DE\""));
        assert_eq!(date_of(0), "1970-01-01");
    }
}
