//! What public statistics may show: counts of areas only where an area has
//! enough reports that none can be singled out.

/// Whether an area's count may be shown: at least `min` reports (3 by
/// default, an administrator's setting).
pub fn may_show(count: u64, min: u32) -> bool {
    count >= u64::from(min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_under_three_reports_are_hidden() {
        assert!(!may_show(0, 3));
        assert!(!may_show(2, 3));
        assert!(may_show(3, 3));
    }
}
