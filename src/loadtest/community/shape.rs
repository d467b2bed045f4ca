//! The shape of a seeded community, computed before anything is written: how many posts each
//! thread gets (a long tail: a few threads at the cap, most of them a handful of posts),
//! which show and board each thread lands in, and when each post was written. Pure and
//! deterministic for a given RNG seed, so it is tested without a database.
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The longest thread a seed makes (`BENCHMARKS.md` measures its last page).
pub const BIG_THREAD_POSTS: usize = 5_000;
/// One thread in this many is a big one (at least one).
const BIG_EVERY: usize = 20_000;
/// The most popular show gets this share of the threads...
const TOP_SHOW_SHARE: f64 = 0.30;
/// ...and its General board this share of the show's, so that it has hundreds of pages.
const GENERAL_SHARE: f64 = 0.55;
/// Share of a show's threads in its Theories board; the rest go to the season boards.
const THEORIES_SHARE: f64 = 0.15;
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Threads start within this span before now.
pub const SPAN_MS: i64 = 730 * DAY_MS;

/// Posts per thread, ranked: the first `big` threads hold `min(cap, …)` posts each, the rest
/// follow a harmonic tail (capped below the big ones). Every thread has its opening post,
/// and the sizes add up to `posts` exactly. Requires `threads <= posts <= threads * cap`.
pub fn thread_sizes(threads: usize, posts: usize, cap: usize) -> Vec<usize> {
    assert!(threads > 0 && posts >= threads && posts <= threads * cap);
    let mut sizes = vec![1usize; threads];
    let mut extra = posts - threads;
    let big = (threads / BIG_EVERY).max(1).min(threads);
    let big_size = cap.min(extra / (4 * big) + 1);
    for s in sizes.iter_mut().take(big) {
        *s = big_size;
        extra -= big_size - 1;
    }
    let rest = threads - big;
    if rest > 0 && extra > 0 {
        let tail_cap = big_size.max(2) - 1;
        let weight = |r: usize| 1.0 / (r as f64 + 10.0);
        let total: f64 = (0..rest).map(weight).sum();
        let mut given = 0;
        for r in 0..rest {
            let share = (extra as f64 * weight(r) / total).floor() as usize;
            let add = share.min(tail_cap - 1);
            sizes[big + r] += add;
            given += add;
        }
        let mut left = extra - given;
        // What the floors and caps kept back, one post at a time to the threads with room.
        while left > 0 {
            let before = left;
            for s in sizes.iter_mut().skip(big) {
                if left == 0 {
                    break;
                }
                if *s < tail_cap {
                    *s += 1;
                    left -= 1;
                }
            }
            if left == before {
                // Every tail thread is full: any thread takes the remainder, up to the cap.
                for s in sizes.iter_mut() {
                    let add = left.min(cap - *s);
                    *s += add;
                    left -= add;
                }
                assert_eq!(left, 0, "posts <= threads * cap leaves room");
            }
        }
    } else if extra > 0 {
        sizes[0] += extra;
    }
    sizes
}

/// A show index for each thread: the first show takes `TOP_SHOW_SHARE`, the others a Zipf
/// share of the rest. Big threads (the first ranks) are all in the first show.
pub fn show_weights(shows: usize) -> Vec<f64> {
    if shows == 1 {
        return vec![1.0];
    }
    let zipf: Vec<f64> = (1..shows).map(|i| 1.0 / i as f64).collect();
    let sum: f64 = zipf.iter().sum();
    std::iter::once(TOP_SHOW_SHARE)
        .chain(zipf.iter().map(|w| (1.0 - TOP_SHOW_SHARE) * w / sum))
        .collect()
}

/// Index into `weights` (which sum to about 1) for a uniform `u` in [0, 1).
pub fn pick(weights: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if u < acc {
            return i;
        }
    }
    weights.len() - 1
}

/// Where a thread goes in its show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardPick {
    General,
    Theories,
    /// A season board, by index into the show's seasons.
    Season(usize),
}

pub fn board_for(u: f64, seasons: usize) -> BoardPick {
    if u < GENERAL_SHARE || seasons == 0 {
        BoardPick::General
    } else if u < GENERAL_SHARE + THEORIES_SHARE {
        BoardPick::Theories
    } else {
        let v = (u - GENERAL_SHARE - THEORIES_SHARE) / (1.0 - GENERAL_SHARE - THEORIES_SHARE);
        BoardPick::Season(((v * seasons as f64) as usize).min(seasons - 1))
    }
}

/// A heavy-tailed pick in `0..n`: low indexes (the most active users) come up most.
pub fn active_user(n: usize, u: f64) -> usize {
    ((n as f64) * u * u * u).floor().min(n as f64 - 1.0) as usize
}

/// One planned thread.
#[derive(Debug, Clone)]
pub struct ThreadPlan {
    pub show: usize,
    pub board: BoardPick,
    pub posts: usize,
    pub created_at: i64,
    /// Gap between consecutive posts, in ms.
    pub gap_ms: i64,
}

