//! Sessions that end when they should: every token names its account's
//! session generation (`ver`), kept per account in the database and in
//! memory here; signing out moves the generation on, and every token issued
//! before is refused from the next request. The live stream is opened with
//! a short-lived, single-use ticket instead of a token in its URL.
//!
//! Each process keeps its own copy; a generation moved on here is told to
//! the other servers on the same PostgreSQL (`cluster.rs`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// How long a stream ticket is valid, in seconds.
pub const TICKET_SECS: i64 = 30;
/// Live streams one account may hold open at once (a few tabs and
/// devices; a leaked token cannot open thousands).
pub const MAX_STREAMS: usize = 5;

/// The session generations and the tickets already used.
#[derive(Clone, Default)]
pub struct Sessions {
    versions: Arc<RwLock<HashMap<i64, i64>>>,
    used_tickets: Arc<Mutex<HashMap<String, i64>>>,
    streams: Arc<Mutex<HashMap<i64, usize>>>,
    relay: crate::cluster::Relay,
}

/// An open live stream, counted against its account until dropped.
pub struct StreamSlot {
    streams: Arc<Mutex<HashMap<i64, usize>>>,
    user: i64,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        crate::meters::live_stream(-1.0);
        if let Ok(mut s) = self.streams.lock() {
            if let Some(n) = s.get_mut(&self.user) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    s.remove(&self.user);
                }
            }
        }
    }
}

impl Sessions {
    /// Generations as stored.
    pub fn load(rows: Vec<(i64, i64)>) -> Self {
        Sessions {
            versions: Arc::new(RwLock::new(rows.into_iter().collect())),
            used_tickets: Arc::default(),
            streams: Arc::default(),
            relay: Default::default(),
        }
    }

    /// The same, telling the other servers when a generation moves on.
    pub fn relayed(self, relay: crate::cluster::Relay) -> Self {
        Sessions { relay, ..self }
    }

    /// The account's current generation (0 for an account made since the
    /// load, which starts there).
    pub fn current(&self, user: i64) -> i64 {
        self.versions
            .read()
            .map(|v| v.get(&user).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Records a generation read from or written to the database, and
    /// tells the other servers.
    pub fn set(&self, user: i64, version: i64) {
        self.learn(user, version);
        self.relay
            .tell(crate::cluster::Signal::Session { user, version });
    }

    /// Records a generation another server told of (never moving back).
    pub fn learn(&self, user: i64, version: i64) {
        if let Ok(mut v) = self.versions.write() {
            let known = v.entry(user).or_insert(version);
            *known = (*known).max(version);
        }
    }

    /// A slot for one more live stream of the account, or `None` when it
    /// holds [`MAX_STREAMS`] already.
    pub fn open_stream(&self, user: i64) -> Option<StreamSlot> {
        let mut s = self.streams.lock().ok()?;
        let n = s.entry(user).or_insert(0);
        if *n >= MAX_STREAMS {
            return None;
        }
        *n += 1;
        crate::meters::live_stream(1.0);
        Some(StreamSlot {
            streams: self.streams.clone(),
            user,
        })
    }

    /// Uses a ticket once: false when it was used before. Tickets past
    /// their expiry are forgotten (they are refused on their own then).
    pub fn use_ticket(&self, id: &str, expires: i64, now: i64) -> bool {
        let Ok(mut used) = self.used_tickets.lock() else {
            return false;
        };
        used.retain(|_, exp| *exp >= now);
        used.insert(id.to_string(), expires).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_is_used_once_and_generations_move_on() {
        let s = Sessions::load(vec![(1, 3)]);
        assert_eq!(s.current(1), 3);
        assert_eq!(s.current(2), 0);
        s.set(1, 4);
        assert_eq!(s.current(1), 4);
        assert!(s.use_ticket("t1", 100, 90));
        assert!(!s.use_ticket("t1", 100, 95));
        assert!(s.use_ticket("t2", 100, 95));
    }

    #[test]
    fn an_account_holds_at_most_five_streams() {
        let s = Sessions::default();
        let slots: Vec<_> = (0..MAX_STREAMS).filter_map(|_| s.open_stream(1)).collect();
        assert_eq!(slots.len(), MAX_STREAMS);
        assert!(s.open_stream(1).is_none());
        assert!(s.open_stream(2).is_some(), "another account has its own");
        drop(slots);
        assert!(
            s.open_stream(1).is_some(),
            "closed streams free their slots"
        );
    }
}
