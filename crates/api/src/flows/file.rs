//! Filing a report (staff typing one in, a channel's system through the
//! API, a batch or Open311): intake checks and places it, the domain decides
//! its arrival, and it is written with its first entry, its arrival
//! notifications and its event for the channel in one transaction. A channel
//! reference seen before gives the existing report instead.

use crate::auth::Caller;
use crate::db::lifecycle::{self, Recorder, ReportDetails};
use crate::db::reports as store;
use crate::db::time::now;
use crate::db::DbError;
use crate::error::ApiError;
use crate::flows::case::{self, Bundle};
use crate::flows::{record_change, Committed};
use crate::notify;
use crate::state::AppState;
use crm_domain::api::{LocationFlag, NewReport};
use crm_domain::arrival::Arrival;
use crm_domain::intake::{self, Filer};
use crm_domain::lifecycle::ActionKind;
use crm_domain::message::Message;

/// Who files, as intake knows it, with the name written in the history.
#[derive(Debug, Clone)]
pub struct FilerOf {
    pub filer: Filer,
    pub user_id: Option<i64>,
    pub name: String,
}

/// The filer behind a caller; roles that may not file are refused.
pub fn filer_of(st: &AppState, caller: &Caller) -> Result<FilerOf, ApiError> {
    match caller {
        Caller::Staff(s) => {
            if !s.role.may_file_reports() {
                return Err(ApiError::forbidden(Message::CannotFile));
            }
            Ok(FilerOf {
                filer: Filer::Staff,
                user_id: Some(s.user_id),
                name: s.name.clone(),
            })
        }
        Caller::Integrator(i) => Ok(integrator(st, i)),
    }
}

/// A channel's system as filer.
pub fn integrator(st: &AppState, i: &crate::auth::Integrator) -> FilerOf {
    FilerOf {
        filer: Filer::Integrator {
            channel: i.channel.clone(),
        },
        user_id: None,
        name: st
            .refdata
            .channel(&i.channel)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| i.channel.clone()),
    }
}

/// The reference data and the boundaries, as intake asks for them.
struct Places<'a>(
    &'a crate::refdata::RefData,
    &'a crate::boundaries::Boundaries,
);

impl intake::Lookups for Places<'_> {
    fn channel_kind(&self, code: &str) -> Option<crm_domain::ChannelKind> {
        self.0.channel_kind(code)
    }
    fn has_category(&self, code: &str) -> bool {
        self.0.has_category(code)
    }
    fn unit_level(&self, code: &str) -> Option<crm_domain::UnitLevel> {
        self.0.unit_level(code)
    }
    fn place(&self, lat: f64, lon: f64) -> intake::Placement {
        self.1.place(lat, lon)
    }
}

/// The report a filing answers with. A repeat of a channel reference that
/// names a report the caller may not see (staff of another unit typing in
/// the same reference) is refused with 409 naming only its number: a
/// repeat never shows another unit's report or its reporter.
pub async fn filed(
    st: &AppState,
    caller: &Caller,
    created: bool,
    number: i64,
) -> Result<Bundle, ApiError> {
    let bundle = case::fetch(st, number).await?;
    if let (false, Caller::Staff(s)) = (created, caller) {
        if !case::may_see(st, s, &bundle.case) {
            return Err(ApiError::Conflict(format!(
                "this channel reference was already filed as report {number}, held by a unit outside your scope"
            )));
        }
    }
    Ok(bundle)
}

/// What a filing did: wrote a new report (and made its tracking code), or
/// found the one filed before under the same channel reference.
#[derive(Debug, Clone)]
pub struct Filing {
    pub created: bool,
    pub number: i64,
    /// The new report's tracking code (none for a repeat).
    pub tracking_code: Option<String>,
}

/// The tracking code a filing's answer carries: the new report's, or, for a
/// repeat, the report's when the caller is the channel that filed it (its
/// system may have lost the first answer). Other staff never get it.
pub async fn code_for_filer(
    st: &AppState,
    caller: &Caller,
    filing: &Filing,
    bundle: &Bundle,
) -> Result<Option<String>, ApiError> {
    let own = match caller {
        Caller::Integrator(i) => i.channel == bundle.row.channel_code,
        Caller::Staff(_) => false,
    };
    if filing.created {
        Ok(filing.tracking_code.clone())
    } else if own {
        case::tracking_code(st, bundle.row.number).await
    } else {
        Ok(None)
    }
}

