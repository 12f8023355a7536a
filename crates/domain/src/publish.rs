//! What public statistics may show: counts of areas only where an area has
//! enough reports that none can be singled out.

/// An area with fewer reports than this is not shown on the public map.
pub const MIN_AREA_REPORTS: u64 = 3;

/// Whether an area's count may be shown.
pub fn may_show(count: u64) -> bool {
    count >= MIN_AREA_REPORTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_under_three_reports_are_hidden() {
        assert!(!may_show(0));
        assert!(!may_show(2));
        assert!(may_show(3));
    }
}
