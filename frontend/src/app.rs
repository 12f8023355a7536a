//! The app's frame: context, router, header and navigation.

use crate::i18n::{use_i18n, I18n};
use crate::pages::{
    account::PasswordPage,
    accounts::AccountsPage,
    audit::AuditPage,
    categories::CategoriesPage,
    dashboard::DashboardPage,
    deliveries::DeliveriesPage,
    import::ImportPage,
    inbox::InboxPage,
    integrations::ChannelsPage,
    login::LoginPage,
    monitor::{MonitorPage, NotificationBell, NotificationsPage},
    new_report::NewReportPage,
    public_stats::PublicStatsPage,
    recap::RecapPage,
    report::ReportPage,
    reports::ReportsPage,
    reviews::ReviewsPage,
    scores::{ExplainPage, RankingPage},
    settings::SettingsPage,
    track::{TrackLanding, TrackPage},
    units::UnitsPage,
    workload::WorkloadPage,
};
use crate::session::{use_session, Session};
use crm_domain::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::load();
    provide_context(session);
    provide_context(I18n::load());
    crate::widgets::Flash::provide();
    crate::live::provide(session);
    // A token saved by an earlier visit: find out whose it is, or drop it.
    if let Some(token) = session.token.get_untracked() {
        spawn_local(async move {
            match crate::api::me(&token).await {
                Ok(me) => session.me.set(Some(me)),
                Err(e) if e.is_unauthorized() => session.sign_out(),
                Err(_) => {}
            }
        });
    }
    // The skip link moves the keyboard past the header and menu to the page.
    let content = NodeRef::<leptos::html::Main>::new();
    let i18n = expect_context::<I18n>();
    view! {
        <Router>
            <a
                class="skip-link"
                href="#isi"
                on:click=move |ev| {
                    ev.prevent_default();
                    if let Some(main) = content.get() {
                        let _ = main.focus();
                    }
                }
            >
                {move || i18n.t("nav.skip")}
            </a>
            <Header/>
            <main class="container" id="isi" tabindex="-1" node_ref=content>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/masuk") view=LoginPage/>
                    <Route path=path!("/lacak") view=TrackLanding/>
                    <Route path=path!("/lacak/:number") view=TrackPage/>
                    <Route path=path!("/statistik") view=PublicStatsPage/>
                    <Route path=path!("/kata-sandi") view=PasswordPage/>
                    // Administrators' pages: signed in, and an administrator.
                    <ParentRoute path=path!("/admin") view=AdminArea>
                        <Route path=path!("/kanal") view=ChannelsPage/>
                        <Route path=path!("/pengiriman") view=DeliveriesPage/>
                        <Route path=path!("/audit") view=AuditPage/>
                        <Route path=path!("/kategori") view=CategoriesPage/>
                        <Route path=path!("/pengaturan") view=SettingsPage/>
                        <Route path=path!("/unit") view=UnitsPage/>
                        <Route path=path!("/impor") view=ImportPage/>
                    </ParentRoute>
                    // Staff pages: signed in.
                    <ParentRoute path=path!("") view=StaffArea>
                        <Route path=path!("/kotak-masuk") view=InboxPage/>
                        <Route path=path!("/laporan") view=ReportsPage/>
                        <Route path=path!("/laporan/baru") view=NewReportPage/>
                        <Route path=path!("/laporan/:number") view=ReportPage/>
                        <Route path=path!("/beban-kerja") view=WorkloadPage/>
                        <Route path=path!("/skor") view=RankingPage/>
                        <Route path=path!("/skor/:unit") view=ExplainPage/>
                        <Route path=path!("/dasbor") view=DashboardPage/>
                        <Route path=path!("/pantauan") view=MonitorPage/>
                        <Route path=path!("/notifikasi") view=NotificationsPage/>
                        <Route path=path!("/rekap") view=RecapPage/>
                        <Route path=path!("/tinjauan") view=ReviewsPage/>
                        <Route path=path!("/akun") view=AccountsPage/>
                    </ParentRoute>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Home() -> impl IntoView {
    let session = use_session();
    move || {
        if session.token.get().is_some() {
            view! { <Redirect path="/kotak-masuk"/> }
        } else {
            view! { <Redirect path="/masuk"/> }
        }
    }
}

/// The staff pages' frame: shown only to a signed-in user; others (and a
/// user whose sign-in the server refused) go to the sign-in page.
#[component]
fn StaffArea() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let back_here = move || {
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let query = if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        };
        crate::session::sign_in_path(&format!("{}{query}", location.pathname.get_untracked()))
    };
    let must_change = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.must_change_password))
    });
    move || {
        if session.token.get().is_some() && must_change.get() {
            // A temporary password: nothing else opens until it is changed.
            view! { <Redirect path="/kata-sandi"/> }.into_any()
        } else if session.token.get().is_some() {
            view! { <Outlet/> }.into_any()
        } else {
            view! { <Redirect path=back_here()/> }.into_any()
        }
    }
}

