//! The notification outbox and the channels' webhooks: events written in
//! the transaction of the change they tell, claimed by the delivery worker
//! under a lease (so a crash only delays them, and two servers never send
//! one at the same time), finished as delivered, retried later, dead, or
//! skipped; listed and retried by administrators.

use crate::db::connection::native;
use crate::db::schema::{api_keys, channel_webhooks, outbox};
use crate::db::time::{from_db, to_db};
use crate::db::{DbConn, DbError};
use crate::sealed::Sealer;
use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use crm_domain::api::{
    Delivery, DeliveryQuery, DeliveryState, DeliveryTarget, EventType, WebhookEvent,
};
use diesel::prelude::*;
use std::collections::HashMap;

/// A row of the outbox.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub event_id: String,
    pub kind: String,
    pub target: String,
    pub channel_code: String,
    pub report_number: i64,
    pub recipient: Option<String>,
    pub payload: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    /// The request that wrote the event (for following it in the log).
    pub request_id: Option<String>,
}

impl OutboxRow {
    pub fn target(&self) -> DeliveryTarget {
        DeliveryTarget::parse(&self.target).unwrap_or(DeliveryTarget::Webhook)
    }

    /// The row as administrators see it.
    pub fn view(&self) -> Delivery {
        let state = DeliveryState::parse(&self.state).unwrap_or(DeliveryState::Pending);
        Delivery {
            id: self.id,
            event_id: self.event_id.clone(),
            kind: EventType::parse(&self.kind).unwrap_or(EventType::StatusChanged),
            target: self.target(),
            channel: self.channel_code.clone(),
            report_number: self.report_number,
            state,
            attempts: self.attempts,
            created_at: from_db(self.created_at),
            next_attempt_at: (state == DeliveryState::Pending)
                .then(|| from_db(self.next_attempt_at)),
            delivered_at: self.delivered_at.map(from_db),
            last_error: self.last_error.clone(),
        }
    }
}

/// Where an event goes besides the channel's webhook: the reporter's
/// e-mail address and mobile number, when given and switched on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reporter<'a> {
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// What a staff notice is about (its text is written when it is sent, in
/// [`crate::outreach`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum StaffPayload {
    /// A notification about a report (its kind as stored in the app).
    Report {
        kind: String,
        report_number: i64,
        warning_id: Option<i64>,
        unit_code: Option<String>,
    },
    /// A notice written already (the digest).
    Ready { subject: String, text: String },
}

/// Claims a digest slot; `false` when it was claimed before (by this
/// server before a restart, or by another).
pub fn claim_slot(conn: &mut DbConn, slot: &str, at: DateTime<Utc>) -> Result<bool, DbError> {
    use crate::db::schema::digest_slots;
    crate::db::inserted_unless_taken(
        diesel::insert_into(digest_slots::table)
            .values((
                digest_slots::slot.eq(slot),
                digest_slots::sent_at.eq(to_db(at)),
            ))
            .execute(conn),
    )
}

/// Writes a staff notice for every address of `user_ids` that has an
/// e-mail address or a mobile number, filed under the report it is about
/// (and that report's channel). Call it inside the change's transaction.
pub fn enqueue_staff(
    conn: &mut DbConn,
    user_ids: &[i64],
    report_number: i64,
    payload: &StaffPayload,
    at: DateTime<Utc>,
) -> Result<usize, DbError> {
    use crate::db::schema::users;
    if user_ids.is_empty() {
        return Ok(0);
    }
    let contacts: Vec<(Option<String>, Option<String>)> = users::table
        .filter(users::id.eq_any(user_ids.to_vec()))
        .filter(users::active.eq(true))
        .filter(users::email.is_not_null().or(users::phone.is_not_null()))
        .select((users::email, users::phone))
        .load(conn)?;
    if contacts.is_empty() {
        return Ok(0);
    }
    let channel: String = crate::db::schema::reports::table
        .find(report_number)
        .select(crate::db::schema::reports::channel_code)
        .first(conn)?;
    let body = serde_json::to_string(payload).unwrap_or_default();
    let request_id = crate::trace::request_id();
    let mut n = 0;
    for (email, phone) in contacts {
        let targets = email
            .map(|e| (DeliveryTarget::Email, e))
            .into_iter()
            .chain(phone.map(|p| (DeliveryTarget::Sms, p)));
        for (target, recipient) in targets {
            insert_row(
                conn,
                &crate::notify::event_id(),
                EventType::StaffNotice.as_str(),
                target,
                &channel,
                report_number,
                Some(&recipient),
                &body,
                to_db(at),
                &request_id,
            )?;
            n += 1;
        }
    }
    Ok(n)
}

