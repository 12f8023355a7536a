//! A bound on heavy reads (statistics, heatmaps, recaps, live or past
//! scores, the target board, exports): each reads and computes over a whole
//! month or more, so only a few run at once across the server, and one
//! account holds at most a few of those. A caller over its share is
//! answered 429 at once; a request that waits too long for a free place is
//! answered 503; both with `Retry-After`. Light requests (a report, a list
//! page, an action) never wait here. A heavy read over a window of receipt
//! is read in [`slices`] of it side by side, one per core; the slices of
//! every heavy read under way hold at most three fourths of the database's
//! connections ([`crate::db::Db::read_slice`]).

use crate::error::ApiError;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The bound, shared by every worker of the server.
#[derive(Clone)]
pub struct HeavyWork {
    places: Arc<Semaphore>,
    held: Arc<Mutex<HashMap<String, usize>>>,
    per_caller: usize,
    wait: Duration,
}

/// One caller's count of heavy reads, given back when dropped.
struct Held {
    held: Arc<Mutex<HashMap<String, usize>>>,
    caller: String,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut held) = self.held.lock() {
            if let Some(n) = held.get_mut(&self.caller) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    held.remove(&self.caller);
                }
            }
        }
    }
}

/// One heavy read under way; its place is given back when dropped.
pub struct Place {
    _permit: OwnedSemaphorePermit,
    _held: Held,
}

/// Seconds a refused caller is told to wait.
const RETRY_AFTER: u64 = 5;

impl HeavyWork {
    /// `at_once` heavy reads across the server, `per_caller` for one caller,
    /// each waiting at most `wait` for a place.
    pub fn new(at_once: usize, per_caller: usize, wait: Duration) -> Self {
        HeavyWork {
            places: Arc::new(Semaphore::new(at_once.max(1))),
            held: Default::default(),
            per_caller: per_caller.max(1),
            wait,
        }
    }

    /// Takes a place for `caller` (an account, a key or an address).
    pub async fn enter(&self, caller: &str) -> Result<Place, ApiError> {
        {
            let mut held = self
                .held
                .lock()
                .map_err(|_| ApiError::Internal("heavy-work bookkeeping poisoned".into()))?;
            let n = held.entry(caller.to_string()).or_insert(0);
            if *n >= self.per_caller {
                return Err(ApiError::TooManyRequests {
                    detail: format!(
                        "you already have {} statistics, score or export requests under way; wait for them to finish",
                        self.per_caller
                    ),
                    retry_after: RETRY_AFTER,
                });
            }
            *n += 1;
        }
        // Given back on every path from here, by the place or when refused.
        let held = Held {
            held: self.held.clone(),
            caller: caller.to_string(),
        };
        match tokio::time::timeout(self.wait, self.places.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(Place {
                _permit: permit,
                _held: held,
            }),
            _ => Err(ApiError::Busy {
                detail: "the server is busy with statistics, scores and exports; try again shortly"
                    .into(),
                retry_after: RETRY_AFTER,
            }),
        }
    }
}

impl From<&crate::config::LimitArgs> for HeavyWork {
    fn from(l: &crate::config::LimitArgs) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let at_once = if l.heavy_at_once == 0 {
            2 * cores
        } else {
            l.heavy_at_once
        };
        HeavyWork::new(
            at_once,
            l.heavy_per_account,
            Duration::from_millis(l.heavy_wait_ms),
        )
    }
}

/// `[start, end)` cut into equal slices of time, one per core (at most
/// four): reports arrive through a window about evenly, so each slice
/// holds about as many, and each is read on its own connection.
pub fn slices(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    slices_of(start, end, n)
}

/// `[start, end)` cut into `n` equal slices of time.
fn slices_of(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    n: usize,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let n = n.max(1);
    let step = (end - start) / i32::try_from(n).unwrap_or(1);
    (0..n)
        .map(|i| {
            let from = start + step * i32::try_from(i).unwrap_or(0);
            let to = if i + 1 == n { end } else { from + step };
            (from, to)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slices_cover_the_window_end_to_end() {
        let p: crm_domain::period::Period = "2026-02".parse().expect("a period");
        let (start, end) = (p.start(), p.end() - chrono::Duration::microseconds(7));
        let here = slices(start, end);
        assert!(!here.is_empty() && here.len() <= 4);
        for n in 1..=4 {
            let cut = slices_of(start, end, n);
            assert_eq!(cut.len(), n);
            assert_eq!(cut.first().map(|s| s.0), Some(start));
            assert_eq!(cut.last().map(|s| s.1), Some(end));
            for pair in cut.windows(2) {
                assert_eq!(pair[0].1, pair[1].0, "no gap and no overlap");
                assert!(pair[0].0 < pair[0].1);
            }
        }
    }

    #[actix_web::test]
    async fn one_caller_gets_its_share_and_the_rest_wait_their_turn() {
        let heavy = HeavyWork::new(2, 1, Duration::from_millis(50));
        let a = heavy.enter("a").await.expect("a's first");
        assert!(matches!(
            heavy.enter("a").await,
            Err(ApiError::TooManyRequests { .. })
        ));
        let b = heavy.enter("b").await.expect("b's first");
        // Both places taken: c waits, then is told the server is busy.
        assert!(matches!(heavy.enter("c").await, Err(ApiError::Busy { .. })));
        drop(a);
        let a2 = heavy.enter("a").await.expect("a again after finishing");
        drop((a2, b));
        assert!(heavy.held.lock().map(|h| h.is_empty()).unwrap_or(false));
    }
}
