//! The delivery worker: claims due events from the outbox under a lease,
//! sends each to its channel's webhook (JSON signed with HMAC-SHA256), as
//! an e-mail or as a text message through the SMS gateway, and records the outcome: delivered, retried after an
//! exponential backoff, or dead after the last attempt. It wakes when an
//! event is written and otherwise polls, so events written by another
//! server, or left by a crash, are picked up too: at least once, in order
//! per report.

use crate::config::DeliveryArgs;
use crate::db::outbox::{self, Attempt, OutboxRow, WebhookRow};
use crate::db::time::from_db;
use crate::db::DbError;
use crate::sealed::{SealError, Sealer};
use crate::state::AppState;
use crate::webhook;
use chrono::{DateTime, Duration as Span, Utc};
use crm_domain::api::{DeliveryTarget, EventType, WebhookEvent};
use crm_domain::notice;
use futures_util::StreamExt;
use std::time::Duration;
use tracing::Instrument;

/// How often the worker looks for due events when nothing woke it.
const POLL: Duration = Duration::from_millis(500);
/// Deliveries claimed, and in flight, at once (each a different report).
const BATCH: i64 = 16;
const BATCH_USIZE: usize = 16;
/// How often settled deliveries past their retention are forgotten.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
/// How long after an attempt's own time limit its claim still holds.
const LEASE_MARGIN: Duration = Duration::from_secs(10);
/// The longest wait between attempts.
const MAX_BACKOFF_MS: u64 = 3_600_000;

/// The wait after `failed` failed attempts: the base, doubled each time,
/// at most an hour.
pub fn backoff(base_ms: u64, failed: i32) -> Duration {
    let exp = u32::try_from(failed.clamp(1, 30) - 1).unwrap_or(0);
    let ms = base_ms.saturating_mul(1u64 << exp.min(40));
    Duration::from_millis(ms.min(MAX_BACKOFF_MS))
}

/// Starts the worker. When the server begins stopping it claims nothing
/// more, and the task ends once the deliveries in flight are recorded.
pub fn spawn(st: AppState) -> actix_web::rt::task::JoinHandle<()> {
    actix_web::rt::spawn(async move {
        let client = match client(&st.delivery) {
            Ok(c) => c,
            Err(e) => {
                log::error!("delivery: cannot build the HTTP client: {e}");
                return;
            }
        };
        let mut pruned_at = std::time::Instant::now() - PRUNE_EVERY;
        while !st.shutdown.draining() {
            if pruned_at.elapsed() >= PRUNE_EVERY {
                pruned_at = std::time::Instant::now();
                let before = Utc::now() - Span::days(i64::from(st.delivery.outbox_retention_days));
                match st.db.write(move |conn| outbox::prune(conn, before)).await {
                    Ok(n) if n > 0 => log::info!("delivery: forgot {n} settled deliveries"),
                    Ok(_) => {}
                    Err(e) => log::warn!("delivery: pruning failed: {e}"),
                }
            }
            let started = std::time::Instant::now();
            let done = run_once(&st, &client, Utc::now()).await;
            crate::meters::job("delivery", started.elapsed(), done.is_ok());
            match done {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => log::warn!("delivery: {e}"),
            }
            tokio::select! {
                _ = st.outbox_wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = st.shutdown.begun() => {}
            }
        }
    })
}