#[allow(clippy::too_many_arguments)]
fn insert_row(
    conn: &mut DbConn,
    event_id: &str,
    kind: &str,
    target: DeliveryTarget,
    channel: &str,
    report_number: i64,
    recipient: Option<&str>,
    payload: &str,
    at: NaiveDateTime,
    request_id: &Option<String>,
) -> Result<(), DbError> {
    native!(conn, |c| diesel::insert_into(outbox::table)
        .values((
            outbox::event_id.eq(event_id),
            outbox::kind.eq(kind),
            outbox::target.eq(target.as_str()),
            outbox::channel_code.eq(channel),
            outbox::report_number.eq(report_number),
            outbox::recipient.eq(recipient),
            outbox::payload.eq(payload),
            outbox::state.eq(DeliveryState::Pending.as_str()),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(at),
            outbox::created_at.eq(at),
            outbox::request_id.eq(request_id),
        ))
        .execute(c))?;
    Ok(())
}

/// Writes an event for the channel's webhook, and for the reporter's
/// e-mail and phone when given. Call it inside the change's transaction.
pub fn enqueue(
    conn: &mut DbConn,
    event: &WebhookEvent,
    reporter: Reporter<'_>,
) -> Result<(), DbError> {
    let payload = serde_json::to_string(event).unwrap_or_default();
    let at = to_db(event.occurred_at);
    let request_id = crate::trace::request_id();
    tracing::debug!(event_id = %event.event_id, report = event.report_number, "event written to the outbox");
    let targets = std::iter::once((DeliveryTarget::Webhook, None))
        .chain(reporter.email.map(|e| (DeliveryTarget::Email, Some(e))))
        .chain(reporter.phone.map(|p| (DeliveryTarget::Sms, Some(p))));
    for (target, recipient) in targets {
        insert_row(
            conn,
            &event.event_id,
            event.kind.as_str(),
            target,
            &event.channel,
            event.report_number,
            recipient,
            &payload,
            at,
            &request_id,
        )?;
    }
    Ok(())
}

/// The outbox's depth for the operators.
#[derive(Debug, Clone, PartialEq)]
pub struct Depth {
    /// Events by state (every state named).
    pub by_state: Vec<(String, i64)>,
    /// When the oldest event still waiting was written.
    pub oldest_pending: Option<DateTime<Utc>>,
}

/// The outbox's depth: events by state, and its oldest pending event.
pub fn depth(conn: &mut DbConn) -> Result<Depth, DbError> {
    let by_state: Vec<(String, i64)> = outbox::table
        .group_by(outbox::state)
        .select((outbox::state, diesel::dsl::count_star()))
        .load(conn)?;
    let oldest: Option<NaiveDateTime> = outbox::table
        .filter(outbox::state.eq(DeliveryState::Pending.as_str()))
        .select(diesel::dsl::min(outbox::created_at))
        .first(conn)?;
    // Every state is named, so a state that empties reads 0, not its last
    // figure.
    let mut all: Vec<(String, i64)> = DeliveryState::ALL
        .iter()
        .map(|s| {
            let n = by_state
                .iter()
                .find(|(k, _)| k == s.as_str())
                .map_or(0, |(_, n)| *n);
            (s.as_str().to_string(), n)
        })
        .collect();
    all.sort();
    Ok(Depth {
        by_state: all,
        oldest_pending: oldest.map(from_db),
    })
}

