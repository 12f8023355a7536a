//! Secrets sealed at rest: webhook signing secrets are stored encrypted
//! (ChaCha20-Poly1305, a fresh random nonce each time, the channel code as
//! associated data so a sealed value copied to another row does not open).
//!
//! The key comes from the environment: `CRM_SECRETS_KEY`, or, when it is not
//! set, `CRM_JWT_SECRET` (both through HKDF-SHA256 with this module's label).
//! `CRM_SECRETS_KEY_PREVIOUS` opens values sealed under a key being retired;
//! at start every value is sealed again under the current key. Values stored
//! before sealing existed (no prefix) are read as they are and sealed at
//! start.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use sha2::Sha256;

/// The prefix of a sealed value (the version names the cipher and layout).
const PREFIX: &str = "sealed:v1:";
/// The HKDF label: a key given for another use yields a different key here.
const LABEL: &[u8] = b"crm sealed secrets v1";
const NONCE_LEN: usize = 12;

/// Why a stored value did not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the sealed value is damaged")]
    Damaged,
    #[error("the sealed value does not open with the configured key (was CRM_SECRETS_KEY changed without CRM_SECRETS_KEY_PREVIOUS?)")]
    WrongKey,
}

/// Seals and opens stored secrets.
#[derive(Clone)]
pub struct Sealer {
    current: ChaCha20Poly1305,
    previous: Option<ChaCha20Poly1305>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

fn cipher(material: &[u8]) -> ChaCha20Poly1305 {
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit of 8,160: it cannot fail.
    let _ = Hkdf::<Sha256>::new(None, material).expand(LABEL, &mut key);
    ChaCha20Poly1305::new(&Key::from(key))
}

impl Sealer {
    /// A sealer whose key is derived from `material` (any length; the
    /// configuration insists on at least 32 bytes), opening also what was
    /// sealed under `previous`.
    pub fn new(material: &[u8], previous: Option<&[u8]>) -> Self {
        Sealer {
            current: cipher(material),
            previous: previous.map(cipher),
        }
    }

    /// Seals `plain` for the row named `row`.
    pub fn seal(&self, row: &str, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: row.as_bytes(),
        };
        // Encryption into a Vec fails only for messages beyond 256 GiB.
        let sealed = self
            .current
            .encrypt(&Nonce::from(nonce), payload)
            .unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        format!("{PREFIX}{}", STANDARD.encode(bytes))
    }

    /// Whether `stored` is sealed (otherwise it predates sealing).
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(PREFIX)
    }

    /// Opens a stored value of row `row`; a value without the prefix is one
    /// stored before sealing and is returned as it is. The second part says
    /// whether it should be sealed again (plain, or under the previous key).
    pub fn open(&self, row: &str, stored: &str) -> Result<(String, bool), SealError> {
        let Some(encoded) = stored.strip_prefix(PREFIX) else {
            return Ok((stored.to_string(), true));
        };
        let bytes = STANDARD.decode(encoded).map_err(|_| SealError::Damaged)?;
        if bytes.len() < NONCE_LEN + 16 {
            return Err(SealError::Damaged);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| SealError::Damaged)?;
        let attempt = |c: &ChaCha20Poly1305| {
            c.decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: row.as_bytes(),
                },
            )
            .ok()
        };
        let (plain, stale) = match attempt(&self.current) {
            Some(p) => (p, false),
            None => match self.previous.as_ref().and_then(attempt) {
                Some(p) => (p, true),
                None => return Err(SealError::WrongKey),
            },
        };
        String::from_utf8(plain)
            .map(|p| (p, stale))
            .map_err(|_| SealError::Damaged)
    }

    /// Opens a stored value, for use where only the plain text matters.
    pub fn reveal(&self, row: &str, stored: &str) -> Result<String, SealError> {
        self.open(row, stored).map(|(p, _)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a-key-of-at-least-thirty-two-bytes!!";

    #[test]
    fn a_sealed_secret_opens_only_for_its_row_under_its_key() {
        let s = Sealer::new(KEY, None);
        let sealed = s.seal("jaki", "whsec_abc");
        assert!(Sealer::is_sealed(&sealed));
        assert!(!sealed.contains("whsec_abc"));
        assert_eq!(s.open("jaki", &sealed), Ok(("whsec_abc".into(), false)));
        // The same secret seals differently each time (fresh nonce).
        assert_ne!(sealed, s.seal("jaki", "whsec_abc"));
        // Copied to another channel's row, it does not open.
        assert_eq!(s.open("qlue", &sealed), Err(SealError::WrongKey));
        // Another key does not open it.
        let other = Sealer::new(b"another-key-of-thirty-two-bytes-or-more", None);
        assert_eq!(other.open("jaki", &sealed), Err(SealError::WrongKey));
    }

    #[test]
    fn a_tampered_or_truncated_value_is_refused() {
        let s = Sealer::new(KEY, None);
        let sealed = s.seal("jaki", "whsec_abc");
        let mut bytes = STANDARD.decode(&sealed[PREFIX.len()..]).expect("base64");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let tampered = format!("{PREFIX}{}", STANDARD.encode(&bytes));
        assert_eq!(s.open("jaki", &tampered), Err(SealError::WrongKey));
        assert_eq!(s.open("jaki", "sealed:v1:AAAA"), Err(SealError::Damaged));
        assert_eq!(s.open("jaki", "sealed:v1:***"), Err(SealError::Damaged));
    }

    #[test]
    fn a_retired_key_still_opens_and_asks_for_sealing_again() {
        let old = Sealer::new(b"the-old-key-of-thirty-two-bytes-or-more", None);
        let sealed = old.seal("jaki", "whsec_abc");
        let new = Sealer::new(KEY, Some(b"the-old-key-of-thirty-two-bytes-or-more"));
        assert_eq!(new.open("jaki", &sealed), Ok(("whsec_abc".into(), true)));
        let without = Sealer::new(KEY, None);
        assert_eq!(without.open("jaki", &sealed), Err(SealError::WrongKey));
    }

    #[test]
    fn a_value_stored_before_sealing_reads_as_it_is() {
        let s = Sealer::new(KEY, None);
        assert_eq!(s.open("jaki", "whsec_old"), Ok(("whsec_old".into(), true)));
    }
}
