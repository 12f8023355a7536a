//! Stopping well: on SIGTERM (or Ctrl-C) the server says it is no longer
//! ready (`/readyz` answers 503, so a balancer sends nobody new), closes its
//! live streams with a hint to reconnect (to another server), stops taking
//! connections, lets requests and deliveries in flight finish within the
//! grace period, and exits.

use std::sync::Arc;
use tokio::sync::watch;

/// Whether this server is stopping (cheap to clone).
#[derive(Clone)]
pub struct Shutdown {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown {
            tx: Arc::new(watch::channel(false).0),
        }
    }
}

impl Shutdown {
    /// Starts stopping.
    pub fn begin(&self) {
        self.tx.send_replace(true);
    }

    /// Whether stopping has begun.
    pub fn draining(&self) -> bool {
        *self.tx.borrow()
    }

    /// Waits until stopping begins.
    pub async fn begun(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives as long as `self`.
        let _ = rx.wait_for(|stopping| *stopping).await;
    }
}

/// Waits for SIGTERM or SIGINT.
pub async fn signalled() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn waiters_learn_that_stopping_began() {
        let s = Shutdown::default();
        assert!(!s.draining());
        let waiter = {
            let s = s.clone();
            tokio::spawn(async move { s.begun().await })
        };
        s.begin();
        tokio::time::timeout(std::time::Duration::from_secs(1), waiter)
            .await
            .expect("woken")
            .expect("joined");
        assert!(s.draining());
        // Begun already: returns at once.
        s.begun().await;
    }
}