/// Claims up to `limit` due deliveries until `lease_until`, those that fell
/// due first (read in the order of the `outbox_due` index, so a claim stops
/// at its batch however long the backlog): for each report and target only
/// its oldest pending one, so events of a report go out in order. A claim is
/// a guarded update, so two workers never both win a row; a claim whose
/// worker died expires with its lease.
pub fn claim(
    conn: &mut DbConn,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<OutboxRow>, DbError> {
    let now = to_db(now);
    let pending = DeliveryState::Pending.as_str();
    // Only a report's oldest pending event per target may go: one waiting
    // for its retry (or in flight) holds back the later ones, in SQL, so
    // a receiver that is down never starves the others.
    let earlier = diesel::alias!(outbox as earlier);
    let held_back = diesel::dsl::exists(
        earlier
            .filter(
                earlier
                    .field(outbox::report_number)
                    .eq(outbox::report_number),
            )
            .filter(earlier.field(outbox::target).eq(outbox::target))
            .filter(earlier.field(outbox::state).eq(pending))
            .filter(earlier.field(outbox::id).lt(outbox::id)),
    );
    let due = outbox::table
        .filter(outbox::state.eq(pending))
        .filter(outbox::next_attempt_at.le(now))
        .filter(
            outbox::locked_until
                .is_null()
                .or(outbox::locked_until.lt(now)),
        )
        .filter(diesel::dsl::not(held_back))
        .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
        .limit(limit);
    // The selection names its engine: it is made on each side.
    let due: Vec<OutboxRow> = native!(conn, |c| due.select(OutboxRow::as_select()).load(c))?;
    let lease = lease_key(lease_until);
    let mut claimed = Vec::new();
    for row in due {
        let guarded = diesel::update(
            outbox::table
                .filter(outbox::id.eq(row.id))
                .filter(outbox::state.eq(pending))
                .filter(
                    outbox::locked_until
                        .is_null()
                        .or(outbox::locked_until.lt(now)),
                ),
        )
        .set(outbox::locked_until.eq(Some(lease)));
        let won = native!(conn, |c| guarded.execute(c))?;
        if won == 1 {
            claimed.push(row);
        }
    }
    Ok(claimed)
}

/// A lease as stored and compared: whole seconds, which every engine keeps
/// exactly.
fn lease_key(lease: DateTime<Utc>) -> NaiveDateTime {
    to_db(lease.trunc_subsecs(0))
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    Delivered,
    /// Failed; try again at this time.
    Retry {
        error: String,
        at: DateTime<Utc>,
    },
    /// Failed for the last time.
    Dead {
        error: String,
    },
    /// Nothing to send to.
    Skipped {
        reason: String,
    },
}

impl Attempt {
    /// The outcome's name, as counted for the operators.
    pub fn outcome(&self) -> &'static str {
        match self {
            Attempt::Delivered => "delivered",
            Attempt::Retry { .. } => "retry",
            Attempt::Dead { .. } => "dead",
            Attempt::Skipped { .. } => "skipped",
        }
    }
}

/// Records an attempt on a delivery claimed with `lease` and releases the
/// claim. Returns false (and writes nothing) when the claim is no longer
/// this worker's: it expired and another took the row, or an administrator
/// changed it.
pub fn finish(
    conn: &mut DbConn,
    id: i64,
    lease: DateTime<Utc>,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let row = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::locked_until.eq(Some(lease_key(lease))));
    let now = to_db(now);
    let none: Option<NaiveDateTime> = None;
    let changed = match attempt {
        Attempt::Delivered => native!(conn, |c| diesel::update(row)
            .set((
                outbox::state.eq(DeliveryState::Delivered.as_str()),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::delivered_at.eq(Some(now)),
                outbox::locked_until.eq(none),
            ))
            .execute(c))?,
        Attempt::Retry { error, at } => native!(conn, |c| diesel::update(row)
            .set((
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::next_attempt_at.eq(to_db(*at)),
                outbox::last_error.eq(Some(error)),
                outbox::locked_until.eq(none),
            ))
            .execute(c))?,
        Attempt::Dead { error } => native!(conn, |c| diesel::update(row)
            .set((
                outbox::state.eq(DeliveryState::Dead.as_str()),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::last_error.eq(Some(error)),
                outbox::locked_until.eq(none),
            ))
            .execute(c))?,
        Attempt::Skipped { reason } => native!(conn, |c| diesel::update(row)
            .set((
                outbox::state.eq(DeliveryState::Skipped.as_str()),
                outbox::last_error.eq(Some(reason)),
                outbox::locked_until.eq(none),
            ))
            .execute(c))?,
    };
    Ok(changed == 1)
}

