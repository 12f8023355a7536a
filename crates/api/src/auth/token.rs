//! Short-lived access tokens: JWT, HS256 only (the algorithm is pinned when
//! decoding), signed with the configured secret.

use crm_domain::Role;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

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
    pub iat: i64,
    pub exp: i64,
}

/// Signs and checks tokens.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// Lifetime of a token in seconds.
    pub ttl_secs: i64,
}

impl TokenKeys {
    /// Keys from a secret.
    pub fn new(secret: &[u8], ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 30;
        validation.set_required_spec_claims(&["exp", "sub"]);
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl_secs,
        }
    }

    /// A signed token for these claims.
    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// The claims of a valid, unexpired token.
    pub fn check(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        decode::<Claims>(token, &self.decoding, &self.validation).map(|d| d.claims)
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
            iat: 0,
            exp,
        }
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
    fn refuses_unsigned_tokens() {
        let keys = TokenKeys::new(b"secret-one", 3600);
        // header {"alg":"none","typ":"JWT"}
        let forged = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIn0.";
        assert!(keys.check(forged).is_err());
    }
}