/// The HTTP client for webhooks.
pub fn client(cfg: &DeliveryArgs) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(cfg.webhook_timeout.max(1)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("crm-webhook/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Claims and sends the events due at `now`; returns how many it handled.
/// Every claimed event is in flight at once and each outcome is recorded as
/// soon as its attempt ends, well inside the claim's lease.
pub async fn run_once(
    st: &AppState,
    client: &reqwest::Client,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let cfg = st.delivery.clone();
    let timeout = Duration::from_secs(cfg.webhook_timeout.max(1));
    // The lease outlives the longest attempt and its record, so only a dead
    // worker's claims expire.
    let lease = now + Span::from_std(timeout + LEASE_MARGIN).unwrap_or_else(|_| Span::minutes(1));
    let claimed = st
        .db
        .write(move |conn| outbox::claim(conn, now, lease, BATCH))
        .await?;
    let n = claimed.len();
    if n == 0 {
        return Ok(0);
    }
    let hooks: Vec<WebhookRow> = st.db.read(outbox::webhooks).await?;
    let results: Vec<Result<(), DbError>> = futures_util::stream::iter(claimed)
        .map(|row| {
            let (hooks, cfg, sealer) = (&hooks, &cfg, &st.sealer);
            // Each attempt's lines carry the id of the request that wrote
            // the event.
            let span = tracing::info_span!(
                "delivery",
                request_id = row.request_id.as_deref().unwrap_or_default(),
                event_id = %row.event_id,
                target = %row.target,
                attempt = row.attempts + 1,
            );
            async move {
                let attempt =
                    tokio::time::timeout(timeout, attempt(st, cfg, client, sealer, hooks, &row))
                        .await
                        .unwrap_or_else(|_| failed(cfg, &row, "no answer in time".into(), false));
                crate::meters::delivery(&row.channel_code, attempt.outcome());
                match &attempt {
                    Attempt::Delivered => tracing::info!(delivery = row.id, "delivered"),
                    Attempt::Retry { error, .. } => {
                        tracing::info!(delivery = row.id, %error, "failed; will retry");
                    }
                    Attempt::Dead { error } => {
                        tracing::warn!(delivery = row.id, %error, "failed; dead");
                    }
                    Attempt::Skipped { reason } => {
                        tracing::info!(delivery = row.id, %reason, "skipped");
                    }
                }
                let id = row.id;
                st.db
                    .write(move |conn| {
                        outbox::finish(conn, id, lease, &attempt, Utc::now()).map(|_| ())
                    })
                    .await
            }
            .instrument(span)
        })
        .buffer_unordered(BATCH_USIZE)
        .collect()
        .await;
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(n)
}

/// A failed attempt: retried later, or dead after the last attempt (or at
/// once when it can never succeed).
fn failed(cfg: &DeliveryArgs, row: &OutboxRow, error: String, permanent: bool) -> Attempt {
    if permanent || row.attempts + 1 >= cfg.webhook_max_attempts {
        Attempt::Dead { error }
    } else {
        Attempt::Retry {
            error,
            at: Utc::now()
                + Span::from_std(backoff(cfg.webhook_backoff_ms, row.attempts + 1))
                    .unwrap_or_else(|_| Span::hours(1)),
        }
    }
}

/// Why a send failed, and whether trying again could help.
struct Failure {
    error: String,
    permanent: bool,
}

impl Failure {
    fn again(error: String) -> Self {
        Failure {
            error,
            permanent: false,
        }
    }
    fn never(error: String) -> Self {
        Failure {
            error,
            permanent: true,
        }
    }
}

/// What an e-mail or a text message says.
async fn message(
    st: &AppState,
    cfg: &DeliveryArgs,
    row: &OutboxRow,
) -> Result<(notice::Email, String), Failure> {
    if row.kind == EventType::StaffNotice.as_str() {
        let payload: outbox::StaffPayload = serde_json::from_str(&row.payload)
            .map_err(|e| Failure::never(format!("unreadable notice: {e}")))?;
        let n = crate::outreach::compose(st, &payload)
            .await
            .map_err(Failure::never)?;
        return Ok((n.email(), n.sms()));
    }
    let event: WebhookEvent = serde_json::from_str(&row.payload)
        .map_err(|e| Failure::never(format!("unreadable event: {e}")))?;
    Ok((
        notice::email(&event, &cfg.public_url),
        notice::sms(&event, &cfg.public_url),
    ))
}

/// Sends one delivery and says what became of it.
async fn attempt(
    st: &AppState,
    cfg: &DeliveryArgs,
    client: &reqwest::Client,
    sealer: &Sealer,
    hooks: &[WebhookRow],
    row: &OutboxRow,
) -> Attempt {
    let sent = match row.target() {
        DeliveryTarget::Webhook => {
            let Some(hook) = hooks
                .iter()
                .find(|h| h.channel_code == row.channel_code && h.active)
            else {
                return Attempt::Skipped {
                    reason: format!("channel `{}` has no active webhook", row.channel_code),
                };
            };
            send_webhook(client, sealer, hook, row, cfg.webhook_allow_private).await
        }
        DeliveryTarget::Email => match (&cfg.smtp_url, &row.recipient) {
            (Some(url), Some(to)) => match message(st, cfg, row).await {
                Ok((mail, _)) => send_email(cfg, url, to, mail).await,
                Err(f) => Err(f),
            },
            _ => {
                return Attempt::Skipped {
                    reason: "e-mail is not configured".into(),
                }
            }
        },
        DeliveryTarget::Sms => match (&cfg.sms.sms_url, &row.recipient) {
            (Some(_), Some(to)) => match message(st, cfg, row).await {
                Ok((_, text)) => send_sms(client, cfg, to, &text).await,
                Err(f) => Err(f),
            },
            _ => {
                return Attempt::Skipped {
                    reason: "the SMS gateway is not configured".into(),
                }
            }
        },
    };
    match sent {
        Ok(()) => Attempt::Delivered,
        Err(f) => failed(cfg, row, f.error, f.permanent),
    }
}

/// The secrets that sign now, opened: the current one, and the previous
/// one for a while after a rotation.
fn secrets(
    sealer: &Sealer,
    hook: &WebhookRow,
    now: DateTime<Utc>,
) -> Result<Vec<String>, SealError> {
    let mut s = vec![sealer.reveal(&hook.channel_code, &hook.secret)?];
    if let (Some(prev), Some(at)) = (&hook.previous_secret, hook.rotated_at) {
        if now - from_db(at) < Span::hours(webhook::ROTATION_GRACE_HOURS) {
            s.push(sealer.reveal(&hook.channel_code, prev)?);
        }
    }
    Ok(s)
}

async fn send_webhook(
    client: &reqwest::Client,
    sealer: &Sealer,
    hook: &WebhookRow,
    row: &OutboxRow,
    allow_private: bool,
) -> Result<(), Failure> {
    let now = Utc::now();
    // The host may have been pointed inward since the webhook was saved.
    crate::outbound::check(&hook.url, allow_private)
        .await
        .map_err(Failure::never)?;
    let body = row.payload.as_bytes();
    let secrets = secrets(sealer, hook, now)
        .map_err(|e| Failure::again(format!("the signing secret: {e}")))?;
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let signature = webhook::signatures(&secrets, &row.event_id, now.timestamp(), body);
    let resp = client
        .post(&hook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(webhook::ID_HEADER, &row.event_id)
        .header(webhook::TIMESTAMP_HEADER, now.timestamp().to_string())
        .header(webhook::SIGNATURE_HEADER, signature)
        .header(webhook::EVENT_TYPE_HEADER, &row.kind)
        .body(row.payload.clone())
        .send()
        .await
        .map_err(|e| {
            Failure::again(if e.is_timeout() {
                "no answer in time".to_string()
            } else if e.is_connect() {
                "could not connect".to_string()
            } else {
                // Never the address: it may carry a token.
                format!("request failed: {}", e.without_url())
            })
        })?;
    let status = resp.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(Failure::again(format!("HTTP {}", status.as_u16())))
    }
}

/// Sends a text message through the gateway: a 2xx answer is delivered,
/// a 4xx other than 408 and 429 can never succeed, anything else is tried
/// again.
async fn send_sms(
    client: &reqwest::Client,
    cfg: &DeliveryArgs,
    to: &str,
    text: &str,
) -> Result<(), Failure> {
    let req = match crate::sms::request(&cfg.sms, to, text) {
        Ok(Some(r)) => r,
        Ok(None) => return Err(Failure::never("the SMS gateway is not configured".into())),
        Err(e) => return Err(Failure::never(e)),
    };
    let mut b = client.request(req.method, &req.url);
    if let Some(ct) = &req.content_type {
        b = b.header(reqwest::header::CONTENT_TYPE, ct);
    }
    if let Some((name, value)) = &req.auth {
        b = b.header(name.as_str(), value.as_str());
    }
    if let Some(body) = req.body {
        b = b.body(body);
    }
    let resp = b.send().await.map_err(|e| {
        Failure::again(if e.is_timeout() {
            "the SMS gateway did not answer in time".to_string()
        } else {
            // Never the address: it may carry a key.
            format!("SMS gateway: {}", e.without_url())
        })
    })?;
    let status = resp.status();
    if status.is_success() {
        Ok(())
    } else if status.is_client_error() && status.as_u16() != 408 && status.as_u16() != 429 {
        Err(Failure::never(format!(
            "SMS gateway: HTTP {}",
            status.as_u16()
        )))
    } else {
        Err(Failure::again(format!(
            "SMS gateway: HTTP {}",
            status.as_u16()
        )))
    }
}

async fn send_email(
    cfg: &DeliveryArgs,
    url: &str,
    to: &str,
    mail: notice::Email,
) -> Result<(), Failure> {
    use lettre::message::{header::ContentType, Mailbox};
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let from: Mailbox = cfg
        .smtp_from
        .parse()
        .map_err(|e| Failure::never(format!("bad sender address: {e}")))?;
    let to: Mailbox = to
        .parse()
        .map_err(|e| Failure::never(format!("bad address: {e}")))?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body)
        .map_err(|e| Failure::never(format!("cannot build the e-mail: {e}")))?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|e| Failure::never(format!("bad SMTP address: {e}")))?
        .timeout(Some(Duration::from_secs(cfg.webhook_timeout.max(1))))
        .build();
    transport.send(message).await.map(|_| ()).map_err(|e| {
        let error = format!("SMTP: {e}");
        if e.is_permanent() {
            Failure::never(error)
        } else {
            Failure::again(error)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_an_hour() {
        assert_eq!(backoff(5000, 1), Duration::from_secs(5));
        assert_eq!(backoff(5000, 2), Duration::from_secs(10));
        assert_eq!(backoff(5000, 5), Duration::from_secs(80));
        assert_eq!(backoff(5000, 20), Duration::from_secs(3600));
        assert_eq!(backoff(5000, 1000), Duration::from_secs(3600));
    }
}