/// The state filter of the list: a state, or `failed` (pending after a
/// failed attempt).
pub fn parse_state(s: &str) -> Option<Option<DeliveryState>> {
    if s == "failed" {
        Some(None)
    } else {
        DeliveryState::parse(s).map(Some)
    }
}

/// A page of deliveries, newest first, and the counts of pending, failed
/// and dead ones (within the channel filter).
pub fn list(
    conn: &mut DbConn,
    q: &DeliveryQuery,
    limit: i64,
) -> Result<(Vec<OutboxRow>, [i64; 3]), DbError> {
    let mut query = outbox::table.into_boxed();
    if let Some(s) = q.state.as_deref() {
        query = match parse_state(s) {
            Some(Some(state)) => query.filter(outbox::state.eq(state.as_str())),
            _ => query
                .filter(outbox::state.eq(DeliveryState::Pending.as_str()))
                .filter(outbox::attempts.gt(0)),
        };
    }
    if let Some(c) = &q.channel {
        query = query.filter(outbox::channel_code.eq(c.clone()));
    }
    if let Some(n) = q.report {
        query = query.filter(outbox::report_number.eq(n));
    }
    if let Some(b) = q.before {
        query = query.filter(outbox::id.lt(b));
    }
    let rows = query
        .order(outbox::id.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?;
    let count = |conn: &mut DbConn, state: DeliveryState, failed: bool| -> Result<i64, DbError> {
        let mut c = outbox::table
            .filter(outbox::state.eq(state.as_str()))
            .into_boxed();
        if failed {
            c = c.filter(outbox::attempts.gt(0));
        }
        if let Some(ch) = &q.channel {
            c = c.filter(outbox::channel_code.eq(ch.clone()));
        }
        Ok(c.count().get_result(conn)?)
    };
    let counts = [
        count(conn, DeliveryState::Pending, false)?,
        count(conn, DeliveryState::Pending, true)?,
        count(conn, DeliveryState::Dead, false)?,
    ];
    Ok((rows, counts))
}

/// What a retry found.
#[derive(Debug, Clone)]
pub enum Retried {
    /// Back in line, due now.
    Queued(OutboxRow),
    /// Delivered already, or being sent right now: left alone.
    Busy(OutboxRow),
    Missing,
}

/// Puts a dead, skipped or waiting delivery back in line, due now; one
/// already delivered or being sent is left alone.
pub fn retry(conn: &mut DbConn, id: i64, now: DateTime<Utc>) -> Result<Retried, DbError> {
    let none: Option<NaiveDateTime> = None;
    let at = to_db(now);
    let changed = diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::state.ne(DeliveryState::Delivered.as_str()))
            .filter(
                outbox::locked_until
                    .is_null()
                    .or(outbox::locked_until.lt(at)),
            ),
    )
    .set((
        outbox::state.eq(DeliveryState::Pending.as_str()),
        outbox::next_attempt_at.eq(to_db(now)),
        outbox::locked_until.eq(none),
    ))
    .execute(conn)?;
    let row = outbox::table
        .filter(outbox::id.eq(id))
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()?;
    Ok(match row {
        None => Retried::Missing,
        Some(r) if changed == 1 => Retried::Queued(r),
        Some(r) => Retried::Busy(r),
    })
}

/// Forgets deliveries finished (delivered or skipped) before `before`;
/// pending and dead ones stay until they are settled. Returns how many.
pub fn prune(conn: &mut DbConn, before: DateTime<Utc>) -> Result<usize, DbError> {
    let before = to_db(before);
    let delivered = diesel::delete(
        outbox::table
            .filter(outbox::state.eq(DeliveryState::Delivered.as_str()))
            .filter(outbox::delivered_at.lt(before)),
    )
    .execute(conn)?;
    let skipped = diesel::delete(
        outbox::table
            .filter(outbox::state.eq(DeliveryState::Skipped.as_str()))
            .filter(outbox::created_at.lt(before)),
    )
    .execute(conn)?;
    Ok(delivered + skipped)
}