impl ThreadPlan {
    /// When the post at 1-based `position` was written: evenly spaced, never after `now`.
    pub fn post_time(&self, position: usize, now: i64) -> i64 {
        (self.created_at + (position as i64 - 1) * self.gap_ms).min(now - 1000)
    }

    pub fn last_post_at(&self, now: i64) -> i64 {
        self.post_time(self.posts, now)
    }
}

/// Every thread of the community, oldest first (their ids follow this order). Big threads
/// sit in the first show's General board.
pub fn plan_threads(
    seed: u64,
    season_counts: &[usize],
    threads: usize,
    posts: usize,
    now: i64,
) -> Vec<ThreadPlan> {
    let mut rng = StdRng::seed_from_u64(seed);
    let sizes = thread_sizes(threads, posts, BIG_THREAD_POSTS);
    let big = sizes
        .iter()
        .take_while(|s| **s == sizes[0] && sizes[0] > 1)
        .count();
    let weights = show_weights(season_counts.len());
    let mut plans: Vec<ThreadPlan> = sizes
        .iter()
        .enumerate()
        .map(|(rank, &n)| {
            let (show, board) = if rank < big {
                (0, BoardPick::General)
            } else {
                let show = pick(&weights, rng.gen());
                (show, board_for(rng.gen(), season_counts[show]))
            };
            let created_at = now - HOUR_MS - rng.gen_range(0..SPAN_MS);
            // A thread lives for up to its age; busy ones in bursts of minutes.
            let life = (now - created_at - 1000).max(1);
            let gap_ms = if n > 1 {
                (rng.gen_range(60_000..6 * HOUR_MS))
                    .min(life / n as i64)
                    .max(1)
            } else {
                0
            };
            ThreadPlan {
                show,
                board,
                posts: n,
                created_at,
                gap_ms,
            }
        })
        .collect();
    plans.sort_by_key(|p| p.created_at);
    plans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_add_up_with_a_long_tail() {
        let sizes = thread_sizes(100_000, 1_000_000, BIG_THREAD_POSTS);
        assert_eq!(sizes.len(), 100_000);
        assert_eq!(sizes.iter().sum::<usize>(), 1_000_000);
        assert!(sizes.iter().all(|&s| (1..=BIG_THREAD_POSTS).contains(&s)));
        assert_eq!(sizes.iter().filter(|&&s| s == BIG_THREAD_POSTS).count(), 5);
        let mut sorted = sizes.clone();
        sorted.sort_unstable();
        assert!(sorted[50_000] <= 5, "median {}", sorted[50_000]);
        assert!(sorted[99_000] >= 50, "p99 {}", sorted[99_000]);
    }

    #[test]
    fn small_and_edge_sizes() {
        let sizes = thread_sizes(20, 200, BIG_THREAD_POSTS);
        assert_eq!(sizes.iter().sum::<usize>(), 200);
        assert!(sizes[0] > sizes[19]);
        assert_eq!(thread_sizes(3, 3, 10), vec![1, 1, 1]);
        assert_eq!(thread_sizes(1, 7, 10), vec![7]);
        assert_eq!(thread_sizes(2, 20, 10).iter().sum::<usize>(), 20);
        assert_eq!(thread_sizes(4, 40, 10), vec![10; 4]);
    }

    #[test]
    fn weights_and_picks() {
        let w = show_weights(100);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(pick(&w, 0.0), 0);
        assert_eq!(pick(&w, 0.9999999), 99);
        assert_eq!(board_for(0.1, 3), BoardPick::General);
        assert_eq!(board_for(0.6, 3), BoardPick::Theories);
        assert_eq!(board_for(0.99, 3), BoardPick::Season(2));
        assert_eq!(board_for(0.99, 0), BoardPick::General);
        assert_eq!(active_user(10, 0.999), 9);
        assert_eq!(active_user(10, 0.0), 0);
    }

    #[test]
    fn plans_are_oldest_first_and_in_the_past() {
        let now = 1_800_000_000_000;
        let plans = plan_threads(7, &[2, 3, 1], 2_000, 30_000, now);
        assert_eq!(plans.len(), 2_000);
        assert_eq!(plans.iter().map(|p| p.posts).sum::<usize>(), 30_000);
        assert!(plans.windows(2).all(|w| w[0].created_at <= w[1].created_at));
        assert!(plans.iter().all(|p| p.last_post_at(now) < now));
        assert!(plans
            .iter()
            .all(|p| p.post_time(1, now) <= p.last_post_at(now)));
        let general = plans
            .iter()
            .filter(|p| p.show == 0 && p.board == BoardPick::General)
            .count();
        assert!(general > 2_000 / 8, "{general}");
        let biggest = plans.iter().max_by_key(|p| p.posts).unwrap();
        assert_eq!((biggest.show, biggest.board), (0, BoardPick::General));
        // Same seed, same community.
        let again = plan_threads(7, &[2, 3, 1], 2_000, 30_000, now);
        assert_eq!(again[10].created_at, plans[10].created_at);
    }
}