/// The administrators' pages' frame: signed in, and an administrator;
/// others are told the page is not theirs. While the user is still being
/// looked up the page shows (the server refuses anyone else anyway).
#[component]
fn AdminArea() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let i18n = use_i18n();
    let denied = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.role != Role::Administrator))
    });
    move || {
        if session.token.get().is_none() {
            let here = crate::session::sign_in_path(&location.pathname.get_untracked());
            view! { <Redirect path=here/> }.into_any()
        } else if denied.get() {
            view! { <p class="notice" id="admin-only">{move || i18n.t("admin.only")}</p> }
                .into_any()
        } else {
            view! { <Outlet/> }.into_any()
        }
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice">{move || i18n.t("notfound")}</p> }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let is_admin = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Administrator))
    };
    let manages_accounts = move || {
        session.me.with(|m| {
            m.as_ref()
                .is_some_and(|m| matches!(m.role, Role::Administrator | Role::UnitHead))
        })
    };
    let is_monitoring = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Monitoring))
    };
    let logout = move |_| {
        if let Some(token) = session.token.get_untracked() {
            // The server ends the session; the app forgets it at once.
            leptos::task::spawn_local(async move {
                let _ = crate::api::logout(&token).await;
            });
        }
        session.sign_out();
        navigate("/masuk", Default::default());
    };
    // The phone menu: open on demand, closed on every change of page.
    let menu_open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        menu_open.set(false);
        set_page_title(&path, i18n);
    });
    // The document's language follows the app's.
    Effect::new(move |_| {
        let code = match i18n.0.get() {
            crate::i18n::Lang::Id => "id",
            crate::i18n::Lang::En => "en",
        };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
    });
    view! {
        <header class="topbar">
            <div class="brand">
                <strong>{move || i18n.t("app.title")}</strong>
                <span class="subtitle">{move || i18n.t("app.subtitle")}</span>
            </div>
            <div class="quick">
                <Show when=move || session.token.get().is_some()>
                    <NotificationBell/>
                </Show>
                <button
                    class="menu-toggle"
                    id="menu-toggle"
                    aria-controls="main-menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                        <path fill="currentColor" d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z"/>
                    </svg>
                    {move || if menu_open.get() { i18n.t("nav.menu_close") } else { i18n.t("nav.menu") }}
                </button>
            </div>
            <div class="menu" id="main-menu" class:open=move || menu_open.get()>
            // Choosing a page closes the menu, even the page already open.
            <nav aria-label=move || i18n.t("nav.menu") on:click=move |_| menu_open.set(false)>
                <Show when=move || session.token.get().is_some()>
                    <A href="/kotak-masuk">{move || i18n.t("nav.inbox")}</A>
                    <A href="/laporan">{move || i18n.t("nav.reports")}</A>
                    <A href="/laporan/baru">{move || i18n.t("nav.new")}</A>
                    <A href="/dasbor">{move || i18n.t("nav.dashboard")}</A>
                    <A href="/pantauan">{move || i18n.t("nav.monitor")}</A>
                    <A href="/beban-kerja">{move || i18n.t("nav.workload")}</A>
                    <A href="/skor">{move || i18n.t("nav.scores")}</A>
                    <A href="/rekap">{move || i18n.t("nav.recap")}</A>
                    <Show when=is_monitoring>
                        <A href="/tinjauan" attr:id="nav-reviews">{move || i18n.t("nav.reviews")}</A>
                    </Show>
                    <Show when=is_admin>
                        <A href="/admin/kanal" attr:id="nav-integrations">{move || i18n.t("nav.integrations")}</A>
                        <A href="/admin/pengiriman" attr:id="nav-deliveries">{move || i18n.t("nav.deliveries")}</A>
                        <A href="/admin/unit" attr:id="nav-units">{move || i18n.t("nav.units")}</A>
                        <A href="/admin/kategori" attr:id="nav-categories">{move || i18n.t("nav.categories")}</A>
                        <A href="/admin/pengaturan" attr:id="nav-settings">{move || i18n.t("nav.settings")}</A>
                        <A href="/admin/impor" attr:id="nav-import">{move || i18n.t("nav.import")}</A>
                        <A href="/admin/audit" attr:id="nav-audit">{move || i18n.t("nav.audit")}</A>
                    </Show>
                    <Show when=manages_accounts>
                        <A href="/akun" attr:id="nav-accounts">{move || i18n.t("nav.accounts")}</A>
                    </Show>
                </Show>
                <A href="/lacak">{move || i18n.t("nav.track")}</A>
                <A href="/statistik" attr:id="nav-public-stats">{move || i18n.t("nav.public_stats")}</A>
            </nav>
            <div class="user">
                {move || session.me.get().map(|me| view! {
                    <span class="who" id="who">
                        {me.full_name.clone()}
                        <small>{format!(" · {}", crate::messages::role_name(i18n.lang(), me.role))}{me.unit_name.map(|u| format!(" · {u}"))}</small>
                    </span>
                })}
                <button class="link" id="nav-lang" on:click=move |_| i18n.toggle()>{move || i18n.t("nav.lang")}</button>
                <Show when=move || session.token.get().is_some()>
                    <A href="/kata-sandi" attr:id="nav-password" attr:class="link">{move || i18n.t("nav.password")}</A>
                </Show>
                <Show when=move || session.token.get().is_some()>
                    <button class="secondary" id="logout" on:click=logout.clone()>{move || i18n.t("nav.logout")}</button>
                </Show>
            </div>
            </div>
        </header>
    }
}

