//! Limits on signing in, so that guessing passwords is slow and a flood of
//! sign-ins cannot exhaust memory or starve the staff's connections:
//!
//! - per client address: 30 attempts at once, then one every 2 seconds;
//! - per username: 10 attempts at once, then one every 6 seconds (a person
//!   signs in a few times a day; a guesser gets about 600 tries an hour
//!   instead of thousands a second);
//! - an account with repeated wrong passwords is locked out, longer each
//!   time: 5 failures in a row are free, the sixth locks it for 1 second,
//!   then 2, 4, 8 … up to 15 minutes; a right password (outside a lockout) clears the count;
//! - password hashing (argon2, 19 MiB each) runs at most two at a time.
//!
//! A refused attempt is answered 429 with `Retry-After` before any password
//! is hashed. The public endpoints (tracking, feedback, statistics, public
//! photos, Open311) have a limit per address too ([`PublicLimits`]). The
//! limits are `governor` rate limiters (GCRA), kept per process. The client
//! address is the connection's peer, or the one a trusted proxy names
//! ([`crate::auth::client`]).

use crate::error::ApiError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

fn quota(burst: u32, every: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(every)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

/// Failures in a row before the first lockout.
const FREE_FAILURES: u32 = 5;
/// The longest lockout.
const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Accounts whose failures are remembered at most (a flood of made-up
/// usernames cannot grow the table without bound).
const MAX_REMEMBERED: usize = 100_000;

/// An account's failures in a row and its lockout.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    locked_until: Option<std::time::Instant>,
}

/// The 429 of a refused request: `detail`, and the seconds to wait.
fn too_many(detail: &str, wait: Duration) -> ApiError {
    ApiError::TooManyRequests {
        detail: detail.into(),
        retry_after: wait.as_secs().max(1),
    }
}

/// Counts a request against `limiter` for `key`; the 429 with `detail` when
/// it is over.
fn count<K>(limiter: &DefaultKeyedRateLimiter<K>, key: &K, detail: &str) -> Result<(), ApiError>
where
    K: Clone + std::hash::Hash + Eq,
{
    limiter.check_key(key).map_err(|not_until| {
        too_many(
            detail,
            not_until.wait_time_from(DefaultClock::default().now()),
        )
    })
}

/// The sign-in limits of this process.
#[derive(Clone)]
pub struct SignInLimits {
    by_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    by_username: Arc<DefaultKeyedRateLimiter<String>>,
    failures: Arc<std::sync::Mutex<std::collections::HashMap<String, Failures>>>,
    hashing: Arc<Semaphore>,
}

impl Default for SignInLimits {
    fn default() -> Self {
        SignInLimits {
            by_address: Arc::new(DefaultKeyedRateLimiter::keyed(quota(
                30,
                Duration::from_secs(2),
            ))),
            by_username: Arc::new(DefaultKeyedRateLimiter::keyed(quota(
                10,
                Duration::from_secs(6),
            ))),
            failures: Arc::default(),
            hashing: Arc::new(Semaphore::new(2)),
        }
    }
}

/// The lockout after `count` failures in a row.
fn lockout(count: u32) -> Option<Duration> {
    let over = count.checked_sub(FREE_FAILURES + 1)?;
    let secs = 1u64.checked_shl(over.min(20)).unwrap_or(u64::MAX);
    Some(Duration::from_secs(secs).min(MAX_LOCKOUT))
}

impl SignInLimits {
    /// Counts an attempt from `address` for `username`; refuses it with 429
    /// and the seconds to wait when either is over its limit.
    pub fn attempt(&self, address: Option<IpAddr>, username: &str) -> Result<(), ApiError> {
        if let Some(ip) = address {
            count(
                &self.by_address,
                &ip,
                "too many sign-in attempts from this address; wait and try again",
            )?;
        }
        let key = username.trim().to_lowercase();
        if let Some(left) = self.locked_for(&key) {
            return Err(too_many(
                "this account is locked for a while after repeated wrong passwords; wait and try again",
                left,
            ));
        }
        count(
            &self.by_username,
            &key,
            "too many sign-in attempts for this account; wait and try again",
        )
    }

    /// How long the account is still locked out, if it is.
    fn locked_for(&self, key: &str) -> Option<Duration> {
        let now = std::time::Instant::now();
        let failures = self.failures.lock().ok()?;
        let until = failures.get(key)?.locked_until?;
        (until > now).then(|| until - now)
    }

    /// Records a wrong password for `username`: from the sixth in a row
    /// the account is locked out, twice as long each time.
    pub fn failed(&self, username: &str) {
        let key = username.trim().to_lowercase();
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        let now = std::time::Instant::now();
        if failures.len() >= MAX_REMEMBERED {
            failures.retain(|_, f| f.locked_until.is_some_and(|u| u > now));
        }
        let f = failures.entry(key).or_insert(Failures {
            count: 0,
            locked_until: None,
        });
        f.count = f.count.saturating_add(1);
        f.locked_until = lockout(f.count).map(|d| now + d);
    }

    /// Records a right password: the account's failures are forgotten.
    pub fn succeeded(&self, username: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&username.trim().to_lowercase());
        }
    }

    /// A turn at hashing a password: at most two at once; the rest wait.
    pub async fn hashing(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        self.hashing
            .acquire()
            .await
            .map_err(|_| ApiError::Unavailable("the server is stopping".into()))
    }
}

