//! Tracking codes: the secret a reporter gets with their report (in the
//! filing answer, the channel's webhook events and e-mails) that opens its
//! full public view and its feedback form. Twelve symbols from an alphabet
//! without look-alikes (no 0/O, 1/I), about 60 random bits; typed back in
//! any case, with spaces or dashes.

use rand::RngCore;

/// The symbols of a code: 32 of them, so a random byte picks one evenly.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// The symbols in a code.
pub const LENGTH: usize = 12;

/// A new random code.
pub fn new_code() -> String {
    let mut bytes = [0u8; LENGTH];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
        .collect()
}

/// The public tracking page of a report; with its code, the reporter's
/// link, which opens the full view and the feedback form.
pub fn path(number: i64, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("/lacak/{number}?kode={code}"),
        None => format!("/lacak/{number}"),
    }
}

/// A code as typed, in the stored form: upper case, separators dropped.
pub fn normalise(given: &str) -> String {
    given
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether `given` is the report's code (compared in constant time).
pub fn matches(stored: Option<&str>, given: Option<&str>) -> bool {
    let (Some(stored), Some(given)) = (stored, given) else {
        return false;
    };
    let given = normalise(given);
    stored.len() == given.len()
        && stored
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_random_and_unambiguous() {
        let a = new_code();
        assert_eq!(a.len(), LENGTH);
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)));
        assert!(!a.contains(['0', 'O', '1', 'I']));
        let many: std::collections::HashSet<String> = (0..1000).map(|_| new_code()).collect();
        assert_eq!(many.len(), 1000);
    }

    #[test]
    fn a_code_matches_as_typed_and_nothing_else_does() {
        assert!(matches(Some("ABCD2345WXYZ"), Some("abcd-2345-wxyz")));
        assert!(matches(Some("ABCD2345WXYZ"), Some(" ABCD 2345 WXYZ ")));
        assert!(!matches(Some("ABCD2345WXYZ"), Some("ABCD2345WXY")));
        assert!(!matches(Some("ABCD2345WXYZ"), Some("ABCD2345WXYA")));
        assert!(!matches(Some("ABCD2345WXYZ"), None));
        assert!(!matches(None, Some("")));
        assert!(!matches(Some("ABCD2345WXYZ"), Some("")));
    }
}
