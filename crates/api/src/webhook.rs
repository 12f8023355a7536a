//! Webhook signatures as the Standard Webhooks specification defines them
//! (<https://www.standardwebhooks.com>), so any of its published libraries
//! verifies a delivery: headers `webhook-id` (the event id, the same on every
//! retry), `webhook-timestamp` (unix seconds) and `webhook-signature`
//! (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, a second one
//! space separated during a secret rotation). The key is the secret's bytes:
//! `whsec_` followed by their base64. [`verify`] is the receiver's check.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The event id header, the same on every retry (for de-duplication).
pub const ID_HEADER: &str = "webhook-id";
/// The signing moment, unix seconds.
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
/// The signatures.
pub const SIGNATURE_HEADER: &str = "webhook-signature";
/// The event type header (ours; also in the body).
pub const EVENT_TYPE_HEADER: &str = "X-CRM-Event-Type";
/// How far a signature's timestamp may be from the receiver's clock.
pub const REPLAY_WINDOW_SECS: i64 = 300;
/// How long a replaced secret still signs.
pub const ROTATION_GRACE_HOURS: i64 = 24;
const PREFIX: &str = "whsec_";

/// A new random signing secret: `whsec_` and the base64 of 32 random bytes.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{PREFIX}{}", STANDARD.encode(bytes))
}

/// The key bytes of a secret. Secrets made before signatures followed the
/// specification were URL-safe base64 without padding; they still decode.
fn key(secret: &str) -> Vec<u8> {
    let encoded = secret.strip_prefix(PREFIX).unwrap_or(secret);
    STANDARD
        .decode(encoded)
        .or_else(|_| URL_SAFE_NO_PAD.decode(encoded))
        .unwrap_or_else(|_| secret.as_bytes().to_vec())
}

fn mac(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&key(secret))
        .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
    m.update(id.as_bytes());
    m.update(b".");
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m
}

/// One signature, `v1,<base64>`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "v1,{}",
        STANDARD.encode(mac(secret, id, timestamp, body).finalize().into_bytes())
    )
}

/// The `webhook-signature` value signing with each of `secrets`.
pub fn signatures(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|s| sign(s, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a delivery's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the signature headers are malformed")]
    Malformed,
    #[error("the timestamp is outside the replay window")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

/// Checks a delivery's headers against `body` as a receiver does: the
/// timestamp within the replay window of `now`, and one `v1` signature
/// matching (compared in constant time).
pub fn verify(
    secret: &str,
    id: &str,
    timestamp: &str,
    signature: &str,
    body: &[u8],
    now: i64,
) -> Result<(), VerifyError> {
    let t: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| VerifyError::Malformed)?;
    let given: Vec<Vec<u8>> = signature
        .split(' ')
        .filter_map(|s| s.split_once(','))
        .filter(|(v, _)| *v == "v1")
        .map(|(_, s)| STANDARD.decode(s).map_err(|_| VerifyError::Malformed))
        .collect::<Result<_, _>>()?;
    if given.is_empty() {
        return Err(VerifyError::Malformed);
    }
    if (now - t).abs() > REPLAY_WINDOW_SECS {
        return Err(VerifyError::Stale);
    }
    if given
        .iter()
        .any(|s| mac(secret, id, t, body).verify_slice(s).is_ok())
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
        assert!(secret.starts_with("whsec_") && secret.len() == 6 + 44);
        let body = br#"{"event_id":"e1"}"#;
        let sig = signatures(&[&secret], "e1", 1_700_000_000, body);
        let check = |secret: &str, id: &str, body: &[u8], now: i64| {
            verify(secret, id, "1700000000", &sig, body, now)
        };
        assert_eq!(check(&secret, "e1", body, 1_700_000_100), Ok(()));
        assert_eq!(
            check(&secret, "e1", br#"{"event_id":"e2"}"#, 1_700_000_100),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(&secret, "e2", body, 1_700_000_100),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(&new_secret(), "e1", body, 1_700_000_100),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(&secret, "e1", body, 1_700_000_000 + REPLAY_WINDOW_SECS + 1),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify(&secret, "e1", "x", &sig, body, 0),
            Err(VerifyError::Malformed)
        );
        assert_eq!(
            verify(&secret, "e1", "1", "v1,***", body, 1),
            Err(VerifyError::Malformed)
        );
        assert_eq!(
            verify(&secret, "e1", "1", "v2,abc", body, 1),
            Err(VerifyError::Malformed)
        );
    }

    #[test]
    fn during_a_rotation_either_secret_verifies() {
        let (new, old, other) = (new_secret(), new_secret(), new_secret());
        let body = b"{}";
        let sig = signatures(&[&new, &old], "m", 10, body);
        assert_eq!(sig.split(' ').count(), 2);
        assert_eq!(verify(&new, "m", "10", &sig, body, 10), Ok(()));
        assert_eq!(verify(&old, "m", "10", &sig, body, 10), Ok(()));
        assert_eq!(
            verify(&other, "m", "10", &sig, body, 10),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn the_specification_example_signs_the_same() {
        // The example of the Standard Webhooks specification.
        assert_eq!(
            sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                br#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn secrets_made_before_still_sign_with_their_bytes() {
        let bytes = [7u8; 32];
        let old = format!("whsec_{}", URL_SAFE_NO_PAD.encode(bytes));
        let new = format!("whsec_{}", STANDARD.encode(bytes));
        assert_eq!(sign(&old, "a", 1, b"{}"), sign(&new, "a", 1, b"{}"));
    }
}
