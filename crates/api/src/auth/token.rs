//! Short-lived access tokens: JWT, HS256 only (the algorithm is pinned when
//! decoding), signed with the configured secret (at least 32 bytes), issued
//! by this server for its staff (`iss` and `aud` are checked, so a token
//! minted for another service under a shared secret is refused).
//!
//! A token's signature and claims are checked once: the claims of the
//! tokens checked lately are kept under the whole token's text, so a
//! request with the same token finds them without decoding it again (a
//! fifteenth of a report read's time). Expiry is checked on every use, a
//! token that differs by a byte is decoded and refused as before, and what
//! follows the account (its session generation) is the caller's check each
//! time.

use crm_domain::Role;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

/// Who issues the tokens.
pub const ISSUER: &str = "crm-jakarta";
/// Whom they are for.
pub const AUDIENCE: &str = "crm-staff";
/// Whom live-stream tickets are for (never accepted as an access token).
pub const TICKET_AUDIENCE: &str = "crm-events";
/// The shortest signing secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;
/// How late a token's expiry may be against this server's clock, in seconds.
const LEEWAY_SECS: i64 = 30;
/// How many checked tokens are kept (all are forgotten when full): about
/// 2 MB, more than the staff signed in at once.
const CHECKED_CAP: usize = 4096;

/// What a token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Username.
    pub usr: String,
    /// Full name, for history entries.
    pub name: String,
    pub role: Role,
    /// The user's unit, if any.
    pub unit: Option<String>,
    /// [`ISSUER`].
    pub iss: String,
    /// [`AUDIENCE`].
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    /// The account's session generation when the token was issued.
    #[serde(default)]
    pub ver: i64,
    /// A ticket's id (tickets are used once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// A ticket's stream ends when the access token it came from expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<i64>,
    /// Signed in with a temporary password: only the account's own
    /// endpoints answer until it is changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pwc: bool,
}

/// Signs and checks tokens.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    tickets: Validation,
    /// The claims of tokens checked lately, under each token's text.
    checked: Mutex<HashMap<Box<str>, Claims>>,
    /// Lifetime of a token in seconds.
    pub ttl_secs: i64,
}

impl TokenKeys {
    /// Keys from a secret.
    pub fn new(secret: &[u8], ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS as u64;
        validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        let mut tickets = validation.clone();
        tickets.leeway = 0;
        tickets.set_audience(&[TICKET_AUDIENCE]);
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            tickets,
            checked: Mutex::new(HashMap::new()),
            ttl_secs,
        }
    }

    /// A signed token for these claims.
    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// The claims of a valid, unexpired token.
    pub fn check(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        if let Some(claims) = self.checked_before(token, chrono::Utc::now().timestamp()) {
            return Ok(claims);
        }
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)?.claims;
        if let Ok(mut checked) = self.checked.lock() {
            if checked.len() >= CHECKED_CAP {
                checked.clear();
            }
            checked.insert(token.into(), claims.clone());
        }
        Ok(claims)
    }

    /// The claims of `token` if it was checked before and has not expired
    /// at `now` (seconds); an expired one is decoded again, and refused.
    fn checked_before(&self, token: &str, now: i64) -> Option<Claims> {
        let checked = self.checked.lock().ok()?;
        checked
            .get(token)
            .filter(|c| c.exp >= now - LEEWAY_SECS)
            .cloned()
    }

    /// The claims of a valid, unexpired live-stream ticket.
    pub fn check_ticket(&self, ticket: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        decode::<Claims>(ticket, &self.decoding, &self.tickets).map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "7".into(),
            usr: "petugas".into(),
            name: "Petugas".into(),
            role: Role::Officer,
            unit: Some("31.71.01.1001".into()),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: 0,
            exp,
            ver: 0,
            jti: None,
            until: None,
            pwc: false,
        }
    }

    #[test]
    fn a_token_for_another_service_or_issuer_is_refused() {
        let keys = TokenKeys::new(b"a-secret-shared-with-another-service", 3600);
        let later = chrono::Utc::now().timestamp() + 600;
        let mut elsewhere = claims(later);
        elsewhere.aud = "reporting-dashboard".into();
        let t = keys.sign(&elsewhere).expect("signs");
        assert!(keys.check(&t).is_err(), "another audience");
        let mut foreign = claims(later);
        foreign.iss = "someone-else".into();
        let t = keys.sign(&foreign).expect("signs");
        assert!(keys.check(&t).is_err(), "another issuer");
    }

    #[test]
    fn accepts_its_own_tokens_and_refuses_others() {
        let keys = TokenKeys::new(b"secret-one", 3600);
        let later = chrono::Utc::now().timestamp() + 600;
        let t = keys.sign(&claims(later)).expect("signs");
        assert_eq!(keys.check(&t).expect("valid"), claims(later));
        let other = TokenKeys::new(b"secret-two", 3600);
        assert!(other.check(&t).is_err());
        let expired = keys.sign(&claims(1000)).expect("signs");
        assert!(keys.check(&expired).is_err());
        assert!(keys.check("not.a.token").is_err());
    }

    #[test]
    fn a_token_checked_before_is_refused_once_expired_and_a_changed_one_never_passes() {
        let keys = TokenKeys::new(b"secret-one", 3600);
        let now = chrono::Utc::now().timestamp();
        let t = keys.sign(&claims(now + 600)).expect("signs");
        assert_eq!(keys.check(&t).expect("valid"), claims(now + 600));
        // Kept, and found again while it lasts (leeway included) ...
        assert!(keys.checked_before(&t, now + 600 + LEEWAY_SECS).is_some());
        // ... and not once it has expired.
        assert!(keys.checked_before(&t, now + 601 + LEEWAY_SECS).is_none());
        // The same claims under another signature, or a byte changed
        // anywhere, is not the token that was checked.
        let (unsigned, signature) = t.rsplit_once('.').expect("three parts");
        let flipped = if signature.starts_with('A') { 'B' } else { 'A' };
        let forged = format!("{unsigned}.{flipped}{}", &signature[1..]);
        assert!(keys.check(&forged).is_err());
        let other = TokenKeys::new(b"secret-two", 3600);
        let theirs = other.sign(&claims(now + 600)).expect("signs");
        assert!(keys.check(&theirs).is_err());
        // The kept tokens stay bounded.
        for i in 0..CHECKED_CAP + 10 {
            let mut c = claims(now + 600);
            c.sub = i.to_string();
            keys.check(&keys.sign(&c).expect("signs")).expect("valid");
        }
        assert!(keys.checked.lock().expect("not poisoned").len() <= CHECKED_CAP);
    }

    #[test]
    fn refuses_unsigned_tokens() {
        let keys = TokenKeys::new(b"secret-one", 3600);
        // header {"alg":"none","typ":"JWT"}
        let forged = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIn0.";
        assert!(keys.check(forged).is_err());
    }
}