/// Each page's `<title>`: its name, then the app's, so tabs, history and
/// screen readers tell pages apart.
fn set_page_title(path: &str, i18n: I18n) {
    let key = PAGE_TITLES
        .iter()
        .filter(|(prefix, _)| path == *prefix || path.starts_with(&format!("{prefix}/")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, key)| *key);
    let app = i18n.t("app.title");
    let title = match (key, path) {
        (Some("nav.reports"), p) if p.trim_start_matches("/laporan/").parse::<i64>().is_ok() => {
            format!(
                "{} {} · {app}",
                i18n.t("nav.report"),
                p.trim_start_matches("/laporan/")
            )
        }
        (Some(key), _) => format!("{} · {app}", i18n.t(key)),
        (None, _) => app.to_string(),
    };
    document().set_title(&title);
}

/// Pages by path, with the key of their name.
const PAGE_TITLES: &[(&str, &str)] = &[
    ("/masuk", "login.title"),
    ("/kata-sandi", "nav.password"),
    ("/kotak-masuk", "nav.inbox"),
    ("/laporan", "nav.reports"),
    ("/laporan/baru", "nav.new"),
    ("/dasbor", "nav.dashboard"),
    ("/pantauan", "nav.monitor"),
    ("/beban-kerja", "nav.workload"),
    ("/skor", "nav.scores"),
    ("/rekap", "nav.recap"),
    ("/notifikasi", "notif.title"),
    ("/tinjauan", "nav.reviews"),
    ("/akun", "nav.accounts"),
    ("/lacak", "nav.track"),
    ("/statistik", "nav.public_stats"),
    ("/admin/kanal", "nav.integrations"),
    ("/admin/pengiriman", "nav.deliveries"),
    ("/admin/unit", "nav.units"),
    ("/admin/kategori", "nav.categories"),
    ("/admin/pengaturan", "nav.settings"),
    ("/admin/impor", "nav.import"),
    ("/admin/audit", "nav.audit"),
];
