//! The web app's own words for what the server says: every coded message
//! (a problem's `code`, a refused action's `reason_code`, an invalid
//! field's `code`) in Bahasa Indonesia and English, the names of the fields
//! the forms send, and the names of statuses, roles and unit levels in both
//! languages. The catalogue matches every [`Message`], so a new code does
//! not build without its words; a test walks them all.

use crate::i18n::Lang;
use crm_domain::api::{FieldError, Problem};
use crm_domain::lifecycle::ActionKind;
use crm_domain::message::Message;
use crm_domain::{ReportStatus, Role, UnitLevel};

fn pick(lang: Lang, id: String, en: String) -> String {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// What an action does, as the end of a sentence ("… may take the report up").
fn doing(lang: Lang, a: ActionKind) -> &'static str {
    let (id, en) = match a {
        ActionKind::Arrive => ("menerima laporan", "receive the report"),
        ActionKind::TakeUp => ("memproses laporan", "take the report up"),
        ActionKind::Dispose => ("meneruskan (disposisi) laporan", "hand the report on"),
        ActionKind::Coordinate => ("memulai koordinasi", "start a coordination"),
        ActionKind::Release => ("mengakhiri koordinasi", "end a coordination"),
        ActionKind::FollowUp => ("menambah tindak lanjut", "add a follow-up"),
        ActionKind::Complete => ("menyelesaikan laporan", "complete the report"),
        ActionKind::Approve => ("menyetujui penyelesaian", "approve a completion"),
        ActionKind::Reject => ("menolak penyelesaian", "reject a completion"),
        ActionKind::SetEstimate => (
            "menetapkan estimasi penyelesaian",
            "set a completion estimate",
        ),
        ActionKind::Reopen => ("membuka kembali laporan", "reopen the report"),
        ActionKind::Comment => ("memberi komentar", "comment"),
        ActionKind::Rate => ("menilai laporan", "rate the report"),
        ActionKind::Assign => ("menugaskan petugas", "assign an officer"),
        ActionKind::Close => (
            "menutup laporan tanpa pengerjaan",
            "close the report without work",
        ),
        ActionKind::Correct => (
            "mengoreksi kategori atau kelurahan",
            "correct the category or kelurahan",
        ),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The words for `m` in `lang`. Messages about one field are phrases to
/// follow the field's name ("wajib diisi"); the others are sentences.
pub fn say(lang: Lang, m: &Message) -> String {
    use Message::*;
    let s = |id: &str, en: &str| pick(lang, id.to_string(), en.to_string());
    match m {
        BadRequest => s("Permintaan tidak dapat dibaca.", "The request could not be read."),
        Invalid => s("Ada isian yang belum benar.", "Some fields are not right."),
        Unauthorized | SignInFirst => s("Silakan masuk terlebih dahulu.", "Please sign in first."),
        Forbidden => s(
            "Anda tidak berwenang melakukan ini.",
            "You are not allowed to do this.",
        ),
        PasswordChangeRequired => s(
            "Ganti kata sandi sementara Anda terlebih dahulu.",
            "Change your temporary password first.",
        ),
        NotFound => s("Data yang dicari tidak ditemukan.", "What you asked for was not found."),
        MethodNotAllowed => s("Tindakan ini tidak tersedia di sini.", "This is not available here."),
        Conflict => s(
            "Bertentangan dengan data yang sudah ada.",
            "This conflicts with data already stored.",
        ),
        PayloadTooLarge => s("Kiriman terlalu besar.", "The upload is too large."),
        RequestTimeout => s(
            "Pengiriman terlalu lama; coba lagi.",
            "The upload took too long; try again.",
        ),
        UnsupportedMediaType => s(
            "Jenis berkas ini tidak diterima.",
            "This kind of file is not accepted.",
        ),
        TooManyRequests { retry_after } => pick(
            lang,
            format!("Terlalu banyak percobaan; coba lagi dalam {retry_after} detik."),
            format!("Too many attempts; try again in {retry_after} s."),
        ),
        Busy { retry_after } => pick(
            lang,
            format!("Server sedang sibuk; coba lagi dalam {retry_after} detik."),
            format!("The server is busy; try again in {retry_after} s."),
        ),
        Unavailable => s(
            "Layanan sedang tidak tersedia; coba lagi nanti.",
            "The service is unavailable; try again later.",
        ),
        Internal => s(
            "Terjadi kesalahan di server; kejadian ini sudah dicatat.",
            "Something went wrong on the server; it has been logged.",
        ),
        SignInFailed => s("Nama pengguna atau kata sandi salah.", "Wrong username or password."),
        SessionExpired => s(
            "Sesi Anda telah berakhir; silakan masuk lagi.",
            "Your session has ended; please sign in again.",
        ),
        AccountGone => s(
            "Akun ini sudah tidak ada atau dinonaktifkan.",
            "This account no longer exists or is disabled.",
        ),
        AccountWithoutUnit => s(
            "Akun Anda tidak terdaftar pada unit mana pun.",
            "Your account belongs to no unit.",
        ),
        ReportNotFound { number } => pick(
            lang,
            format!("Laporan #{number} tidak ditemukan."),
            format!("Report #{number} was not found."),
        ),
        ReportOutOfScope { number } => pick(
            lang,
            format!("Laporan #{number} dipegang unit di luar wilayah Anda."),
            format!("Report #{number} is held by a unit outside your area."),
        ),
        UnitOutOfScope { unit } => pick(
            lang,
            format!("Unit {unit} berada di luar wilayah Anda."),
            format!("Unit {unit} lies outside your area."),
        ),
        CannotFile => s(
            "Peran Anda tidak dapat membuat laporan.",
            "Your role cannot file reports.",
        ),
        ReportChanged => s(
            "Laporan ini baru saja diubah orang lain; muat ulang lalu coba lagi.",
            "Someone else just changed this report; reload it and try again.",
        ),
        HolderOnly { action } => pick(
            lang,
            format!(
                "Hanya petugas atau kepala unit pemegang laporan yang dapat {}.",
                doing(lang, *action)
            ),
            format!(
                "Only an officer or head of the unit holding the report may {}.",
                doing(lang, *action)
            ),
        ),
        WorkersOnly => s(
            "Hanya petugas unit pemegang atau unit koordinasi yang dapat menambah tindak lanjut.",
            "Only officers of the holding or a coordinating unit may add follow-ups.",
        ),
        VerifierOnly { action } => pick(
            lang,
            format!("Hanya verifikator yang dapat {}.", doing(lang, *action)),
            format!("Only a verifier may {}.", doing(lang, *action)),
        ),
        MonitoringOnly { action } => pick(
            lang,
            format!(
                "Hanya Ruang Monitoring yang dapat {}; ajukan dari halaman laporan.",
                doing(lang, *action)
            ),
            format!(
                "Only the Monitoring Room may {}; ask for it from the report page.",
                doing(lang, *action)
            ),
        ),
        ReopenNotAllowed => s(
            "Hanya Ruang Monitoring atau verifikator yang dapat membuka kembali laporan.",
            "Only the Monitoring Room or a verifier may reopen a report.",
        ),
        HandoverLimit { count } => pick(
            lang,
            format!(
                "Laporan sudah diteruskan {count} kali; kini hanya Ruang Monitoring yang dapat memindahkannya."
            ),
            format!(
                "The report was handed on {count} times; only the Monitoring Room can move it now."
            ),
        ),
        StaffOnly => s("Komentar ditulis oleh petugas.", "Comments are written by staff."),
        ReporterOnly => s(
            "Hanya pelapor yang dapat menilai laporan.",
            "Only the reporter rates a report.",
        ),
        ReportDone { action } => pick(
            lang,
            format!("Laporan sudah selesai; tidak dapat {} lagi.", doing(lang, *action)),
            format!("The report is done; no one may {} now.", doing(lang, *action)),
        ),
        AwaitingVerification { action } => pick(
            lang,
            format!(
                "Laporan sedang menunggu verifikasi; belum dapat {}.",
                doing(lang, *action)
            ),
            format!(
                "The report awaits verification; no one may {} until then.",
                doing(lang, *action)
            ),
        ),
        NotWaiting { status } => pick(
            lang,
            format!(
                "Hanya laporan berstatus Menunggu yang dapat diproses; laporan ini berstatus {}.",
                status_name(lang, *status)
            ),
            format!(
                "Only a waiting report can be taken up; this one is {}.",
                status_name(lang, *status)
            ),
        ),
        NotInWork { action } => pick(
            lang,
            format!(
                "Proses laporan ini terlebih dahulu, baru dapat {}.",
                doing(lang, *action)
            ),
            format!("Take the report up first, then {}.", doing(lang, *action)),
        ),
        EvidenceRequired => s(
            "Penyelesaian memerlukan setidaknya satu foto bukti.",
            "Completing needs at least one photo as evidence.",
        ),
        NotAwaitingVerification => s(
            "Laporan ini tidak sedang menunggu verifikasi.",
            "This report is not awaiting verification.",
        ),
        EstimateAlreadySet => s(
            "Estimasi penyelesaian sudah ditetapkan; hanya dapat ditetapkan sekali.",
            "A completion estimate was already set; it can be set only once.",
        ),
        NotDone { action } => pick(
            lang,
            format!("Laporan belum selesai; belum dapat {}.", doing(lang, *action)),
            format!(
                "The report is not done yet; no one may {} before it is.",
                doing(lang, *action)
            ),
        ),
        AlreadyRated => s("Laporan ini sudah dinilai.", "This report was already rated."),
        NoCoordination => s(
            "Tidak ada unit yang berkoordinasi pada laporan ini.",
            "No unit coordinates on this report.",
        ),
        FieldInvalid => s("tidak valid", "is not valid"),
        Required => s("wajib diisi", "is required"),
        TooLong { max } => pick(
            lang,
            format!("paling banyak {max} karakter"),
            format!("must be at most {max} characters"),
        ),
        OutOfRange { min, max } => pick(
            lang,
            format!("harus antara {min} dan {max}"),
            format!("must be between {min} and {max}"),
        ),
        UnknownUnit { unit } => pick(
            lang,
            format!("unit {unit} tidak dikenal"),
            format!("there is no unit {unit}"),
        ),
        AlreadyHeld => s(
            "laporan sudah dipegang unit ini",
            "the report is already held by this unit",
        ),
        CoordinateWithSelf => s(
            "unit pemegang tidak dapat berkoordinasi dengan dirinya sendiri",
            "the holding unit cannot coordinate with itself",
        ),
        AlreadyCoordinating => s(
            "semua unit yang dipilih sudah berkoordinasi pada laporan ini",
            "every unit chosen already coordinates on this report",
        ),
        NotCoordinating => s(
            "unit itu tidak berkoordinasi pada laporan ini",
            "that unit does not coordinate on this report",
        ),
        EstimateInPast => s("harus di masa depan", "must lie in the future"),
        EstimateTooFar { days } => pick(
            lang,
            format!("paling lama {days} hari ke depan"),
            format!("must lie within {days} days"),
        ),
        OfficerNotAtHolder => s(
            "petugas harus bekerja di unit pemegang laporan",
            "the officer must work at the holding unit",
        ),
        DuplicateOfRequired => s(
            "sebutkan nomor laporan yang diulang",
            "name the report this one repeats",
        ),
        DuplicateOfSelf => s(
            "laporan tidak dapat menjadi duplikat dirinya sendiri",
            "a report cannot repeat itself",
        ),
        DuplicateOfUnexpected => s(
            "hanya laporan yang ditutup sebagai duplikat yang menyebut laporan lain",
            "only a report closed as a duplicate names another",
        ),
        NotAnImage => s(
            "bukan gambar JPEG, PNG atau WebP",
            "is not a JPEG, PNG or WebP image",
        ),
        PhotoTooLarge { max_mb } => pick(
            lang,
            format!("Ada foto yang lebih besar dari {max_mb} MB."),
            format!("A photo is larger than {max_mb} MB."),
        ),
        NotAnEmail => s("bukan alamat e-mail", "is not an e-mail address"),
        NotAMobileNumber => s(
            "bukan nomor HP Indonesia (08…, 628… atau +628…)",
            "is not an Indonesian mobile number (08…, 628… or +628…)",
        ),
        UnitInactive { unit } => pick(
            lang,
            format!("unit {unit} sudah dinonaktifkan"),
            format!("unit {unit} is deactivated"),
        ),
        StaffRoleOnly => s(
            "akun petugas berperan administrator, Ruang Monitoring, petugas, kepala unit atau verifikator",
            "staff accounts are administrators, Monitoring Room, officers, unit heads or verifiers",
        ),
        RoleBelongsTo { role, unit } => pick(
            lang,
            format!("akun {} hanya di unit {unit}", role_name(lang, *role)),
            format!("{} accounts belong to unit {unit} only", role_name(lang, *role)),
        ),
        PasswordTooShort { min } => pick(
            lang,
            format!("paling sedikit {min} karakter"),
            format!("must be at least {min} characters long"),
        ),
        PasswordIsUsername => s(
            "tidak boleh sama dengan nama pengguna",
            "must not be the username",
        ),
        PasswordOneCharacter => s(
            "tidak boleh berupa satu karakter yang diulang",
            "must not repeat one character",
        ),
        PasswordCommon => s(
            "terlalu umum; pilih kata sandi lain",
            "is too common; choose another",
        ),
        PasswordUnchanged => s(
            "harus berbeda dari kata sandi sekarang",
            "must differ from the current password",
        ),
        WrongCurrentPassword => s("bukan kata sandi akun ini", "is not this account's password"),
        ColumnEmpty { column } => pick(
            lang,
            format!("kolom \"{column}\" kosong"),
            format!("column \"{column}\" is empty"),
        ),
        ColumnMissing { column } => pick(
            lang,
            format!("kolom wajib \"{column}\" tidak ada"),
            format!("the required column \"{column}\" is missing"),
        ),
        UnknownValue { column, value } => pick(
            lang,
            format!("kolom \"{column}\": {value} tidak dikenal"),
            format!("column \"{column}\": {value} is not known"),
        ),
        AmbiguousValue {
            column,
            value,
            count,
        } => pick(
            lang,
            format!("kolom \"{column}\": {value} cocok dengan {count} unit; tulis kodenya"),
            format!("column \"{column}\": {value} names {count} units; write the code"),
        ),
        BadTime { column, value } => pick(
            lang,
            format!("kolom \"{column}\": {value} bukan waktu (RFC 3339 atau B/T/TTTT J:MM)"),
            format!("column \"{column}\": {value} is not a time (RFC 3339 or M/D/YYYY H:MM)"),
        ),
        InFuture { column } => pick(
            lang,
            format!("kolom \"{column}\" berada di masa depan"),
            format!("column \"{column}\" lies in the future"),
        ),
        CompleteRequired => s(
            "laporan berstatus selesai memerlukan waktu selesai (kolom \"complete\")",
            "a done report needs its completion time (column \"complete\")",
        ),
        CompleteButNotDone { status } => pick(
            lang,
            format!(
                "ada waktu selesai, padahal statusnya {}",
                status_name(lang, *status)
            ),
            format!(
                "a completion time is given, yet the status is {}",
                status_name(lang, *status)
            ),
        ),
        CompleteBeforeReceived => s(
            "waktu selesai lebih awal dari waktu laporan masuk",
            "the completion lies before the report arrived",
        ),
        NotAPositiveNumber { column, value } => pick(
            lang,
            format!("kolom \"{column}\": {value} bukan bilangan bulat positif"),
            format!("column \"{column}\": {value} is not a positive whole number"),
        ),
        NotACoordinate { column, value } => pick(
            lang,
            format!("kolom \"{column}\": {value} bukan koordinat"),
            format!("column \"{column}\": {value} is not a coordinate"),
        ),
        LatLonTogether => s(
            "lintang dan bujur harus diisi bersama",
            "latitude and longitude come together",
        ),
        ColumnTooLong { column, max } => pick(
            lang,
            format!("kolom \"{column}\" lebih dari {max} karakter"),
            format!("column \"{column}\" is longer than {max} characters"),
        ),
        RowUnreadable => s("baris ini tidak dapat dibaca", "this line cannot be read"),
        RepeatedOnLine {
            column,
            value,
            line,
        } => pick(
            lang,
            format!("kolom \"{column}\": {value} juga ada di baris {line}"),
            format!("column \"{column}\": {value} is also on line {line}"),
        ),
        ReportExists { number } => pick(
            lang,
            format!("laporan #{number} sudah ada"),
            format!("report #{number} already exists"),
        ),
        UsernameTaken { username } => pick(
            lang,
            format!("nama pengguna {username} sudah dipakai (tidak pernah dipakai ulang)"),
            format!("username {username} is taken (usernames are never reused)"),
        ),
        NoRows => s(
            "berkas tidak berisi baris data di bawah judul kolom",
            "the file has no rows under its header",
        ),
        UsernameShape => s(
            "3–64 huruf kecil, angka, titik, tanda hubung atau garis bawah, diawali huruf",
            "3–64 lower-case letters, digits, dots, dashes or underscores, starting with a letter",
        ),
    }
}

/// The name of a field the forms send, as its form calls it.
pub fn field_label(lang: Lang, field: &str) -> String {
    // A line of an imported file: `line 12`, or `line 12.username`.
    if let Some(rest) = field.strip_prefix("line ") {
        let (n, column) = rest.split_once('.').unwrap_or((rest, ""));
        let line = pick(lang, format!("Baris {n}"), format!("Line {n}"));
        return match column {
            "" => line,
            c => format!("{line}, {}", field_label(lang, c)),
        };
    }
    if let Some(i) = field
        .strip_prefix("photo[")
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok())
    {
        return pick(lang, format!("Foto {}", i + 1), format!("Photo {}", i + 1));
    }
    let (id, en) = match field {
        "note" => ("Catatan", "Note"),
        "reason" => ("Alasan", "Reason"),
        "to" => ("Unit tujuan", "Receiving unit"),
        "units" => ("Unit koordinasi", "Coordinating units"),
        "unit" | "unit_code" => ("Unit", "Unit"),
        "until" => ("Estimasi selesai", "Estimated completion"),
        "officer" => ("Petugas", "Officer"),
        "stars" => ("Bintang", "Stars"),
        "comment" | "text" => ("Komentar", "Comment"),
        "duplicate_of" => ("Laporan yang diulang", "Repeated report"),
        "password" | "new_password" => ("Kata sandi baru", "New password"),
        "current_password" => ("Kata sandi sekarang", "Current password"),
        "username" => ("Nama pengguna", "Username"),
        "full_name" => ("Nama lengkap", "Full name"),
        "email" => ("E-mail", "E-mail"),
        "phone" => ("Nomor HP", "Mobile number"),
        "role" => ("Peran", "Role"),
        "name" => ("Nama", "Name"),
        "description" => ("Uraian", "Description"),
        "address" => ("Alamat", "Address"),
        "lat" | "lon" => ("Lokasi", "Location"),
        "category" | "category_code" => ("Kategori", "Category"),
        "kelurahan" | "kelurahan_code" => ("Kelurahan", "Kelurahan"),
        "channel" => ("Kanal", "Channel"),
        "reporter_name" => ("Nama pelapor", "Reporter's name"),
        "reporter_contact" => ("Kontak pelapor", "Reporter's contact"),
        "tags" => ("Tag", "Tags"),
        "period" => ("Periode", "Period"),
        "q" => ("Kata kunci", "Search words"),
        "level" => ("Tingkat", "Level"),
        "parent" | "parent_code" => ("Unit induk", "Parent unit"),
        other => return other.to_string(),
    };
    pick(lang, id.to_string(), en.to_string())
}

/// "Catatan: wajib diisi".
pub fn field_text(lang: Lang, e: &FieldError) -> String {
    let what = match e.said_message() {
        Some(m) => say(lang, &m),
        None => say(lang, &Message::FieldInvalid),
    };
    format!("{}: {what}", field_label(lang, &e.field))
}

/// What to show for a problem: its coded message, each bad field for
/// invalid input, or the words for its status when the code is not one
/// this version knows.
pub fn problem_text(lang: Lang, p: &Problem) -> String {
    let fields: Vec<String> = p
        .errors
        .iter()
        .flatten()
        .map(|e| field_text(lang, e))
        .collect();
    let message = p.said().unwrap_or_else(|| by_status(p.status));
    if fields.is_empty() {
        say(lang, &message)
    } else if message == Message::Invalid {
        format!("{}.", fields.join("; "))
    } else {
        format!("{} {}.", say(lang, &message), fields.join("; "))
    }
}

/// The message of a status, for codes this version does not know.
pub fn by_status(status: u16) -> Message {
    match status {
        401 => Message::Unauthorized,
        403 => Message::Forbidden,
        404 => Message::NotFound,
        405 => Message::MethodNotAllowed,
        408 => Message::RequestTimeout,
        409 => Message::Conflict,
        413 => Message::PayloadTooLarge,
        415 => Message::UnsupportedMediaType,
        422 => Message::Invalid,
        429 => Message::TooManyRequests { retry_after: 60 },
        503 => Message::Unavailable,
        s if s >= 500 => Message::Internal,
        _ => Message::BadRequest,
    }
}

/// The words for the server being out of reach.
pub fn unreachable(lang: Lang) -> String {
    pick(
        lang,
        "Server tidak dapat dihubungi; periksa koneksi Anda lalu coba lagi.".into(),
        "The server cannot be reached; check your connection and try again.".into(),
    )
}

/// A status as people say it: the Indonesian terms of the city, or English.
pub fn status_name(lang: Lang, s: ReportStatus) -> &'static str {
    match lang {
        Lang::Id => s.label(),
        Lang::En => match s {
            ReportStatus::Menunggu => "Waiting",
            ReportStatus::Proses => "In progress",
            ReportStatus::Disposisi => "Handed on",
            ReportStatus::Koordinasi => "In coordination",
            ReportStatus::Selesai => "Done",
        },
    }
}

