//! Argon2id password hashes (PHC strings with their own salt and parameters).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Hashes a password for storage.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// A generated temporary password: 12 symbols of the tracking-code
/// alphabet (no look-alikes) in groups of four, about 60 random bits.
pub fn temporary() -> String {
    let code = crate::tracking::new_code();
    let (a, rest) = code.split_at(4);
    let (b, c) = rest.split_at(4);
    format!("{a}-{b}-{c}")
}

/// Hashes a generated password. Its 60 random bits cannot be guessed from
/// the hash however fast the hash is, so a light argon2 setting (1 MiB, one
/// pass) is enough, and importing thousands of officers takes seconds, not
/// minutes. [`verify`] reads the setting from the stored hash.
pub fn hash_generated(password: &str) -> Result<String, String> {
    let params = argon2::Params::new(1024, 1, 1, None).map_err(|e| e.to_string())?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches a stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password: compared against when the user does not
/// exist, so that a wrong username takes as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that matches nothing").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_verify_and_pass_the_rules() {
        let p = temporary();
        assert_eq!(p.len(), 14);
        assert!(crm_domain::account::check_password("someone", &p).is_ok());
        let h = hash_generated(&p).expect("hashes");
        assert!(verify(&p, &h));
        assert!(!verify("something else", &h));
        assert_ne!(temporary(), temporary());
    }

    #[test]
    fn verifies_only_the_right_password() {
        let h = hash("rahasia-123").expect("hashes");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("rahasia-123", &h));
        assert!(!verify("rahasia-124", &h));
        assert!(!verify("rahasia-123", "not a hash"));
    }
}
