//! What the reporter is told, through the channel the report came from: the
//! one rule deciding which history entries become events for the channel
//! (and an e-mail or a text message, where the reporter gave an address or
//! a mobile number); and the texts of staff notices sent outside the app.

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

/// A contact as an Indonesian mobile number in international form
/// (`+628…`), when it is one: `08…`, `628…` or `+628…`, with spaces,
/// dashes, dots and brackets ignored, 10 to 15 digits in all.
pub fn phone_of(contact: Option<&str>) -> Option<String> {
    let c = contact?.trim();
    if c.is_empty()
        || !c
            .chars()
            .all(|ch| ch.is_ascii_digit() || " -.()+".contains(ch))
        || c.matches('+').count() > 1
        || (c.contains('+') && !c.starts_with('+'))
    {
        return None;
    }
    let digits: String = c.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        if c.starts_with('+') {
            return None;
        }
        rest.to_string()
    } else {
        return None;
    };
    let all = national.len() + 2;
    (national.starts_with('8') && (10..=15).contains(&all)).then(|| format!("+62{national}"))
}

/// The reporter's tracking link under `public_url`.
fn tracking_url(event: &crate::api::WebhookEvent, public_url: &str) -> String {
    format!(
        "{}{}",
        public_url.trim_end_matches('/'),
        event.tracking_path
    )
}

/// Cuts a text to `max` characters, ending it with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The text message of `event` for its reporter: short Indonesian, the new
/// status, the unit, the start of a public note and the tracking link.
pub fn sms(event: &crate::api::WebhookEvent, public_url: &str) -> String {
    let mut text = format!(
        "CRM Jakarta: laporan #{} {}",
        event.report_number, event.status_label
    );
    if let Some(unit) = &event.unit_name {
        text.push_str(&format!(" ({unit})"));
    }
    text.push('.');
    if let Some(note) = &event.note {
        text.push_str(&format!(" \"{}\"", cut(note.trim(), 70)));
    }
    if let Some(at) = event.estimate_at {
        text.push_str(&format!(
            " Perkiraan selesai {}.",
            crate::time::to_wib(at).format("%d-%m-%Y")
        ));
    }
    text.push_str(&format!(" Lacak: {}", tracking_url(event, public_url)));
    text
}

/// A notice to a staff member outside the app: what it is about, in
/// Indonesian, with the link to the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StaffNotice {
    pub subject: String,
    pub text: String,
}

impl StaffNotice {
    /// The notice as an e-mail.
    pub fn email(&self) -> Email {
        Email {
            subject: self.subject.clone(),
            body: format!("{}\n", self.text),
        }
    }

    /// The notice as a text message.
    pub fn sms(&self) -> String {
        format!("CRM Jakarta: {}", self.text)
    }
}

/// The e-mail that tells a reporter of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub body: String,
}

/// The e-mail of `event` for its reporter: the new status, the unit, the
/// public note, the completion estimate (a WIB date) and the tracking link
/// under `public_url`.
pub fn email(event: &crate::api::WebhookEvent, public_url: &str) -> Email {
    let mut body = format!(
        "Laporan Anda #{} kini berstatus {}.\n",
        event.report_number, event.status_label
    );
    if let Some(unit) = &event.unit_name {
        body.push_str(&format!("Ditangani oleh: {unit}\n"));
    }
    if let Some(note) = &event.note {
        body.push_str(&format!("\n{note}\n"));
    }
    if let Some(at) = event.estimate_at {
        body.push_str(&format!(
            "\nPerkiraan selesai: {}\n",
            crate::time::to_wib(at).format("%d-%m-%Y")
        ));
    }
    body.push_str(&format!(
        "\nLacak laporan: {}\n",
        tracking_url(event, public_url)
    ));
    Email {
        subject: format!("Laporan #{}: {}", event.report_number, event.status_label),
        body,
    }
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

    #[test]
    fn the_reporter_email_names_status_unit_note_estimate_and_link() {
        use chrono::TimeZone;
        let event = crate::api::WebhookEvent {
            event_id: "e1".into(),
            kind: crate::api::EventType::StatusChanged,
            occurred_at: chrono::Utc
                .with_ymd_and_hms(2026, 11, 23, 7, 36, 0)
                .single()
                .expect("t"),
            channel: "email".into(),
            report_number: 1044857,
            channel_ref: None,
            sequence: 2,
            status: ReportStatus::Proses,
            status_label: "Proses".into(),
            note: Some("Segera ditindaklanjuti".into()),
            unit_name: Some("Gambir".into()),
            // 20:00 UTC is already the next day in WIB.
            estimate_at: chrono::Utc
                .with_ymd_and_hms(2026, 11, 30, 20, 0, 0)
                .single(),
            tracking_path: "/lacak/1044857?kode=K7M2QX9PDF4H".into(),
            tracking_code: Some("K7M2QX9PDF4H".into()),
        };
        let mail = email(&event, "https://crm.example/");
        assert_eq!(mail.subject, "Laporan #1044857: Proses");
        assert!(mail
            .body
            .starts_with("Laporan Anda #1044857 kini berstatus Proses.\n"));
        assert!(mail.body.contains("Ditangani oleh: Gambir\n"));
        assert!(mail.body.contains("\nSegera ditindaklanjuti\n"));
        assert!(mail.body.contains("Perkiraan selesai: 01-12-2026"));
        assert!(mail
            .body
            .ends_with("Lacak laporan: https://crm.example/lacak/1044857?kode=K7M2QX9PDF4H\n"));
    }
}