/// A role as people say it.
pub fn role_name(lang: Lang, r: Role) -> &'static str {
    match lang {
        Lang::Id => r.label(),
        Lang::En => match r {
            Role::Administrator => "Administrator",
            Role::Monitoring => "Monitoring Room",
            Role::Officer => "Officer",
            Role::UnitHead => "Unit head",
            Role::Verifier => "Verifier",
            Role::Reporter => "Reporter",
        },
    }
}

/// A unit level as people say it.
pub fn level_name(lang: Lang, l: UnitLevel) -> &'static str {
    match lang {
        Lang::Id => l.label(),
        Lang::En => match l {
            UnitLevel::Provinsi => "Province",
            UnitLevel::Kota => "City",
            UnitLevel::Kecamatan => "District",
            UnitLevel::Kelurahan => "Urban village",
            UnitLevel::Dinas => "Agency",
            UnitLevel::Sudin => "Agency branch",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// English words that must not appear in the Indonesian catalogue.
    const ENGLISH: [&str; 13] = [
        " the ",
        " only ",
        " report ",
        " may ",
        " must ",
        " not ",
        " is ",
        " be ",
        " with ",
        " first",
        "reload",
        "sign in",
        "try again",
    ];

    #[test]
    fn every_code_has_indonesian_and_english_words() {
        let mut n = 0;
        for m in Message::iter() {
            n += 1;
            let code = m.code();
            let id = say(Lang::Id, &m);
            let en = say(Lang::En, &m);
            assert!(
                !id.trim().is_empty() && !en.trim().is_empty(),
                "{code} is not translated"
            );
            assert_ne!(id, en, "{code}: the Indonesian words are the English ones");
            let padded = format!(" {} ", id.to_lowercase());
            for w in ENGLISH {
                assert!(!padded.contains(w), "{code}: English {w:?} in {id:?}");
            }
            for text in [&id, &en] {
                assert!(
                    !text.contains('`') && !text.contains('{') && !text.contains("_"),
                    "{code}: {text:?} leaks markup or an identifier"
                );
            }
        }
        assert!(n > 60, "walked only {n} codes");
    }

    #[test]
    fn every_action_has_its_words_in_a_refusal() {
        for a in ActionKind::ALL {
            let id = say(Lang::Id, &Message::HolderOnly { action: a });
            assert!(id.ends_with(&format!("{}.", doing(Lang::Id, a))), "{id}");
        }
    }

    #[test]
    fn a_problem_reads_in_the_users_language() {
        let p = |code: &str, params: Option<serde_json::Value>, errors| Problem {
            type_uri: String::new(),
            title: String::new(),
            status: 404,
            detail: "no report with number 7".into(),
            code: code.into(),
            params,
            errors,
            current: None,
            request_id: None,
        };
        let found = p(
            "report_not_found",
            Some(serde_json::json!({"number": 7})),
            None,
        );
        assert_eq!(
            problem_text(Lang::Id, &found),
            "Laporan #7 tidak ditemukan."
        );
        assert_eq!(problem_text(Lang::En, &found), "Report #7 was not found.");
        // A code from a newer server falls back to the words of its status.
        let newer = p("something_new", None, None);
        assert_eq!(
            problem_text(Lang::Id, &newer),
            "Data yang dicari tidak ditemukan."
        );
        let invalid = p(
            "invalid",
            None,
            Some(vec![
                FieldError::said("note", &Message::Required),
                FieldError::said("photo[1]", &Message::NotAnImage),
                FieldError::new("reporter_contact", "not an e-mail address"),
            ]),
        );
        assert_eq!(
            problem_text(Lang::Id, &invalid),
            "Catatan: wajib diisi; Foto 2: bukan gambar JPEG, PNG atau WebP; Kontak pelapor: tidak valid."
        );
    }

    #[test]
    fn an_imported_files_lines_are_named_in_the_users_language() {
        let e = FieldError::said(
            "line 12",
            &Message::UnknownValue {
                column: "kategori".into(),
                value: "Banjir Bandang".into(),
            },
        );
        assert_eq!(
            field_text(Lang::Id, &e),
            "Baris 12: kolom \"kategori\": Banjir Bandang tidak dikenal"
        );
        let e = FieldError::said("line 3.username", &Message::UsernameShape);
        assert!(field_text(Lang::Id, &e).starts_with("Baris 3, Nama pengguna: 3–64 huruf"));
        assert!(field_text(Lang::En, &e).starts_with("Line 3, Username: "));
    }

    #[test]
    fn statuses_roles_and_levels_have_english_names() {
        assert_eq!(status_name(Lang::En, ReportStatus::Selesai), "Done");
        assert_eq!(status_name(Lang::Id, ReportStatus::Selesai), "Selesai");
        assert_eq!(role_name(Lang::En, Role::UnitHead), "Unit head");
        assert_eq!(level_name(Lang::En, UnitLevel::Kecamatan), "District");
    }
}
