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

impl I18n {
    /// The language saved in the browser, Indonesian by default.
    pub fn load() -> Self {
        let lang = match crate::session::storage_get(STORAGE_KEY).as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Id,
        };
        I18n(RwSignal::new(lang))
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
        "score.frozen" => ("Final, dibekukan saat cut-off", "Final, frozen at the cut-off"),
        "score.live" => ("Sementara, per", "Provisional, as of"),
        "score.cutoff" => ("cut-off", "cut-off"),
        "score.empty" => ("Belum ada laporan pada periode ini.", "No report in this period yet."),
        "score.top" => ("5 terbaik", "Best 5"),
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
        "act.take_up" => ("Proses", "Take up"),
        "act.dispose" => ("Disposisi", "Hand over"),
        "act.coordinate" => ("Koordinasi", "Coordinate"),
        "act.follow_up" => ("Tindak lanjut", "Follow-up"),
        "act.complete" => ("Selesaikan", "Complete"),
        "act.approve" => ("Setujui", "Approve"),
        "act.reject" => ("Tolak", "Reject"),
        "act.set_estimate" => ("Estimasi selesai", "Completion estimate"),
        "act.reopen" => ("Buka kembali", "Reopen"),
        "act.comment" => ("Komentar", "Comment"),
        "act.rate" => ("Penilaian", "Rating"),
        "act.assign" => ("Tugaskan", "Assign"),
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
        "track.missing" => ("Laporan dengan nomor itu tidak ditemukan.", "No report has that number."),
        "work.title" => ("Beban kerja unit", "Unit workload"),
        "work.open" => ("laporan terbuka", "open reports"),
        "work.unassigned" => ("belum ditugaskan", "unassigned"),
        "work.oldest" => ("Terlama sejak", "Oldest since"),
        "nav.dashboard" => ("Dasbor", "Dashboard"),
        "nav.monitor" => ("Peringatan", "Warnings"),
        "nav.recap" => ("Rekap", "Recap"),
        "dash.title" => ("Dasbor pemantauan", "Monitoring dashboard"),
        "dash.live" => ("● langsung", "● live"),
        "dash.area" => ("Wilayah / unit", "Area / unit"),
        "dash.all_area" => ("Seluruh cakupan saya", "All of my scope"),
        "dash.total" => ("laporan masuk", "reports received"),
        "dash.mean_completion" => ("rata-rata waktu selesai", "mean completion time"),
        "dash.mean_response" => ("rata-rata waktu respon", "mean response time"),
        "dash.geotag" => ("geotag / non-geotag", "geotagged / not"),
        "dash.pingpong" => ("dikembalikan (ping-pong)", "handed back (ping-pong)"),
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
        "event.report_received" => ("Laporan diterima", "Report received"),
        "event.status_changed" => ("Status berubah", "Status changed"),
        "event.public_note" => ("Catatan publik", "Public note"),
        "event.estimate_set" => ("Estimasi ditetapkan", "Estimate set"),
        "common.no" => ("Tidak", "No"),
        "common.yes" => ("Ya", "Yes"),
        "common.none" => ("—", "—"),
        "common.error" => ("Terjadi kesalahan", "Something went wrong"),
        "notfound" => ("Halaman tidak ditemukan.", "Page not found."),
        _ => (key, key),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The i18n key of an action's name.
pub fn action_key(k: ActionKind) -> &'static str {
    match k {
        ActionKind::Arrive => "act.arrive",
        ActionKind::TakeUp => "act.take_up",
        ActionKind::Dispose => "act.dispose",
        ActionKind::Coordinate => "act.coordinate",
        ActionKind::FollowUp => "act.follow_up",
        ActionKind::Complete => "act.complete",
        ActionKind::Approve => "act.approve",
        ActionKind::Reject => "act.reject",
        ActionKind::SetEstimate => "act.set_estimate",
        ActionKind::Reopen => "act.reopen",
        ActionKind::Comment => "act.comment",
        ActionKind::Rate => "act.rate",
        ActionKind::Assign => "act.assign",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_first_english_second() {
        assert_eq!(tr(Lang::Id, "nav.logout"), "Keluar");
        assert_eq!(tr(Lang::En, "nav.logout"), "Sign out");
        assert_eq!(tr(Lang::Id, "no.such.key"), "no.such.key");
    }
}
