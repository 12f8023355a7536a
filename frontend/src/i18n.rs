//! The app's words in Bahasa Indonesia (first) and English. The choice is
//! kept in the browser.

use crm_domain::lifecycle::ActionKind;
use leptos::prelude::*;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

/// The chosen language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

const STORAGE_KEY: &str = "crm.lang";

/// The language saved in the browser, Indonesian by default (for words
/// made outside the view, such as a failed call's message).
pub fn stored_lang() -> Lang {
    match crate::session::storage_get(STORAGE_KEY).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Id,
    }
}

impl I18n {
    /// The language saved in the browser, Indonesian by default.
    pub fn load() -> Self {
        I18n(RwSignal::new(stored_lang()))
    }

    /// The language now (reactive).
    pub fn lang(&self) -> Lang {
        self.0.get()
    }

    /// Switches between the two languages.
    pub fn toggle(&self) {
        let next = match self.0.get_untracked() {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        };
        crate::session::storage_set(STORAGE_KEY, if next == Lang::En { "en" } else { "id" });
        self.0.set(next);
    }

    /// The text of `key` in the chosen language (reactive).
    pub fn t(&self, key: &'static str) -> &'static str {
        tr(self.0.get(), key)
    }
}

/// The i18n context.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The text of `key` in `lang`; the key itself when missing.
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    let (id, en) = match key {
        "app.title" => ("CRM Jakarta", "CRM Jakarta"),
        "app.subtitle" => ("Cepat Respon Masyarakat", "Citizen Relation Management"),
        "nav.reports" => ("Laporan", "Reports"),
        "nav.inbox" => ("Kotak masuk", "Inbox"),
        "nav.new" => ("Laporan baru", "New report"),
        "nav.workload" => ("Beban kerja", "Workload"),
        "nav.track" => ("Lacak laporan", "Track a report"),
        "nav.scores" => ("Skor TKD", "TKD scores"),
        "score.title" => ("Skor & peringkat TKD", "TKD scores and rankings"),
        "score.period" => ("Periode", "Period"),
        "score.level" => ("Tingkat", "Level"),
        "score.parent" => ("Di bawah unit", "Below unit"),
        "score.frozen" => ("Final, dibekukan saat tutup buku", "Final, frozen at the cut-off"),
        "score.live" => ("Sementara, per", "Provisional, as of"),
        "score.cutoff" => ("tutup buku", "cut-off"),
        "score.empty" => ("Belum ada laporan pada periode ini.", "No report in this period yet."),
        "score.top" => ("5 terbaik", "Best 5"),
        "score.yours" => ("Unit Anda", "Your unit"),
        "score.bottom" => ("5 terbawah", "Bottom 5"),
        "score.total" => ("Laporan", "Reports"),
        "score.complete" => ("Selesai", "Complete"),
        "score.final" => ("Nilai akhir", "Final score"),
        "score.grade" => ("Indeks", "Grade"),
        "score.back" => ("← Peringkat", "← Rankings"),
        "score.none" => (
            "Tidak ada laporan pada periode ini: unit ini tidak dinilai (bukan nol).",
            "No report in this period: the unit has no score (not zero).",
        ),
        "score.peers" => ("unit sejenis", "peer units"),
        "score.variable" => ("Variabel", "Variable"),
        "score.value" => ("Nilai", "Value"),
        "score.how" => ("Cara hitung", "How"),
        "score.how_time" => (
            "rata-rata skor pita waktu (100/80/60/40) laporan selesai",
            "mean band score (100/80/60/40) of the complete reports",
        ),
        "score.how_weight" => (
            "jumlah bobot kategori laporan selesai",
            "sum of the complete reports' category weights",
        ),
        "score.how_rollup" => (
            "rata-rata unit di bawahnya, berbobot jumlah laporan",
            "mean of the units below, weighted by their reports",
        ),
        "score.raise" => ("Yang akan menaikkan nilai", "What would raise the score"),
        "score.if_one_more" => (
            "Satu laporan terbuka lagi diselesaikan dalam pita tercepat",
            "One more open report completed within its first band",
        ),
        "score.if_fast" => (
            "Semua laporan selesai dalam pita tercepat",
            "Every complete report within its first band",
        ),
        "score.children" => ("Unit di bawahnya", "Units below"),
        "score.reports" => ("Laporan yang dihitung", "Reports counted"),
        "score.coordination_note" => (
            "Laporan koordinasi dihitung untuk unit pemegang laporan (dan unit di atasnya), bukan untuk unit yang diajak berkoordinasi.",
            "A coordinated report counts for the unit holding it (and the units above), not for the units asked to coordinate.",
        ),
        "score.hours" => ("Jam selesai", "Hours to complete"),
        "score.band" => ("Pita", "Band"),
        "score.weight" => ("Bobot", "Weight"),
        "score.open" => ("belum selesai", "not complete"),
        "login.track" => (
            "Warga: lacak laporan Anda tanpa masuk →",
            "Citizens: track your report without signing in →",
        ),
        "inbox.title" => ("Kotak masuk unit saya", "My unit's inbox"),
        "inbox.triage" => ("Triase Ruang Monitoring", "Monitoring Room triage"),
        "inbox.verify" => ("Antrean verifikasi", "Verification queue"),
        "inbox.show" => ("Tampilkan", "Show"),
        "inbox.show_all" => ("Semua", "All"),
        "inbox.show_waiting" => ("Menunggu tanggapan", "Waiting for a response"),
        "inbox.show_late" => ("Lewat target respons", "Past the response target"),
        "inbox.none_shown" => ("Tidak ada laporan dengan saringan ini.", "No report with this filter."),
        "inbox.left" => ("sisa", "left:"),
        "inbox.past" => ("lewat", "past by"),
        "inbox.days" => ("hari", "days"),
        "inbox.hours" => ("jam", "hours"),
        "inbox.minutes" => ("menit", "minutes"),
        "verify.keys" => (
            "Pintasan: J/K pindah laporan, A setujui, T tolak.",
            "Shortcuts: J/K move between reports, A approve, T reject.",
        ),
        "verify.note" => ("Catatan penyelesaian", "Completion note"),
        "verify.photo" => ("Foto bukti", "Evidence photo"),
        "verify.no_photo" => ("Tidak ada foto bukti (kategori ini tidak mewajibkannya).", "No evidence photo (this category does not require one)."),
        "verify.approve" => ("Setujui (A)", "Approve (A)"),
        "verify.reject" => ("Tolak (T)", "Reject (T)"),
        "verify.reason" => ("Alasan penolakan (dikirim ke unit)", "Reason for rejecting (sent to the unit)"),
        "verify.reason_needed" => ("Tulis alasan penolakan.", "Write why it is rejected."),
        "verify.reject_send" => ("Kirim penolakan", "Send the rejection"),
        "verify.approved" => ("disetujui, kini Selesai", "approved, now Selesai"),
        "verify.rejected" => ("ditolak, kembali ke unit", "rejected, back to the unit"),
        "inbox.refresh" => ("Muat ulang", "Refresh"),
        "inbox.empty" => ("Tidak ada laporan yang menunggu. 🎉", "Nothing is waiting. 🎉"),
        "inbox.waited" => ("di unit sejak", "at the unit for"),
        "detail.back_inbox" => ("← Kotak masuk", "← Inbox"),
        "detail.verifying" => ("menunggu verifikasi", "awaiting verification"),
        "detail.flagged" => ("dikembalikan", "handed back"),
        "detail.channel" => ("Kanal", "Channel"),
        "detail.ticket" => ("Tiket koordinasi", "Coordination ticket"),
        "detail.collaborators" => ("Unit koordinasi", "Coordinating units"),
        "detail.assignee" => ("Petugas", "Assigned officer"),
        "detail.estimate" => ("Estimasi selesai", "Estimated completion"),
        "detail.handovers" => ("Jumlah disposisi", "Hand-overs"),
        "detail.rating" => ("Penilaian pelapor", "Reporter's rating"),
        "detail.photos" => ("Foto pendukung", "Supporting photos"),
        "detail.location_flag" => ("Lokasi", "Location"),
        "detail.outside_area" => (
            "Koordinat di luar wilayah DKI Jakarta: perlu triase",
            "Coordinates outside Jakarta: needs triage",
        ),
        "detail.unplaced" => (
            "Koordinat belum dapat dipetakan ke kelurahan (batas wilayah belum dimuat)",
            "Coordinates not placed in a kelurahan (no boundaries loaded)",
        ),
        "act.arrive" => ("Diterima", "Arrived"),
        "pub.arrive" => ("Laporan diterima", "Report received"),
        "pub.take_up" => ("Mulai ditangani", "Work started"),
        "pub.dispose" => ("Diteruskan ke unit yang berwenang", "Passed to the responsible unit"),
        "pub.coordinate" => ("Ditangani bersama unit lain", "Handled together with other units"),
        "pub.release" => ("Koordinasi antarunit berubah", "Coordination between units changed"),
        "pub.follow_up" => ("Tindak lanjut", "Follow-up"),
        "pub.complete" => ("Pekerjaan dilaporkan selesai", "Work reported done"),
        "pub.approve" => ("Penyelesaian diverifikasi", "Completion verified"),
        "pub.reject" => ("Penyelesaian dikembalikan untuk dilengkapi", "Completion sent back to be finished"),
        "pub.set_estimate" => ("Perkiraan waktu selesai ditetapkan", "Completion estimate set"),
        "pub.reopen" => ("Laporan dibuka kembali", "Report reopened"),
        "pub.comment" => ("Keterangan", "Note"),
        "pub.rate" => ("Penilaian pelapor", "Reporter's rating"),
        "pub.assign" => ("Diserahkan kepada petugas", "Given to an officer"),
        "pub.close" => ("Laporan ditutup", "Report closed"),
        "pub.correct" => ("Data laporan diperbaiki", "Report details corrected"),
        "act.take_up" => ("Proses", "Take up"),
        "act.dispose" => ("Disposisi", "Hand over"),
        "act.coordinate" => ("Koordinasi", "Coordinate"),
        "act.release" => ("Akhiri koordinasi", "End coordination"),
        "act.done" => ("tersimpan", "saved"),
        "act.handed_to" => ("Laporan #{n} diteruskan ke {unit}", "Report #{n} handed on to {unit}"),
        "act.release_unit" => ("Unit yang dilepas", "Unit to release"),
        "act.release_all" => ("Semua unit (akhiri koordinasi)", "Every unit (end the coordination)"),
        "act.follow_up" => ("Tindak lanjut", "Follow-up"),
        "act.complete" => ("Selesaikan", "Complete"),
        "act.approve" => ("Setujui", "Approve"),
        "act.reject" => ("Tolak", "Reject"),
        "act.set_estimate" => ("Estimasi selesai", "Completion estimate"),
        "act.reopen" => ("Buka kembali", "Reopen"),
        "act.comment" => ("Komentar", "Comment"),
        "act.rate" => ("Penilaian", "Rating"),
        "act.assign" => ("Tugaskan", "Assign"),
        "act.close" => ("Tutup tanpa tindak lanjut", "Close without work"),
        "act.correct" => ("Koreksi kategori/wilayah", "Correct category/area"),
        "act.close_reason" => ("Alasan penutupan", "Reason for closing"),
        "act.duplicate_of" => ("Duplikat dari laporan nomor", "Duplicate of report number"),
        "act.category" => ("Kategori yang benar", "Right category"),
        "act.kelurahan" => ("Kelurahan yang benar", "Right kelurahan"),
        "act.keep" => ("(tetap)", "(unchanged)"),
        "close.duplicate" => ("Duplikat laporan lain", "Duplicate of another report"),
        "close.invalid" => ("Tidak valid (spam, iklan, tidak dapat ditindaklanjuti)", "Invalid (spam, ads, nothing to act on)"),
        "close.out_of_scope" => ("Bukan kewenangan Pemprov DKI", "Not a provincial matter"),
        "close.banner" => ("Ditutup oleh Ruang Monitoring", "Closed by the Monitoring Room"),
        "nav.accounts" => ("Akun", "Accounts"),
        "nav.audit" => ("Log audit", "Audit log"),
        "nav.categories" => ("Kategori", "Categories"),
        "nav.units" => ("Unit", "Units"),
        "nav.import" => ("Impor", "Import"),
        "impr.title" => ("Impor data sistem lama", "Import the old system's data"),
        "impr.intro" => (
            "Berkas CSV tarikan data: kolom wajib kelurahan, kategori, status, timestamp (kelurahan dan kategori dengan kode atau nama). Periksa dulu; semua baris diimpor sekaligus atau tidak sama sekali.",
            "The data pull as CSV: required columns kelurahan, kategori, status, timestamp (kelurahan and category by code or name). Check first; every line is imported, or none.",
        ),
        "impr.ready" => ("laporan siap diimpor.", "reports ready to import."),
        "impr.done" => ("laporan diimpor.", "reports imported."),
        "impr.period" => ("Bulan", "Month"),
        "impr.reports" => ("Laporan", "Reports"),
        "impr.journal" => ("Jurnal skor", "Score journal"),
        "impr.state_open" => ("Belum tutup buku: dihitung langsung", "Before cut-off: computed live"),
        "impr.state_frozen" => ("Dibekukan dengan laporan ini", "Frozen with these reports"),
        "impr.state_rebuilt" => ("Dibangun ulang dengan laporan ini", "Rebuilt with these reports"),
        "impr.state_rebuildable" => (
            "Sudah dibekukan dari data impor saja: isi alasan untuk membangun ulang",
            "Frozen from imported data only: give a reason to rebuild it",
        ),
        "impr.state_left_alone" => (
            "Sudah dibekukan dan berisi pekerjaan langsung: tidak berubah",
            "Frozen and holding live work: left unchanged",
        ),
        "impr.reason" => ("Alasan membangun ulang bulan yang sudah dibekukan", "Reason to rebuild the frozen months"),
        "unit.title" => ("Unit kerja", "Units"),
        "unit.intro" => (
            "Tambah dinas, badan, biro atau BUMD (mis. Transjakarta, PAM Jaya) dan suku dinasnya. Unit tidak pernah dihapus: nonaktifkan unit yang tidak lagi memegang laporan terbuka.",
            "Add a dinas, badan, biro or BUMD (e.g. Transjakarta, PAM Jaya) and its sudin. Units are never deleted: deactivate one that holds no open report.",
        ),
        "unit.search" => ("Cari nama atau kode unit (min. 2 huruf)…", "Search a unit's name or code (2+ letters)…"),
        "unit.level" => ("Jenis", "Level"),
        "unit.parent" => ("Di bawah unit", "Under unit"),
        "unit.add" => ("Tambah unit", "Add unit"),
        "nav.settings" => ("Pengaturan", "Settings"),
        "set.title" => ("Pengaturan aturan", "Rule settings"),
        "set.intro" => (
            "Angka-angka aturan CRM. Perubahan berlaku sejak disimpan di semua server; bulan yang sudah dibekukan tetap memakai angka lamanya, dan skor sebuah bulan memakai angka yang berlaku pada tanggal tutup bukunya.",
            "The numbers of the CRM rules. A change holds on every server from when it is saved; frozen months keep their numbers, and a month is scored with the numbers in force at its cut-off.",
        ),
        "set.version" => ("Versi", "Version"),
        "set.targets" => ("Target waktu", "Time targets"),
        "set.response" => ("Respons pertama (jam)", "First response (hours)"),
        "set.no_action" => ("Peringatan tanpa tindakan (jam)", "Warning without action (hours)"),
        "set.max_days" => ("Penyelesaian paling lama (hari)", "Longest completion (days)"),
        "set.near" => ("Dianggap hampir lewat sesudah (% waktu)", "Counted as near after (% of the time)"),
        "set.flow" => ("Alur laporan", "Report flow"),
        "set.handovers" => ("Batas disposisi antar-unit", "Hand-overs between units"),
        "set.verification" => ("Penyelesaian diverifikasi sebelum Selesai", "Completions are verified before Selesai"),
        "set.scores" => ("Skor TKD", "TKD score"),
        "set.cutoff" => ("Tanggal tutup buku (bulan berikutnya, 1–28)", "Cut-off day (next month, 1–28)"),
        "set.grades" => ("Batas indeks prestasi", "Grade edges"),
        "set.weights" => ("Bobot variabel skor (jumlahnya 100%)", "Score variable weights (together 100%)"),
        "set.other" => ("Lainnya", "Other"),
        "set.digest" => ("Jam ringkasan \"masih Menunggu\" (WIB, mis. 8, 14)", "Hours of the \"still Menunggu\" digest (WIB, e.g. 8, 14)"),
        "set.start" => ("Awal catatan laporan", "Start of the records"),
        "set.review_days" => ("Tinjauan \"belum beres\" dalam (hari sesudah Selesai)", "\"Not fixed\" reviewed within (days after Selesai)"),
        "set.radius" => ("Jarak laporan serupa (meter)", "Similar reports within (metres)"),
        "set.done_days" => ("Laporan serupa yang sudah selesai dalam (hari)", "Similar reports done within (days)"),
        "set.area_min" => ("Peta publik: sel paling sedikit (laporan)", "Public map: fewest reports per area"),
        "set.bad_date" => ("Tanggal awal catatan tidak terbaca.", "The start of the records is not a date."),
        "set.reason" => ("Alasan perubahan", "Reason for the change"),
        "set.saved" => ("✓ Pengaturan tersimpan dan berlaku.", "✓ Settings saved and in force."),
        "set.history" => ("Riwayat versi", "Version history"),
        "set.from" => ("Berlaku sejak", "In force from"),
        "set.by" => ("Oleh", "By"),
        "set.summary" => (
            "Respons / tanpa tindakan (jam) / selesai (hari) · hampir · disposisi · tutup buku · A/B/C/D",
            "Response / no action (hours) / completion (days) · near · hand-overs · cut-off · A/B/C/D",
        ),
        "cat.title" => ("Kategori laporan", "Report categories"),
        "cat.intro" => (
            "Batas waktu (jam) t1 < t2 < t3 menentukan nilai waktu tindak lanjut (100/80/60/40). Perubahan berlaku sejak disimpan; bulan yang sudah dibekukan tetap memakai angka lamanya.",
            "Hours t1 < t2 < t3 set the follow-up time score (100/80/60/40). A change holds from when it is saved; frozen months keep their figures.",
        ),
        "cat.name" => ("Nama", "Name"),
        "cat.code" => ("Kode", "Code"),
        "cat.weight" => ("Bobot", "Weight"),
        "cat.bands" => ("Batas waktu t1, t2, t3 (jam)", "Time bands t1, t2, t3 (hours)"),
        "cat.evidence" => ("Wajib foto bukti", "Photo evidence required"),
        "cat.add" => ("Tambah kategori", "Add category"),
        "nav.password" => ("Kata sandi", "Password"),
        "pw.title" => ("Ganti kata sandi", "Change password"),
        "pw.forced" => (
            "Anda masuk dengan kata sandi sementara. Buat kata sandi baru untuk melanjutkan.",
            "You signed in with a temporary password. Choose a new one to continue.",
        ),
        "pw.rules" => (
            "Minimal 10 karakter, bukan nama pengguna, bukan kata sandi yang umum dipakai.",
            "At least 10 characters, not the username, not a common password.",
        ),
        "pw.current" => ("Kata sandi saat ini", "Current password"),
        "pw.new" => ("Kata sandi baru", "New password"),
        "pw.again" => ("Ulangi kata sandi baru", "Repeat the new password"),
        "pw.save" => ("Simpan kata sandi", "Save password"),
        "pw.mismatch" => ("Kedua kata sandi baru tidak sama.", "The two new passwords differ."),
        "pw.short" => ("Kata sandi baru minimal 10 karakter.", "The new password needs at least 10 characters."),
        "acc.title" => ("Akun petugas", "Staff accounts"),
        "acc.intro" => (
            "Akun tidak pernah dihapus: nonaktifkan akun petugas yang pindah atau berhenti. Perubahan peran, unit, atau kata sandi langsung mengakhiri sesinya.",
            "Accounts are never deleted: deactivate those who moved or left. A changed role, unit or password ends their sessions at once.",
        ),
        "acc.search" => ("Cari nama pengguna atau nama…", "Search username or name…"),
        "acc.all_roles" => ("Semua peran", "All roles"),
        "acc.all_states" => ("Aktif dan nonaktif", "Active and inactive"),
        "acc.active" => ("Aktif", "Active"),
        "acc.inactive" => ("Nonaktif", "Inactive"),
        "acc.count" => ("akun", "accounts"),
        "acc.username" => ("Nama pengguna", "Username"),
        "acc.full_name" => ("Nama lengkap", "Full name"),
        "acc.role" => ("Peran", "Role"),
        "acc.unit" => ("Unit", "Unit"),
        "acc.state" => ("Status", "State"),
        "acc.must_change" => ("wajib ganti kata sandi", "must change password"),
        "acc.edit" => ("Ubah", "Edit"),
        "acc.email" => ("E-mail", "E-mail"),
        "acc.phone" => ("Nomor HP", "Mobile number"),
        "acc.contact_hint" => (
            "Peringatan, laporan baru dan permintaan koordinasi juga dikirim ke e-mail dan nomor HP ini (kosongkan untuk berhenti).",
            "Warnings, new reports and coordination requests also go to this e-mail and mobile number (leave empty to stop).",
        ),
        "acc.save" => ("Simpan", "Save"),
        "acc.reset" => ("Reset kata sandi", "Reset password"),
        "acc.deactivate" => ("Nonaktifkan", "Deactivate"),
        "acc.reactivate" => ("Aktifkan", "Reactivate"),
        "acc.create" => ("Buat akun", "Create account"),
        "acc.temporary" => ("Kata sandi sementara", "Temporary password"),
        "acc.temporary_once" => (
            "Sampaikan kepada pemiliknya sekarang: kata sandi ini hanya ditampilkan sekali dan wajib diganti saat masuk pertama.",
            "Pass it on now: it is shown only once and must be changed at the first sign-in.",
        ),
        "imp.title" => ("Impor akun dari CSV", "Import accounts from CSV"),
        "imp.file" => ("Berkas CSV", "CSV file"),
        "imp.intro" => (
            "Kolom: username,full_name,role,unit (unit dengan kode atau nama). Periksa dulu; semua baris diimpor sekaligus atau tidak sama sekali.",
            "Columns: username,full_name,role,unit (unit by code or name). Check first; every line is imported, or none.",
        ),
        "imp.pick" => ("Pilih berkas CSV dulu.", "Pick a CSV file first."),
        "imp.check" => ("Periksa", "Check"),
        "imp.busy" => ("Sedang diproses…", "Working…"),
        "imp.refused" => ("Berkas ditolak; perbaiki baris berikut:", "The file was refused; fix these lines:"),
        "imp.ready" => ("akun siap diimpor.", "accounts ready to import."),
        "imp.run" => ("Impor sekarang", "Import now"),
        "imp.created" => ("akun dibuat.", "accounts created."),
        "audit.title" => ("Log audit", "Audit log"),
        "audit.intro" => (
            "Setiap perubahan administratif: kapan, oleh siapa, apa, sebelum dan sesudah. Log ini tidak dapat diubah.",
            "Every administrative change: when, who, what, before and after. It cannot be edited.",
        ),
        "audit.at" => ("Waktu", "When"),
        "audit.actor" => ("Oleh", "By"),
        "audit.action" => ("Tindakan", "Action"),
        "audit.action_hint" => ("Tindakan (mis. user.)", "Action (e.g. user.)"),
        "audit.target" => ("Sasaran", "Target"),
        "audit.target_hint" => ("Sasaran (mis. #12 untuk laporan 12)", "Target (e.g. #12 for report 12)"),
        "audit.before" => ("Sebelum", "Before"),
        "audit.after" => ("Sesudah", "After"),
        "common.filter" => ("Saring", "Filter"),
        "list.download_csv" => ("Unduh CSV", "Download CSV"),
        "list.download_xlsx" => ("Unduh Excel", "Download Excel"),
        "common.more" => ("Muat lagi", "Load more"),
        "act.others" => ("Tindakan lain", "Other actions"),
        "act.all" => ("Tindakan", "Actions"),
        "act.none" => (
            "Tidak ada tindakan yang dapat Anda lakukan saat ini.",
            "There is nothing you can do on this report now.",
        ),
        "act.why" => (
            "Mengapa beberapa tindakan tidak tersedia?",
            "Why are some actions unavailable?",
        ),
        "act.blocked_role" => (
            "bukan wewenang peran atau unit Anda",
            "not for your role or unit",
        ),
        "act.blocked_state" => (
            "tidak dapat dilakukan pada keadaan laporan saat ini",
            "not possible in the report's current state",
        ),
        "act.unit" => ("Unit tujuan", "Unit"),
        "act.unit_search" => ("Ketik nama atau kode unit…", "Type a unit's name or code…"),
        "act.pick_unit" => ("Pilih unit dari daftar.", "Pick a unit from the list."),
        "act.officer" => ("Petugas", "Officer"),
        "act.open" => ("terbuka", "open"),
        "act.date" => ("Tanggal estimasi selesai", "Estimated completion date"),
        "act.reason" => ("Alasan", "Reason"),
        "act.note" => ("Catatan", "Note"),
        "act.comment_text" => ("Komentar", "Comment"),
        "act.photos" => (
            "Foto bukti (JPEG/PNG/WebP, maks. 10 foto @10 MB)",
            "Evidence photos (JPEG/PNG/WebP, up to 10 of 10 MB)",
        ),
        "act.note_internal" => ("Catatan ini hanya untuk petugas: tidak tampil ke pelapor dan publik.", "This note is for staff only: the reporter and the public do not see it."),
        "act.note_public" => ("Catatan ini tampil ke pelapor dan publik.", "The reporter and the public see this note."),
        "act.photos_evidence" => ("Foto bukti penyelesaian (wajib; JPEG/PNG/WebP)", "Evidence photos of the completion (required; JPEG/PNG/WebP)"),
        "act.photos_more" => ("Foto bukti tambahan (boleh)", "More evidence photos (optional)"),
        "act.photo_needed" => ("Lampirkan minimal satu foto bukti untuk menyelesaikan laporan.", "Attach at least one evidence photo to complete the report."),
        "act.public" => (
            "Tampilkan kepada pelapor dan publik",
            "Show to the reporter and the public",
        ),
        "act.send" => ("Kirim", "Send"),
        "act.cancel" => ("Batal", "Cancel"),
        "act.reload" => ("Muat ulang laporan", "Reload the report"),
        "act.conflict" => (
            "Laporan sudah berubah atau tindakan ini tidak dapat dilakukan sekarang",
            "The report has changed, or this cannot be done now",
        ),
        "new.title" => ("Input laporan dari kantor / pesan", "Type in a report from an office or message"),
        "new.kelurahan_hint" => ("Ketik nama kelurahan…", "Type the kelurahan's name…"),
        "new.no_kelurahan" => (
            "Tanpa kelurahan, laporan masuk ke triase Ruang Monitoring.",
            "Without a kelurahan the report goes to Monitoring Room triage.",
        ),
        "new.lat" => ("Lintang (opsional)", "Latitude (optional)"),
        "new.lon" => ("Bujur (opsional)", "Longitude (optional)"),
        "new.both_coords" => (
            "Isi lintang dan bujur, atau kosongkan keduanya.",
            "Give both latitude and longitude, or neither.",
        ),
        "new.submit" => ("Simpan laporan", "Save the report"),
        "track.title" => ("Lacak laporan Anda", "Track your report"),
        "track.intro" => (
            "Masukkan nomor laporan untuk melihat statusnya, riwayat penanganan, dan foto tindak lanjut. Identitas pelapor tidak pernah ditampilkan.",
            "Enter a report number to see its status, how it was handled and the follow-up photos. The reporter's identity is never shown.",
        ),
        "track.number" => ("Nomor laporan", "Report number"),
        "track.search" => ("Lacak", "Track"),
        "track.outline" => (
            "Pelapor merahasiakan laporan ini: hanya status, waktu dan unit yang ditampilkan. Buka dengan tautan yang diterima pelapor untuk melihat selengkapnya.",
            "The reporter kept this report private: only its status, times and units are shown. Open it with the reporter's link to see it in full.",
        ),
        "fb.title" => ("Bagaimana penanganannya?", "How was it handled?"),
        "fb.stars" => ("Nilai penanganan", "Rate the work"),
        "fb.fixed" => ("Sudah beres?", "Is it fixed?"),
        "fb.yes" => ("Ya, sudah beres", "Yes, it is fixed"),
        "fb.no" => ("Belum beres", "Not fixed"),
        "fb.comment" => ("Komentar (opsional)", "Comment (optional)"),
        "fb.send" => ("Kirim penilaian", "Send"),
        "fb.need_stars" => ("Pilih 1 sampai 5 bintang.", "Choose 1 to 5 stars."),
        "fb.thanks" => (
            "Terima kasih atas penilaian Anda. Jika belum beres, Ruang Monitoring akan meninjaunya.",
            "Thank you. If it is not fixed, the Monitoring Room will review it.",
        ),
        "fb.your_rating" => ("Penilaian Anda", "Your rating"),
        "nav.reviews" => ("Tinjauan warga", "Citizen reviews"),
        "nav.public_stats" => ("Statistik", "Statistics"),
        "rev.title" => ("Tinjauan: laporan yang menurut pelapor belum beres", "Reviews: reports the reporter says are not fixed"),
        "rev.intro" => (
            "Buka kembali laporan dari halamannya dengan alasan, atau jawab pelapor dengan catatan publik.",
            "Reopen the report from its page with a reason, or answer the reporter with a public note.",
        ),
        "rev.empty" => ("Tidak ada laporan yang menunggu tinjauan.", "No report waits for a review."),
        "rev.answer" => ("Jawab pelapor", "Answer the reporter"),
        "rev.answer_hint" => ("Catatan publik untuk pelapor", "A public note for the reporter"),
        "pstats.link" => ("Lihat statistik kinerja kota", "See how the city performs"),
        "pstats.title" => ("Statistik publik", "Public statistics"),
        "pstats.intro" => (
            "Kinerja penanganan laporan warga per bulan. Tidak ada data pelapor; wilayah dengan kurang dari 3 laporan tidak ditampilkan di peta.",
            "How citizens' reports are handled, per month. No reporter data; areas with fewer than 3 reports are not shown on the map.",
        ),
        "pstats.period" => ("Bulan", "Month"),
        "pstats.kota" => ("Wilayah", "Area"),
        "pstats.all" => ("Seluruh DKI Jakarta", "All of Jakarta"),
        "pstats.total" => ("laporan bulan ini", "reports this month"),
        "pstats.mean" => ("rata-rata waktu selesai", "mean time to complete"),
        "pstats.status" => ("Status laporan", "Report status"),
        "pstats.trend" => ("12 bulan terakhir", "The last 12 months"),
        "pstats.received" => ("Diterima", "Received"),
        "pstats.completed" => ("Selesai", "Completed"),
        "pstats.categories" => ("Kategori terbanyak", "Top categories"),
        "pstats.rank_kota" => ("Peringkat kota", "Kota ranking"),
        "pstats.rank_kecamatan" => ("Peringkat kecamatan", "Kecamatan ranking"),
        "pstats.rank_kelurahan" => ("Peringkat kelurahan", "Kelurahan ranking"),
        "pstats.map" => ("Asal laporan", "Where reports come from"),
        "pstats.map_note" => (
            "Sel heksagon ±0,7 km²; laporan yang dirahasiakan dan sel dengan kurang dari 3 laporan tidak ditampilkan.",
            "H3 cells of about 0.7 km²; hidden reports and cells with fewer than 3 reports are left out.",
        ),
        "col.unit" => ("Unit", "Unit"),
        "col.score" => ("Nilai", "Score"),
        "col.grade" => ("Indeks", "Grade"),
        "col.reports" => ("Laporan", "Reports"),
        "near.title" => ("Laporan serupa di dekat sini", "Similar reports nearby"),
        "near.ask_duplicate" => ("Minta tutup sebagai duplikat dari laporan ini", "Ask to close as a duplicate of this one"),
        "near.asked" => ("Permintaan terkirim ke Ruang Monitoring: duplikat dari", "Sent to the Monitoring Room: a duplicate of"),
        "notif.review" => ("Pelapor menyatakan belum beres", "The reporter says it is not fixed"),
        "notif.duplicate" => ("Diminta ditutup sebagai duplikat", "Asked to close as a duplicate"),
        "act.add_unit" => ("+ Tambah unit lain", "+ Add another unit"),
        "act.remove_unit" => ("Hapus unit ini", "Remove this unit"),
        "notif.coordination" => ("Unit Anda diminta berkoordinasi", "Your unit is asked to coordinate"),
        "target.shown_of" => ("Ditampilkan", "Shown"),
        "near.none" => ("Tidak ada laporan serupa dalam 200 m.", "No similar report within 200 m."),
        "track.missing" => ("Laporan dengan nomor itu tidak ditemukan.", "No report has that number."),
        "work.title" => ("Beban kerja unit", "Unit workload"),
        "work.open" => ("laporan terbuka", "open reports"),
        "work.unassigned" => ("belum ditugaskan", "unassigned"),
        "work.oldest" => ("Terlama sejak", "Oldest since"),
        "nav.dashboard" => ("Dasbor", "Dashboard"),
        "nav.monitor" => ("Peringatan", "Warnings"),
        "nav.recap" => ("Rekap", "Recap"),
        "dash.title" => ("Dasbor pemantauan", "Monitoring dashboard"),
        "dash.zoom" => ("Tingkat peta", "Map level"),
        "dash.as_table" => ("Lihat sebagai tabel", "Show as a table"),
        "dash.count" => ("Jumlah", "Count"),
        "dash.day" => ("Tanggal", "Day"),
        "dash.from" => ("Dari tanggal", "From"),
        "dash.to" => ("Sampai tanggal", "To"),
        "dash.live" => ("● langsung", "● live"),
        "dash.area" => ("Wilayah / unit", "Area / unit"),
        "dash.all_area" => ("Seluruh cakupan saya", "All of my scope"),
        "dash.total" => ("laporan masuk", "reports received"),
        "dash.mean_completion" => ("rata-rata waktu selesai", "mean completion time"),
        "dash.mean_response" => ("rata-rata waktu respon", "mean response time"),
        "dash.geotag" => ("geotag / non-geotag", "geotagged / not"),
        "dash.pingpong" => ("dikembalikan ke unit sebelumnya", "handed back to an earlier unit"),
        "dash.status" => ("Status", "Status"),
        "dash.per_day" => ("Laporan masuk dan selesai per hari", "Received and completed per day"),
        "dash.received" => ("Masuk", "Received"),
        "dash.completed" => ("Selesai", "Completed"),
        "dash.response_time" => ("Sebaran waktu respon", "Response times"),
        "dash.completion_time" => ("Sebaran waktu selesai", "Completion times"),
        "dash.handovers" => ("Disposisi per laporan", "Hand-overs per report"),
        "dash.channels" => ("Kanal", "Channels"),
        "dash.top_agencies" => ("10 dinas/badan/biro teratas", "Top 10 agencies"),
        "dash.top_categories" => ("5 kategori teratas", "Top 5 categories"),
        "dash.top_units" => ("5 unit teratas", "Top 5 units"),
        "dash.heatmap" => ("Peta sebaran laporan", "Where reports come from"),
        "dash.zoom_city" => ("Kota", "City"),
        "dash.zoom_kecamatan" => ("Kecamatan", "District"),
        "dash.zoom_kelurahan" => ("Kelurahan", "Sub-district"),
        "target.title" => ("Peringatan dini target waktu", "Time-target early warning"),
        "target.past" => ("Lewat target", "Past target"),
        "target.near" => ("Mendekati target", "Near target"),
        "target.still_waiting" => ("Masih menunggu", "Still waiting"),
        "target.response" => ("Respon 6 jam", "Response 6 h"),
        "target.no_action" => ("Tanpa tindakan 24 jam", "No action 24 h"),
        "target.completion" => ("Penyelesaian", "Completion"),
        "target.which" => ("Target", "Target"),
        "target.due" => ("Batas", "Due"),
        "target.late_by" => ("lewat", "late by"),
        "target.left" => ("sisa", "left"),
        "target.arrived" => ("Tiba di unit", "Arrived at unit"),
        "target.waiting" => ("Menunggu", "Waiting"),
        "target.night" => ("malam", "night"),
        "target.weekend" => ("akhir pekan", "weekend"),
        "notif.title" => ("Notifikasi", "Notifications"),
        "notif.mark_all" => ("Tandai semua dibaca", "Mark all read"),
        "notif.empty" => ("Belum ada notifikasi.", "No notifications yet."),
        "notif.new_report" => ("Laporan baru di unit", "New report at the unit"),
        "notif.warning" => ("Peringatan", "Warning"),
        "work.units" => ("Beban per unit", "Load per unit"),
        "work.unit" => ("Unit", "Unit"),
        "work.waiting" => ("menunggu", "waiting"),
        "work.late" => ("lewat target", "late"),
        "work.up" => ("↑ Naik satu tingkat", "↑ One level up"),
        "work.officers" => ("Per petugas", "Per officer"),
        "work.reassign" => ("Alihkan", "Reassign"),
        "work.assigned" => ("Laporan petugas", "Officer's reports"),
        "recap.title" => ("Rekap bulanan & tahunan", "Monthly and yearly recap"),
        "recap.kota" => ("Kota", "City"),
        "recap.period" => ("Bulan (YYYY-MM) atau tahun (YYYY)", "Month (YYYY-MM) or year (YYYY)"),
        "recap.show" => ("Tampilkan", "Show"),
        "recap.print" => ("Cetak", "Print"),
        "recap.xlsx" => ("Unduh Excel", "Download Excel"),
        "recap.count" => ("Jumlah pengaduan", "Reports"),
        "recap.completed" => ("Selesai", "Completed"),
        "recap.geotag" => ("Geotagging", "Geotagged"),
        "recap.nongeotag" => ("Non-geotagging", "Not geotagged"),
        "recap.kecamatan" => ("Peringkat kecamatan", "District ranking"),
        "recap.kel_top" => ("5 kelurahan peringkat tertinggi", "Top 5 sub-districts"),
        "recap.kel_bottom" => ("5 kelurahan peringkat terendah", "Bottom 5 sub-districts"),
        "recap.tkd" => ("Capaian tindak lanjut (nilai TKD)", "Follow-up achievement (TKD score)"),
        "recap.month" => ("Bulan", "Month"),
        "recap.year_table" => ("Rekapitulasi tahunan", "Year table"),
        "recap.total" => ("TOTAL", "TOTAL"),
        "recap.means" => ("rata-rata per bulan / per hari", "mean per month / per day"),
        "list.search" => ("Cari teks", "Search text"),
        "nav.logout" => ("Keluar", "Sign out"),
        "nav.menu" => ("Menu", "Menu"),
        "nav.skip" => ("Langsung ke isi", "Skip to content"),
        "nav.menu_close" => ("Tutup", "Close"),
        "nav.report" => ("Laporan", "Report"),
        "nav.lang" => ("English", "Bahasa Indonesia"),
        "login.title" => ("Masuk", "Sign in"),
        "login.username" => ("Nama pengguna", "Username"),
        "login.password" => ("Kata sandi", "Password"),
        "login.submit" => ("Masuk", "Sign in"),
        "login.busy" => ("Memproses…", "Signing in…"),
        "login.failed" => (
            "Nama pengguna atau kata sandi salah.",
            "Wrong username or password.",
        ),
        "list.title" => ("Daftar laporan", "Reports"),
        "list.empty" => (
            "Tidak ada laporan yang cocok dengan saringan.",
            "No report matches the filters.",
        ),
        "list.more" => ("Muat lebih banyak", "Load more"),
        "list.loading" => ("Memuat…", "Loading…"),
        "filter.status" => ("Status", "Status"),
        "filter.category" => ("Kategori", "Category"),
        "filter.channel" => ("Kanal", "Channel"),
        "filter.unit" => ("Unit (kode)", "Unit (code)"),
        "filter.from" => ("Diterima sejak", "Received from"),
        "filter.to" => ("Diterima sampai", "Received until"),
        "filter.all" => ("Semua", "All"),
        "filter.apply" => ("Terapkan", "Apply"),
        "filter.reset" => ("Atur ulang", "Reset"),
        "col.number" => ("Nomor", "Number"),
        "col.received" => ("Diterima", "Received"),
        "col.category" => ("Kategori", "Category"),
        "col.location" => ("Lokasi", "Location"),
        "col.holder" => ("Unit pemegang", "Holding unit"),
        "col.status" => ("Status", "Status"),
        "col.channel" => ("Kanal", "Channel"),
        "detail.back" => ("← Kembali ke daftar", "← Back to the list"),
        "detail.description" => ("Uraian", "Description"),
        "detail.address" => ("Alamat", "Address"),
        "detail.coordinates" => ("Koordinat", "Coordinates"),
        "detail.reporter" => ("Pelapor", "Reporter"),
        "detail.contact" => ("Kontak", "Contact"),
        "detail.kelurahan" => ("Kelurahan", "Kelurahan"),
        "detail.channel_ref" => ("Referensi kanal", "Channel reference"),
        "detail.tags" => ("Tagar", "Tags"),
        "detail.hidden" => ("Disembunyikan dari publik", "Hidden from the public"),
        "detail.history" => ("Riwayat", "History"),
        "detail.triage" => ("Triase Ruang Monitoring", "Monitoring Room triage"),
        "detail.internal" => ("internal", "internal"),
        "nav.integrations" => ("Integrasi", "Integrations"),
        "nav.deliveries" => ("Pengiriman", "Deliveries"),
        "admin.only" => (
            "Halaman ini hanya untuk administrator.",
            "This page is for administrators only.",
        ),
        "chan.title" => ("Kanal & Integrasi", "Channels & integrations"),
        "chan.intro" => (
            "Setiap kanal dapat menerima kabar perubahan laporannya lewat webhook, ditandatangani menurut spesifikasi Standard Webhooks (header webhook-signature) dengan rahasia kanal. Sistem kanal mengirim laporan dengan kunci API.",
            "Each channel can receive news of its reports through a webhook, signed as the Standard Webhooks specification says (header webhook-signature) with the channel's secret. Channel systems file reports with an API key.",
        ),
        "chan.name" => ("Nama", "Name"),
        "chan.code" => ("Kode", "Code"),
        "chan.kind" => ("Jenis", "Kind"),
        "chan.webhook" => ("Webhook", "Webhook"),
        "chan.active" => ("Aktif", "Active"),
        "chan.secret_hint" => ("Rahasia", "Secret"),
        "chan.keys" => ("Kunci API aktif", "Active API keys"),
        "chan.edit" => ("Ubah", "Edit"),
        "chan.close" => ("Tutup", "Close"),
        "kind.system" => ("Sistem", "System"),
        "kind.message" => ("Pesan", "Message"),
        "kind.office" => ("Kantor", "Office"),
        "hook.title" => ("Webhook", "Webhook"),
        "hook.none" => (
            "Kanal ini belum punya webhook. Rahasia penandatangan dibuat saat webhook pertama kali disimpan.",
            "This channel has no webhook yet. The signing secret is made when the webhook is first saved.",
        ),
        "hook.url" => ("Alamat webhook (URL)", "Webhook address (URL)"),
        "hook.active" => (
            "Aktif (jika tidak, kabar tetap dicatat tetapi dilewati)",
            "Active (when off, events are still recorded but skipped)",
        ),
        "hook.save" => ("Simpan", "Save"),
        "hook.saved" => ("Webhook disimpan.", "Webhook saved."),
        "hook.rotate" => ("Ganti rahasia", "Rotate secret"),
        "hook.rotate_note" => (
            "Rahasia lama tetap ikut menandatangani selama 24 jam setelah diganti, agar penerima sempat beralih.",
            "The previous secret keeps signing for 24 hours after a rotation, so the receiver has time to switch.",
        ),
        "hook.rotated_at" => ("Rahasia terakhir diganti", "Secret last rotated"),
        "hook.updated_at" => ("Terakhir diubah", "Last changed"),
        "hook.delete" => ("Hapus webhook", "Delete webhook"),
        "hook.delete_confirm" => ("Yakin? Klik lagi untuk menghapus", "Sure? Click again to delete"),
        "hook.deleted" => ("Webhook dihapus.", "Webhook deleted."),
        "hook.secret" => ("Rahasia penandatangan", "Signing secret"),
        "hook.new_secret" => ("Rahasia baru", "New secret"),
        "secret.once" => (
            "Simpan sekarang, tidak ditampilkan lagi.",
            "Save it now; it is not shown again.",
        ),
        "secret.done" => ("Sudah saya simpan", "I have saved it"),
        "key.title" => ("Kunci API", "API keys"),
        "key.label" => ("Label", "Label"),
        "key.show_revoked" => ("Tampilkan yang dicabut", "Show revoked"),
        "key.created" => ("Dibuat", "Created"),
        "key.revoked" => ("Dicabut", "Revoked"),
        "key.new" => ("Buat kunci baru", "Create a new key"),
        "key.create" => ("Buat kunci", "Create key"),
        "key.new_key" => ("Kunci API baru", "New API key"),
        "key.usage" => (
            "Sistem kanal mengirimnya dalam header X-API-Key.",
            "The channel's system sends it in the X-API-Key header.",
        ),
        "key.revoke" => ("Cabut", "Revoke"),
        "key.revoke_confirm" => ("Yakin? Klik lagi untuk mencabut", "Sure? Click again to revoke"),
        "key.empty" => ("Tidak ada kunci yang cocok.", "No key matches."),
        "key.pick_channel" => ("Pilih kanal dan isi label.", "Pick a channel and give a label."),
        "dlv.title" => ("Pengiriman notifikasi", "Notification deliveries"),
        "dlv.intro" => (
            "Setiap kabar laporan dikirim ke webhook kanalnya (dan e-mail pelapor). Yang gagal dicoba lagi dengan jeda makin panjang; yang terlalu sering gagal menunggu dikirim ulang oleh administrator.",
            "Every report event is sent to its channel's webhook (and the reporter's e-mail). Failed ones are tried again with growing pauses; those that failed too often wait for an administrator to send them again.",
        ),
        "dlv.pending" => ("Menunggu kirim", "Pending"),
        "dlv.failed" => ("Gagal, dicoba lagi", "Failed, retrying"),
        "dlv.dead" => ("Gagal permanen", "Dead"),
        "dlv.delivered" => ("Terkirim", "Delivered"),
        "dlv.skipped" => ("Dilewati", "Skipped"),
        "dlv.state" => ("Keadaan", "State"),
        "dlv.report" => ("Nomor laporan", "Report number"),
        "dlv.event" => ("Kabar", "Event"),
        "dlv.target" => ("Tujuan", "Target"),
        "dlv.attempts" => ("Percobaan", "Attempts"),
        "dlv.when" => ("Berikutnya / terkirim", "Next attempt / delivered"),
        "dlv.next" => ("berikutnya", "next"),
        "dlv.sent" => ("terkirim", "delivered"),
        "dlv.error" => ("Galat terakhir", "Last error"),
        "dlv.retry" => ("Kirim ulang", "Send again"),
        "dlv.retried" => (
            "dijadwalkan ulang, dikirim sekarang.",
            "scheduled again, to be sent now.",
        ),
        "dlv.empty" => ("Tidak ada pengiriman yang cocok.", "No delivery matches."),
        "dlv.webhook" => ("Webhook", "Webhook"),
        "dlv.email" => ("E-mail", "E-mail"),
        "dlv.sms" => ("SMS", "SMS"),
        "event.report_received" => ("Laporan diterima", "Report received"),
        "event.status_changed" => ("Status berubah", "Status changed"),
        "event.public_note" => ("Catatan publik", "Public note"),
        "event.estimate_set" => ("Estimasi ditetapkan", "Estimate set"),
        "event.staff_notice" => ("Pemberitahuan petugas", "Staff notice"),
        "common.no" => ("Tidak", "No"),
        "common.yes" => ("Ya", "Yes"),
        "common.none" => ("—", "—"),
        "common.error" => ("Terjadi kesalahan", "Something went wrong"),
        "common.download_refused" => (
            "Peramban menolak unduhan ini.",
            "The browser refused the download.",
        ),
        "notfound" => ("Halaman tidak ditemukan.", "Page not found."),
        _ => (key, key),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The i18n key of what an entry means to the public (a sentence, not the
/// staff's button name).
pub fn public_key(k: ActionKind) -> &'static str {
    match k {
        ActionKind::Arrive => "pub.arrive",
        ActionKind::TakeUp => "pub.take_up",
        ActionKind::Dispose => "pub.dispose",
        ActionKind::Coordinate => "pub.coordinate",
        ActionKind::Release => "pub.release",
        ActionKind::FollowUp => "pub.follow_up",
        ActionKind::Complete => "pub.complete",
        ActionKind::Approve => "pub.approve",
        ActionKind::Reject => "pub.reject",
        ActionKind::SetEstimate => "pub.set_estimate",
        ActionKind::Reopen => "pub.reopen",
        ActionKind::Comment => "pub.comment",
        ActionKind::Rate => "pub.rate",
        ActionKind::Assign => "pub.assign",
        ActionKind::Close => "pub.close",
        ActionKind::Correct => "pub.correct",
    }
}

/// The i18n key of an action's name.
pub fn action_key(k: ActionKind) -> &'static str {
    match k {
        ActionKind::Arrive => "act.arrive",
        ActionKind::TakeUp => "act.take_up",
        ActionKind::Dispose => "act.dispose",
        ActionKind::Coordinate => "act.coordinate",
        ActionKind::Release => "act.release",
        ActionKind::FollowUp => "act.follow_up",
        ActionKind::Complete => "act.complete",
        ActionKind::Approve => "act.approve",
        ActionKind::Reject => "act.reject",
        ActionKind::SetEstimate => "act.set_estimate",
        ActionKind::Reopen => "act.reopen",
        ActionKind::Comment => "act.comment",
        ActionKind::Rate => "act.rate",
        ActionKind::Assign => "act.assign",
        ActionKind::Close => "act.close",
        ActionKind::Correct => "act.correct",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string literals of the app's sources that look like catalogue
    /// keys ("act.take_up"): `prefix.rest`, lower-case.
    fn literal_keys() -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                for (i, part) in text.split('"').enumerate() {
                    let keyish = i % 2 == 1
                        && part.contains('.')
                        && part.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c)
                        })
                        && part.split('.').all(|p| !p.is_empty());
                    if keyish {
                        out.push((path.display().to_string(), part.to_string()));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_key_the_pages_use_has_words() {
        let keys = literal_keys();
        // Prefixes the catalogue uses; other dotted literals (storage keys,
        // file names) are not keys.
        let prefixes: std::collections::HashSet<&str> = keys
            .iter()
            .filter(|(_, k)| tr(Lang::Id, leak(k)) != k)
            .filter_map(|(_, k)| k.split('.').next())
            .collect();
        assert!(prefixes.contains("act") && prefixes.contains("nav"));
        let missing: Vec<_> = keys
            .iter()
            .filter(|(_, k)| k.split('.').next().is_some_and(|p| prefixes.contains(p)))
            .filter(|(_, k)| tr(Lang::Id, leak(k)) == k || tr(Lang::En, leak(k)) == k)
            .collect();
        assert!(missing.is_empty(), "keys without words: {missing:?}");
    }

    fn leak(k: &str) -> &'static str {
        Box::leak(k.to_string().into_boxed_str())
    }

    #[test]
    fn indonesian_first_english_second() {
        assert_eq!(tr(Lang::Id, "nav.logout"), "Keluar");
        assert_eq!(tr(Lang::En, "nav.logout"), "Sign out");
        assert_eq!(tr(Lang::Id, "no.such.key"), "no.such.key");
    }
}
