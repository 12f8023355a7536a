//! Limits on signing in, so that guessing passwords is slow and a flood of
//! sign-ins cannot exhaust memory or starve the staff's connections:
//!
//! - per client address: 30 attempts at once, then one every 2 seconds;
//! - per username: 10 attempts at once, then one every 6 seconds (a person
//!   signs in a few times a day; a guesser gets about 600 tries an hour
//!   instead of thousands a second);
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

/// The sign-in limits of this process.
#[derive(Clone)]
pub struct SignInLimits {
    by_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    by_username: Arc<DefaultKeyedRateLimiter<String>>,
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
            hashing: Arc::new(Semaphore::new(2)),
        }
    }
}

impl SignInLimits {
    /// Counts an attempt from `address` for `username`; refuses it with 429
    /// and the seconds to wait when either is over its limit.
    pub fn attempt(&self, address: Option<IpAddr>, username: &str) -> Result<(), ApiError> {
        let now = DefaultClock::default().now();
        let wait = |d: Duration| d.as_secs().max(1);
        if let Some(ip) = address {
            if let Err(not_until) = self.by_address.check_key(&ip) {
                return Err(ApiError::TooManyRequests {
                    detail: "too many sign-in attempts from this address; wait and try again"
                        .into(),
                    retry_after: wait(not_until.wait_time_from(now)),
                });
            }
        }
        let key = username.trim().to_lowercase();
        if let Err(not_until) = self.by_username.check_key(&key) {
            return Err(ApiError::TooManyRequests {
                detail: "too many sign-in attempts for this account; wait and try again".into(),
                retry_after: wait(not_until.wait_time_from(now)),
            });
        }
        Ok(())
    }

    /// A turn at hashing a password: at most two at once; the rest wait.
    pub async fn hashing(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        self.hashing
            .acquire()
            .await
            .map_err(|_| ApiError::Unavailable("the server is stopping".into()))
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
        self.by_address.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::TooManyRequests {
                detail: "too many requests from this address; wait and try again".into(),
                retry_after: wait.as_secs().max(1),
            }
        })
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
    fn one_address_trying_many_usernames_is_stopped_after_thirty() {
        let limits = SignInLimits::default();
        let ip = Some(IpAddr::from([127, 0, 0, 1]));
        let allowed = (0..50)
            .filter(|i| limits.attempt(ip, &format!("user{i}")).is_ok())
            .count();
        assert_eq!(allowed, 30);
    }
}
