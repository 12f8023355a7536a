//! Importing the old system's reports: all or nothing in one transaction.
//! Each checked row arrives through the same door as the demo's reports
//! ([`crate::db::lifecycle::create_many`]), with the history the domain's
//! [`import::arrival`] gives it. Imported reports make no events: their
//! reporters heard of them in the old system.

use crate::db::lifecycle::{self, Recorder, ReportDetails};
use crate::db::reports as store;
use crate::db::time::now;
use crate::error::ApiError;
use crate::state::AppState;
use crm_domain::api::FieldError;
use crm_domain::import::{self, Imported};
use crm_domain::message::Message;
use std::collections::HashSet;

/// Rows made into reports and written at a time.
const WRITE_BATCH: usize = 5000;

/// What an imported row says of itself.
fn details(r: &Imported, at: chrono::DateTime<chrono::Utc>) -> ReportDetails {
    ReportDetails {
        number: r.number,
        channel: r.channel.clone(),
        channel_ref: None,
        reporter_name: r.reporter.clone(),
        reporter_contact: None,
        hidden: false,
        category: r.category.clone(),
        tags: Vec::new(),
        description: r.description.clone(),
        address: None,
        lat: r.lat,
        lon: r.lon,
        kelurahan: Some(r.kelurahan.clone()),
        photo_urls: Vec::new(),
        location_flag: None,
        received_at: r.received_at,
        created_at: at,
    }
}

/// Writes every row, or none: a number the old system gave that is already
/// taken refuses the whole import, naming each. Returns how many were
/// written.
pub async fn write(st: &AppState, by: &str, rows: Vec<Imported>) -> Result<usize, ApiError> {
    let by = by.to_string();
    let refdata = st.refdata.clone();
    st.db
        .write(move |conn| -> Result<usize, ApiError> {
            let reckon = refdata.reckon();
            let wanted: Vec<i64> = rows.iter().filter_map(|r| r.number).collect();
            let taken: HashSet<i64> = store::existing_numbers(conn, &wanted)?
                .into_iter()
                .collect();
            if !taken.is_empty() {
                let mut t: Vec<i64> = taken.into_iter().collect();
                t.sort_unstable();
                return Err(ApiError::fields(
                    t.into_iter()
                        .map(|n| FieldError::said("nomor", &Message::ReportExists { number: n }))
                        .collect(),
                ));
            }
            let at = now();
            let who = Recorder {
                user_id: None,
                name: "Impor sistem lama".into(),
            };
            // The rows with the old system's number first, then the rest
            // numbered after them (as `create_many` orders one batch), a
            // batch at a time: only a batch's reports and histories are
            // held at once.
            let (given, rest): (Vec<&Imported>, Vec<&Imported>) =
                rows.iter().partition(|r| r.number.is_some());
            for batch in given.chunks(WRITE_BATCH).chain(rest.chunks(WRITE_BATCH)) {
                let items: Vec<_> = batch
                    .iter()
                    .map(|r| (details(r, at), import::arrival(r)))
                    .collect();
                lifecycle::create_many(conn, &items, &|_, _| who.clone(), &reckon)?;
            }
            crate::db::audit::after(
                conn,
                &by,
                "report.import",
                "reports".into(),
                Some(serde_json::json!({
                    "imported": rows.len(),
                    "first": rows.iter().filter_map(|r| r.number).min(),
                    "last": rows.iter().filter_map(|r| r.number).max(),
                })),
            )?;
            Ok(rows.len())
        })
        .await
}
