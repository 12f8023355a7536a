//! Staff notices outside the app: the text of each notice a staff member
//! gets by e-mail or text message (a warning, a new report, a coordination
//! request, a review or duplicate request, the digest), written when it is
//! sent, in Indonesian, with the link to the report.

use crate::db::outbox::StaffPayload;
use crate::db::time::from_db;
use crate::state::AppState;
use crm_domain::api::NotificationKind;
use crm_domain::notice::StaffNotice;

fn target_words(target: &str) -> &'static str {
    match target {
        "response" => "respons pertama",
        "no_action" => "tindakan (tanpa tindakan terlalu lama)",
        _ => "penyelesaian",
    }
}

/// The notice of `payload`; an error when what it refers to is gone.
pub async fn compose(st: &AppState, payload: &StaffPayload) -> Result<StaffNotice, String> {
    let (kind, number, warning_id, unit_code) = match payload {
        StaffPayload::Ready { subject, text } => {
            return Ok(StaffNotice {
                subject: subject.clone(),
                text: text.clone(),
            })
        }
        StaffPayload::Report {
            kind,
            report_number,
            warning_id,
            unit_code,
        } => (kind, *report_number, *warning_id, unit_code.clone()),
    };
    let link = format!(
        "{}/laporan/{number}",
        st.delivery.public_url.trim_end_matches('/')
    );
    let unit = st
        .refdata
        .unit_name(unit_code.as_deref())
        .unwrap_or_else(|| "triase Ruang Monitoring".to_string());
    let (subject, text) = match NotificationKind::parse(kind) {
        NotificationKind::Warning => {
            let Some(id) = warning_id else {
                return Err("a warning notice without its warning".into());
            };
            let found = st
                .db
                .read(move |conn| crate::db::monitor::warning(conn, id))
                .await
                .map_err(|e| e.to_string())?;
            let Some((target, standing, due)) = found else {
                return Err(format!("warning {id} is gone"));
            };
            let how = if standing == "past" {
                "melewati"
            } else {
                "hampir melewati"
            };
            let due = crm_domain::time::to_wib(from_db(due)).format("%d-%m-%Y %H:%M");
            (
                format!("Peringatan: laporan #{number} {how} target"),
                format!(
                    "Laporan #{number} ({unit}) {how} target {} (batas {due} WIB). {link}",
                    target_words(&target)
                ),
            )
        }
        NotificationKind::NewReport => (
            format!("Laporan baru #{number}"),
            format!("Laporan baru #{number} masuk ke {unit}. {link}"),
        ),
        NotificationKind::Coordination => (
            format!("Permintaan koordinasi: laporan #{number}"),
            format!("{unit} diminta berkoordinasi pada laporan #{number}. {link}"),
        ),
        NotificationKind::Review => (
            format!("Laporan #{number} perlu ditinjau"),
            format!(
                "Pelapor menyatakan laporan #{number} ({unit}) belum beres; mohon ditinjau. {link}"
            ),
        ),
        NotificationKind::DuplicateRequest => (
            format!("Permintaan tutup duplikat: laporan #{number}"),
            format!("{unit} meminta laporan #{number} ditutup sebagai duplikat. {link}"),
        ),
    };
    Ok(StaffNotice { subject, text })
}
