//! The "still Menunggu" digest the city's monitors read twice a day: at each
//! of the administrator's digest hours (WIB), every kota's staff get the
//! count of reports still waiting in their kota with the oldest, and the
//! Monitoring Room gets every kota's count, by e-mail and text message. A
//! slot is claimed by a row in `digest_slots` written in the same
//! transaction as the notices, so it goes out once across restarts and
//! servers; a slot missed by more than its hour is not sent late.

use crate::db::outbox::{claim_slot, enqueue_staff, StaffPayload};
use crate::db::time::from_db;
use crate::db::{monitor, DbError};
use crate::state::AppState;
use chrono::{DateTime, Timelike, Utc};
use crm_domain::time::{hours_between, to_wib};
use crm_domain::unit::{kota_of, kota_short_name};
use std::collections::BTreeMap;
use std::time::Duration;

/// The slot due at `now` (its key and hour), if `now` lies in one of the
/// digest hours (WIB).
pub fn due_slot(hours: &[u32], now: DateTime<Utc>) -> Option<(String, u32)> {
    let local = to_wib(now);
    let h = local.hour();
    hours
        .contains(&h)
        .then(|| (format!("{}T{h:02}", local.date_naive()), h))
}

/// The waiting reports of one kota (or of none: triage, dinas).
#[derive(Debug, Default)]
struct Waiting {
    count: usize,
    /// The longest waiting: its number and since when.
    oldest: Option<(i64, DateTime<Utc>)>,
}

impl Waiting {
    fn add(&mut self, number: i64, since: DateTime<Utc>) {
        self.count += 1;
        if self.oldest.is_none_or(|(_, s)| since < s) {
            self.oldest = Some((number, since));
        }
    }
}

/// Sends the digest of the slot due at `now`, unless it was sent. Returns
/// the notices written.
pub fn send_due(st: &AppState, now: DateTime<Utc>) -> Result<usize, DbError> {
    let settings = st.refdata.settings();
    let Some((slot, hour)) = due_slot(&settings.digest_hours, now) else {
        return Ok(0);
    };
    let rows = st.db.read_blocking(monitor::still_waiting)?;
    let mut by_kota: BTreeMap<Option<String>, Waiting> = BTreeMap::new();
    let mut all = Waiting::default();
    for (number, holder, since) in rows {
        let since = from_db(since);
        by_kota
            .entry(holder.as_deref().and_then(kota_of))
            .or_default()
            .add(number, since);
        all.add(number, since);
    }
    let name = |kota: &Option<String>| match kota {
        Some(k) => st
            .refdata
            .unit_name(Some(k))
            .map(|n| kota_short_name(&n).to_string())
            .unwrap_or_else(|| k.clone()),
        None => "triase dan dinas".to_string(),
    };
    let link = format!("{}/pantauan", st.delivery.public_url.trim_end_matches('/'));
    let oldest = |w: &Waiting| {
        w.oldest.map_or(String::new(), |(n, s)| {
            format!("; terlama #{n} ({:.0} jam)", hours_between(s, now))
        })
    };
    let subject = format!("Ringkasan {hour:02}.00 WIB: laporan masih Menunggu");
    let mut notices: Vec<(Option<String>, i64, String)> = by_kota
        .iter()
        .filter(|(k, _)| k.is_some())
        .filter_map(|(k, w)| {
            let (n, _) = w.oldest?;
            Some((
                k.clone(),
                n,
                format!(
                    "Ringkasan {hour:02}.00 WIB: {} laporan masih Menunggu di {}{}. {link}",
                    w.count,
                    name(k),
                    oldest(w)
                ),
            ))
        })
        .collect();
    if let Some((n, _)) = all.oldest {
        let parts: Vec<String> = by_kota
            .iter()
            .map(|(k, w)| format!("{} {}", name(k), w.count))
            .collect();
        notices.push((
            None,
            n,
            format!(
                "Ringkasan {hour:02}.00 WIB: {} laporan masih Menunggu — {}{}. {link}",
                all.count,
                parts.join(", "),
                oldest(&all)
            ),
        ));
    }
    st.db.write_blocking(move |conn| -> Result<usize, DbError> {
        if !claim_slot(conn, &slot, now)? {
            // Sent already, by this server before a restart or by another.
            return Ok(0);
        }
        let mut written = 0;
        for (kota, number, text) in notices {
            let users = match &kota {
                Some(k) => monitor::staff_of(conn, std::slice::from_ref(k))?,
                None => monitor::monitoring_staff(conn)?,
            };
            let payload = StaffPayload::Ready {
                subject: subject.clone(),
                text,
            };
            written += enqueue_staff(conn, &users, number, &payload, now)?;
        }
        Ok(written)
    })
}

/// Runs [`send_due`] every minute, for as long as the server runs.
pub fn spawn(st: AppState) {
    actix_web::rt::spawn(async move {
        loop {
            let s = st.clone();
            let started = std::time::Instant::now();
            let done = actix_web::rt::task::spawn_blocking(move || send_due(&s, Utc::now())).await;
            crate::meters::job("digest", started.elapsed(), matches!(done, Ok(Ok(_))));
            match done {
                Ok(Ok(n)) if n > 0 => {
                    st.outbox_wake.notify_one();
                    log::info!("digest: {n} notices written");
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => log::error!("digest: {e}"),
                Err(e) => log::error!("digest task: {e}"),
            }
            actix_web::rt::time::sleep(Duration::from_secs(60)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_due_through_its_wib_hour() {
        // 01:30 UTC is 08:30 WIB.
        let t = "2026-12-03T01:30:00Z".parse().expect("time");
        assert_eq!(
            due_slot(&[8, 14], t),
            Some(("2026-12-03T08".to_string(), 8))
        );
        assert_eq!(due_slot(&[9, 14], t), None);
        assert_eq!(due_slot(&[], t), None);
    }
}
