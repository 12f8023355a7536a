//! Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` under the
//! channel's secret, sent as `X-CRM-Signature: t=<unix>,v1=<hex>[,v1=<hex>]`
//! (a second `v1` during a secret rotation), and their check with a replay
//! window, as a receiver does it.

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-CRM-Signature";
/// The event id header (also in the body), for de-duplication.
pub const EVENT_ID_HEADER: &str = "X-CRM-Event-Id";
/// The event type header.
pub const EVENT_TYPE_HEADER: &str = "X-CRM-Event-Type";
/// How far a signature's timestamp may be from the receiver's clock.
pub const REPLAY_WINDOW_SECS: i64 = 300;
/// How long a replaced secret still signs.
pub const ROTATION_GRACE_HOURS: i64 = 24;

/// A new random signing secret.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m
}

/// The hex signature of `body` at `timestamp` under `secret`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    hex::encode(mac(secret, timestamp, body).finalize().into_bytes())
}

/// The header value signing `body` with each of `secrets`.
pub fn header(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let mut h = format!("t={timestamp}");
    for s in secrets {
        h.push_str(",v1=");
        h.push_str(&sign(s, timestamp, body));
    }
    h
}

/// Why a delivery's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the signature header is malformed")]
    Malformed,
    #[error("the timestamp is outside the replay window")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

/// Checks a signature header against `body` as a receiver does: the
/// timestamp within the replay window of `now`, and one `v1` matching
/// (compared in constant time).
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64) -> Result<(), VerifyError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", s)) => signatures.push(hex::decode(s).map_err(|_| VerifyError::Malformed)?),
            _ => {}
        }
    }
    let t = timestamp.ok_or(VerifyError::Malformed)?;
    if signatures.is_empty() {
        return Err(VerifyError::Malformed);
    }
    if (now - t).abs() > REPLAY_WINDOW_SECS {
        return Err(VerifyError::Stale);
    }
    if signatures
        .iter()
        .any(|s| mac(secret, t, body).verify_slice(s).is_ok())
    {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_body_verifies_and_a_changed_one_does_not() {
        let secret = new_secret();
        assert!(secret.starts_with("whsec_") && secret.len() > 40);
        let body = br#"{"event_id":"e1"}"#;
        let h = header(&[&secret], 1_700_000_000, body);
        assert_eq!(verify(&secret, &h, body, 1_700_000_100), Ok(()));
        assert_eq!(
            verify(&secret, &h, br#"{"event_id":"e2"}"#, 1_700_000_100),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            verify("whsec_other", &h, body, 1_700_000_100),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            verify(&secret, &h, body, 1_700_000_000 + REPLAY_WINDOW_SECS + 1),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify(&secret, "v1=zz", body, 0),
            Err(VerifyError::Malformed)
        );
        assert_eq!(verify(&secret, "t=1", body, 1), Err(VerifyError::Malformed));
    }

    #[test]
    fn during_a_rotation_either_secret_verifies() {
        let body = b"{}";
        let h = header(&["new", "old"], 10, body);
        assert_eq!(verify("new", &h, body, 10), Ok(()));
        assert_eq!(verify("old", &h, body, 10), Ok(()));
        assert_eq!(verify("other", &h, body, 10), Err(VerifyError::Mismatch));
    }

    #[test]
    fn the_signature_is_plain_hmac_sha256_of_timestamp_dot_body() {
        // Known answer from `printf '1.{}' | openssl dgst -sha256 -hmac key`.
        assert_eq!(
            sign("key", 1, b"{}"),
            "1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"
        );
    }
}
