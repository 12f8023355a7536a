//! Citizen feedback: once a report is Selesai its reporter may rate it once
//! (through the channel or with the tracking code; the two never both
//! count, as the report holds one rating). A "not fixed" answer within
//! 30 days (an administrator's setting) of Selesai asks the Monitoring Room to look again:
//! it reopens the report with a reason, or answers the reporter with a
//! public note.

use chrono::{DateTime, Duration, Utc};

/// Whether an answer asks for a review: "not fixed" within `within_days`
/// of Selesai.
pub fn asks_for_review(
    fixed: Option<bool>,
    completed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    within_days: u32,
) -> bool {
    fixed == Some(false)
        && completed_at.is_some_and(|at| now - at <= Duration::days(i64::from(within_days)))
}

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    /// Waiting for the Monitoring Room.
    Open,
    /// The report was reopened.
    Reopened,
    /// The reporter was answered with a public note.
    Answered,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Open => "open",
            ReviewState::Reopened => "reopened",
            ReviewState::Answered => "answered",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn only_not_fixed_within_thirty_days_asks() {
        let now = Utc
            .with_ymd_and_hms(2026, 12, 2, 0, 0, 0)
            .single()
            .expect("t");
        let done = |d| Some(now - Duration::days(d));
        assert!(asks_for_review(Some(false), done(0), now, 30));
        assert!(asks_for_review(Some(false), done(30), now, 30));
        assert!(!asks_for_review(Some(false), done(31), now, 30));
        assert!(!asks_for_review(Some(true), done(1), now, 30));
        assert!(!asks_for_review(None, done(1), now, 30));
        assert!(!asks_for_review(Some(false), None, now, 30));
    }
}