/// The limit per API key: a channel's system may send bursts (a backlog
/// catching up: by default 600 requests at once, a batch of 500 reports
/// counting as one) and 20 requests a second after that
/// (`--key-rate-per-second`).
#[derive(Clone)]
pub struct KeyLimits {
    by_key: Arc<DefaultKeyedRateLimiter<i64>>,
}

impl Default for KeyLimits {
    fn default() -> Self {
        KeyLimits::new(600, 20)
    }
}

impl KeyLimits {
    /// `burst` requests at once, then `per_second`.
    pub fn new(burst: u32, per_second: u32) -> Self {
        let every = Duration::from_micros(1_000_000 / u64::from(per_second.max(1)));
        KeyLimits {
            by_key: Arc::new(DefaultKeyedRateLimiter::keyed(quota(burst, every))),
        }
    }

    /// Counts a request with key `id`; 429 with the seconds to wait when it
    /// is over the limit.
    pub fn call(&self, id: i64) -> Result<(), ApiError> {
        count(
            &self.by_key,
            &id,
            "too many requests with this API key; wait and try again",
        )
    }
}

/// The limit per address on the public endpoints.
#[derive(Clone)]
pub struct PublicLimits {
    by_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl PublicLimits {
    /// `per_minute` requests a minute, a quarter of them at once.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = per_minute.max(1);
        let every = Duration::from_micros(60_000_000 / u64::from(per_minute));
        PublicLimits {
            by_address: Arc::new(DefaultKeyedRateLimiter::keyed(quota(
                (per_minute / 4).max(1),
                every,
            ))),
        }
    }

    /// Counts a request from `address`; 429 with the seconds to wait when
    /// it is over the limit.
    pub fn visit(&self, address: Option<IpAddr>) -> Result<(), ApiError> {
        let Some(ip) = address else { return Ok(()) };
        count(
            &self.by_address,
            &ip,
            "too many requests from this address; wait and try again",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessing_one_password_is_stopped_after_ten_tries() {
        let limits = SignInLimits::default();
        let mut allowed = 0;
        // From many addresses, so only the username limit applies.
        for i in 0..40u8 {
            let ip = IpAddr::from([10, 0, 0, i]);
            if limits.attempt(Some(ip), "Admin").is_ok() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 10);
        match limits.attempt(None, "admin ") {
            Err(ApiError::TooManyRequests { retry_after, .. }) => assert!(retry_after >= 1),
            other => panic!("expected 429, got {other:?}"),
        }
        // Another account is not locked by it.
        assert!(limits.attempt(None, "petugas.gambir").is_ok());
    }

    #[test]
    fn lockouts_double_after_five_failures_and_a_success_clears_them() {
        assert_eq!(lockout(5), None);
        assert_eq!(lockout(6), Some(Duration::from_secs(1)));
        assert_eq!(lockout(7), Some(Duration::from_secs(2)));
        assert_eq!(lockout(8), Some(Duration::from_secs(4)));
        assert_eq!(lockout(40), Some(MAX_LOCKOUT));
        let limits = SignInLimits::default();
        for _ in 0..5 {
            limits.failed("lurah.gambir");
        }
        let ip = |i: u8| Some(IpAddr::from([10, 1, 0, i]));
        assert!(
            limits.attempt(ip(1), "lurah.gambir").is_ok(),
            "five are free"
        );
        limits.failed("Lurah.Gambir");
        match limits.attempt(ip(2), "lurah.gambir") {
            Err(ApiError::TooManyRequests {
                retry_after,
                detail,
            }) => {
                assert!(retry_after >= 1 && detail.contains("locked"));
            }
            other => panic!("expected a lockout, got {other:?}"),
        }
        assert!(limits.attempt(ip(3), "camat.gambir").is_ok());
        limits.succeeded("lurah.gambir");
        assert!(limits.attempt(ip(4), "lurah.gambir").is_ok());
    }

    #[test]
    fn a_key_may_burst_then_is_held_to_its_rate() {
        let limits = KeyLimits::new(5, 1);
        let allowed = (0..8).filter(|_| limits.call(7).is_ok()).count();
        assert_eq!(allowed, 5);
        assert!(matches!(
            limits.call(7),
            Err(ApiError::TooManyRequests { .. })
        ));
        assert!(limits.call(8).is_ok(), "another key has its own allowance");
    }

    #[test]
    fn one_address_trying_many_usernames_is_stopped_after_thirty() {
        let limits = SignInLimits::default();
        let ip = Some(IpAddr::from([127, 0, 0, 1]));
        let allowed = (0..50)
            .filter(|i| limits.attempt(ip, &format!("user{i}")).is_ok())
            .count();
        assert_eq!(allowed, 30);
    }
}
