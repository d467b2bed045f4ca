//! The chat send limit, shared by every room: a user's messages count against one window
//! whichever rooms they go to, so opening many rooms does not multiply the limit.
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct SendRate {
    count: usize,
    window: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    users: HashMap<i64, VecDeque<Instant>>,
    /// Map size after the last sweep of users whose window has emptied.
    swept_len: usize,
}

impl SendRate {
    pub fn new(count: usize, window: Duration) -> SendRate {
        SendRate {
            count,
            window,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked: each step is one push or pop.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one message for `user` if the window has room, in one step under the lock so
    /// concurrent rooms cannot both take the last slot; else how long until a slot frees.
    pub fn try_take(&self, user: i64, now: Instant) -> Result<(), Duration> {
        let window = self.window;
        let mut state = self.lock();
        if state.users.len() > 2 * state.swept_len + 1024 {
            state.users.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.saturating_duration_since(*t) < window)
            });
            state.swept_len = state.users.len();
        }
        let times = state.users.entry(user).or_default();
        while times
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= window)
        {
            times.pop_front();
        }
        if times.len() >= self.count {
            return Err(times
                .front()
                .map(|t| window.saturating_sub(now.saturating_duration_since(*t)))
                .unwrap_or(window));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_window_per_user() {
        let rate = SendRate::new(2, Duration::from_secs(5));
        let t0 = Instant::now();
        assert!(rate.try_take(1, t0).is_ok());
        assert!(rate.try_take(1, t0).is_ok());
        let wait = rate.try_take(1, t0 + Duration::from_secs(1));
        assert_eq!(wait, Err(Duration::from_secs(4)));
        assert!(
            rate.try_take(2, t0).is_ok(),
            "another user has their own window"
        );
        assert!(rate.try_take(1, t0 + Duration::from_secs(5)).is_ok());
    }

    #[test]
    fn zero_allows_nothing_and_does_not_panic() {
        let rate = SendRate::new(0, Duration::ZERO);
        assert!(rate.try_take(1, Instant::now()).is_err());
    }
}
