//! The app's words in Bahasa Indonesia (first) and English. The choice is
//! kept in the browser.

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
