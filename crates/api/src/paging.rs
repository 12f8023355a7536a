//! How paged lists are asked for: the size of a page, and cursors opaque to
//! clients (URL-safe base64 of the list's tag and the place its next page
//! starts), read back only by the list that gave them out.

use crate::error::ApiError;
use base64::Engine;

/// The size of a page: `asked`, or `default` when not given; outside 1 to
/// `max` it is a 422 naming the `limit` field.
pub fn limit(asked: Option<u32>, default: u32, max: u32) -> Result<u32, ApiError> {
    let n = asked.unwrap_or(default);
    if (1..=max).contains(&n) {
        Ok(n)
    } else {
        Err(ApiError::field(
            "limit",
            format!("must be between 1 and {max}"),
        ))
    }
}

/// The cursor of the page that starts after `place` in the list `tag`.
pub fn encode(tag: &str, place: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{tag}:{place}"))
}

/// The place a cursor of the list `tag` names, read by `parse`; a cursor
/// this list did not give out is a 422 naming the `cursor` field.
pub fn decode<T>(
    tag: &str,
    cursor: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|raw| String::from_utf8(raw).ok())
        .and_then(|text| text.strip_prefix(tag)?.strip_prefix(':').and_then(parse))
        .ok_or_else(|| ApiError::field("cursor", "not a cursor this list gave out"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_only_in_its_own_list() {
        let c = encode("n", "42");
        assert_eq!(decode("n", &c, |s| s.parse::<i64>().ok()).ok(), Some(42));
        assert!(decode("o", &c, |s| s.parse::<i64>().ok()).is_err());
        assert!(decode("n", "not-base64!", |s| s.parse::<i64>().ok()).is_err());
        assert!(decode("n", &encode("n", "x"), |s| s.parse::<i64>().ok()).is_err());
    }
}