/// Files one report. A channel reference seen before (also one filed at the
/// same moment) gives the existing report, `created` false.
pub async fn file(st: &AppState, by: &FilerOf, new: NewReport) -> Result<Filing, ApiError> {
    let at = now();
    let bounds = st.boundaries.get();
    let checked = intake::check(
        &new,
        &by.filer,
        at,
        &Places(st.refdata.as_ref(), bounds.as_ref()),
    )
    .map_err(ApiError::fields)?;
    let channel_name = st
        .refdata
        .channel(&new.channel)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| new.channel.clone());
    let arrival_note = match (&checked.holder, checked.location_flag) {
        (Some(code), _) => format!(
            "Laporan diterima dari kanal {channel_name} dan diteruskan ke {}",
            st.refdata
                .unit_name(Some(code))
                .unwrap_or_else(|| code.clone())
        ),
        (None, Some(LocationFlag::OutsideArea)) => {
            "Laporan diterima; lokasinya di luar wilayah DKI Jakarta, menunggu triase Ruang Monitoring"
                .to_string()
        }
        (None, _) => "Laporan diterima; menunggu triase Ruang Monitoring".to_string(),
    };
    let arrival = Arrival::filed(
        checked.holder.clone(),
        checked.received_at,
        at,
        arrival_note,
    );
    let details = ReportDetails {
        number: None,
        channel: new.channel.clone(),
        channel_ref: new.channel_ref.clone(),
        reporter_name: new.reporter_name.clone(),
        reporter_contact: new.reporter_contact.clone(),
        hidden: new.hidden,
        category: new.category.clone(),
        tags: checked.tags.clone(),
        description: new.description.trim().to_string(),
        address: new.address.clone(),
        lat: new.lat,
        lon: new.lon,
        kelurahan: checked.kelurahan.clone(),
        photo_urls: new.photo_urls.clone(),
        location_flag: checked.location_flag,
        received_at: checked.received_at,
        created_at: at,
    };
    let who = Recorder {
        user_id: by.user_id,
        name: by.name.clone(),
    };
    let state = st.clone();
    let (d, a) = (details.clone(), arrival.clone());
    let outcome = st
        .db
        .write(move |conn| -> Result<Filing, DbError> {
            if let Some(r) = &d.channel_ref {
                if let Some(existing) = store::find_by_channel_ref(conn, &d.channel, r)? {
                    return Ok(Filing {
                        created: false,
                        number: existing.number,
                        tracking_code: None,
                    });
                }
            }
            let lifecycle::Created {
                number,
                version,
                tracking_code,
            } = lifecycle::create(conn, &d, &a, &|_| who.clone(), &state.refdata.reckon())?;
            let first = &a.entries[0];
            record_change(
                conn,
                &state,
                &notify::Change {
                    number,
                    kind: ActionKind::Arrive,
                    public: first.public,
                    note: first.note.as_deref(),
                    before: None,
                    at: first.at,
                    after: &a.case,
                    version,
                    channel: &d.channel,
                    channel_ref: d.channel_ref.as_deref(),
                    reporter_contact: d.reporter_contact.as_deref(),
                    tracking_code: Some(&tracking_code),
                },
                a.case.holder.as_deref(),
            )?;
            Ok(Filing {
                created: true,
                number,
                tracking_code: Some(tracking_code),
            })
        })
        .await;
    let filing = match outcome {
        Ok(v) => v,
        // Two deliveries of one channel reference at the same moment: the
        // unique index let one in; answer with that one.
        Err(DbError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ))) => {
            let (ch, r) = (details.channel, details.channel_ref.unwrap_or_default());
            let existing = st
                .db
                .read(move |conn| store::find_by_channel_ref(conn, &ch, &r))
                .await?
                .ok_or_else(|| {
                    ApiError::Conflict("a concurrent filing of this report failed; retry".into())
                })?;
            Filing {
                created: false,
                number: existing.number,
                tracking_code: None,
            }
        }
        Err(e) => return Err(e.into()),
    };
    if filing.created {
        Committed {
            number: filing.number,
            status: arrival.case.status,
            holder: arrival.case.holder,
            previous_holder: None,
            collaborators: Vec::new(),
        }
        .announce(st);
    }
    Ok(filing)
}
