//! What the reporter is told, through the channel the report came from: the
//! one rule deciding which history entries become events for the channel
//! (and an e-mail, where the reporter gave an address).

use crate::api::EventType;
use crate::lifecycle::ActionKind;
use crate::ReportStatus;

/// The event an entry makes for the reporter, if any: every change of the
/// status the public sees (its note is sent only when public) and every
/// public note. Other internal entries, assignments and the reporter's own
/// rating tell the reporter nothing new.
pub fn event_for(
    kind: ActionKind,
    public: bool,
    has_note: bool,
    before: Option<ReportStatus>,
    after: ReportStatus,
) -> Option<EventType> {
    match kind {
        ActionKind::Arrive => return Some(EventType::ReportReceived),
        ActionKind::Rate | ActionKind::Assign => return None,
        _ => {}
    }
    if before != Some(after) {
        Some(EventType::StatusChanged)
    } else if !public {
        None
    } else if kind == ActionKind::SetEstimate {
        Some(EventType::EstimateSet)
    } else if has_note {
        Some(EventType::PublicNote)
    } else {
        None
    }
}

/// Whether a reporter's contact is an e-mail address worth writing to.
pub fn email_of(contact: Option<&str>) -> Option<&str> {
    let c = contact?.trim();
    let (local, domain) = c.split_once('@')?;
    let plausible = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !c
            .chars()
            .any(|ch| ch.is_whitespace() || ch == ',' || ch == ';')
        && c.matches('@').count() == 1;
    plausible.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus::*;

    #[test]
    fn status_changes_and_public_notes_are_told_internal_ones_not() {
        assert_eq!(
            event_for(ActionKind::Arrive, true, true, None, Menunggu),
            Some(EventType::ReportReceived)
        );
        assert_eq!(
            event_for(ActionKind::TakeUp, true, false, Some(Menunggu), Proses),
            Some(EventType::StatusChanged)
        );
        // Awaiting verification stays Proses in public: a note, not a change.
        assert_eq!(
            event_for(ActionKind::Complete, true, true, Some(Proses), Proses),
            Some(EventType::PublicNote)
        );
        assert_eq!(
            event_for(ActionKind::Comment, true, true, Some(Proses), Proses),
            Some(EventType::PublicNote)
        );
        assert_eq!(
            event_for(ActionKind::Comment, false, true, Some(Proses), Proses),
            None
        );
        assert_eq!(
            event_for(ActionKind::SetEstimate, true, true, Some(Proses), Proses),
            Some(EventType::EstimateSet)
        );
        assert_eq!(
            event_for(ActionKind::Rate, true, true, Some(Selesai), Selesai),
            None
        );
        assert_eq!(
            event_for(ActionKind::Assign, true, false, Some(Proses), Proses),
            None
        );
        // A status change is told even when its note is internal.
        assert_eq!(
            event_for(ActionKind::Dispose, false, true, Some(Proses), Disposisi),
            Some(EventType::StatusChanged)
        );
    }

    #[test]
    fn only_plain_email_addresses_get_mail() {
        assert_eq!(
            email_of(Some(" warga@example.id ")),
            Some("warga@example.id")
        );
        for bad in [
            "08111272206",
            "a@b",
            "@x.id",
            "a@@x.id",
            "a@x.id,b@y.id",
            "a b@x.id",
        ] {
            assert_eq!(email_of(Some(bad)), None, "{bad}");
        }
        assert_eq!(email_of(None), None);
    }
}