/// A channel's webhook.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = channel_webhooks)]
pub struct WebhookRow {
    pub channel_code: String,
    pub url: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub rotated_at: Option<NaiveDateTime>,
    pub active: bool,
    pub updated_at: NaiveDateTime,
}

/// The webhook of one channel.
pub fn webhook(conn: &mut DbConn, channel: &str) -> Result<Option<WebhookRow>, DbError> {
    Ok(channel_webhooks::table
        .find(channel)
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every channel's webhook.
pub fn webhooks(conn: &mut DbConn) -> Result<Vec<WebhookRow>, DbError> {
    Ok(channel_webhooks::table
        .select(WebhookRow::as_select())
        .load(conn)?)
}

/// Sets a channel's webhook address; a new webhook gets `new_secret`.
/// Returns whether it was new.
pub fn save_webhook(
    conn: &mut DbConn,
    channel: &str,
    url: &str,
    active: bool,
    new_secret: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let now = to_db(now);
    let changed = diesel::update(channel_webhooks::table.find(channel))
        .set((
            channel_webhooks::url.eq(url),
            channel_webhooks::active.eq(active),
            channel_webhooks::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed == 1 {
        return Ok(false);
    }
    diesel::insert_into(channel_webhooks::table)
        .values((
            channel_webhooks::channel_code.eq(channel),
            channel_webhooks::url.eq(url),
            channel_webhooks::secret.eq(new_secret),
            channel_webhooks::active.eq(active),
            channel_webhooks::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Replaces a webhook's secret; the old one keeps signing for a while.
/// One statement, so two rotations at once never lose a secret handed out.
/// Returns whether the channel has a webhook.
pub fn rotate_secret(
    conn: &mut DbConn,
    channel: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let now = to_db(now);
    let changed = diesel::update(channel_webhooks::table.find(channel))
        .set((
            channel_webhooks::previous_secret.eq(channel_webhooks::secret.nullable()),
            channel_webhooks::secret.eq(secret),
            channel_webhooks::rotated_at.eq(Some(now)),
            channel_webhooks::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Seals every webhook secret that is stored plain or under a retiring key
/// with the current key, each row in its own guarded update (a secret
/// rotated meanwhile is left to its rotation). Returns how many were sealed
/// and the channels whose secrets do not open.
pub fn reseal(conn: &mut DbConn, sealer: &Sealer) -> Result<(usize, Vec<String>), DbError> {
    let mut sealed = 0;
    let mut unopened = Vec::new();
    for hook in webhooks(conn)? {
        let code = hook.channel_code.as_str();
        let current = match sealer.open(code, &hook.secret) {
            Ok(opened) => opened,
            Err(_) => {
                unopened.push(hook.channel_code.clone());
                continue;
            }
        };
        let previous = match hook
            .previous_secret
            .as_deref()
            .map(|p| sealer.open(code, p))
        {
            None => None,
            Some(Ok(opened)) => Some(opened),
            Some(Err(_)) => {
                unopened.push(hook.channel_code.clone());
                continue;
            }
        };
        let stale = current.1 || previous.as_ref().is_some_and(|p| p.1);
        if !stale {
            continue;
        }
        sealed += diesel::update(
            channel_webhooks::table
                .find(code)
                .filter(channel_webhooks::secret.eq(&hook.secret)),
        )
        .set((
            channel_webhooks::secret.eq(sealer.seal(code, &current.0)),
            channel_webhooks::previous_secret.eq(previous.map(|p| sealer.seal(code, &p.0))),
        ))
        .execute(conn)?;
    }
    Ok((sealed, unopened))
}

/// Removes a channel's webhook; returns whether there was one.
pub fn delete_webhook(conn: &mut DbConn, channel: &str) -> Result<bool, DbError> {
    Ok(diesel::delete(channel_webhooks::table.find(channel)).execute(conn)? == 1)
}

/// Active API keys per channel.
pub fn active_keys(conn: &mut DbConn) -> Result<HashMap<String, i64>, DbError> {
    let rows: Vec<(String, i64)> = api_keys::table
        .filter(api_keys::revoked_at.is_null())
        .group_by(api_keys::channel_code)
        .select((api_keys::channel_code, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
