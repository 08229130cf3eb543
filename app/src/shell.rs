use crate::accounts::pages::{MePage, SettingsPage, SignInPage, RegisterPage, StaffResidentsPage};
use crate::applications::apply_page::ApplyPage;
use crate::applications::pages::{ApplicationPage, MyApplicationsPage, WalletPage};
use crate::applications::receipt::ReceiptPage;
use crate::calendar::pages::AdminCalendarPage;
use crate::family::pages::FamilyPage;
use crate::notifications::pages::{InboxPage, OutboxPage};
use crate::workbench::pages::{WorkCasePage, WorkbenchPage};
use crate::catalogue::pages::{ServicePage, ServicesPage};
use crate::components::{Layout, NotFound};
use crate::home::HomePage;
use crate::prefs::server_viewer;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

static ASSET_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Set once at start-up from the built site's `pkg/asset-hash`: the bundle's file names carry
/// the hash of its content, so they are served `immutable` and a new build is a new name.
pub fn set_asset_hash(hash: &str) {
    let _ = ASSET_HASH.set(hash.to_string());
}

/// The hash the bundle's names carry, once set.
pub fn asset_hash() -> Option<&'static str> {
    ASSET_HASH.get().map(String::as_str)
}

/// The bundle's file `name.ext` as served: `/pkg/name.HASH.ext` once a hash is set.
pub fn asset(name: &str, ext: &str) -> String {
    match asset_hash() {
        Some(h) => format!("/pkg/{name}.{h}.{ext}"),
        None => format!("/pkg/{name}.{ext}"),
    }
}

/// Staff, officers, providers and administrators see other people's data: nothing of theirs is
/// kept for offline reading.
fn works_on_others_data(viewer: &crate::prefs::Viewer) -> bool {
    viewer.user.as_ref().is_some_and(|u| u.role != crate::prefs::Role::Resident)
}

/// `?paper=80mm` lays the page out for a receipt printer (A4 otherwise); `?print=1` opens the
/// print dialog once the page is drawn.
fn print_request() -> (&'static str, bool) {
    #[cfg(feature = "ssr")]
    {
        let query = use_context::<http::request::Parts>().and_then(|p| p.uri.query().map(str::to_string)).unwrap_or_default();
        let has = |pair: &str| query.split('&').any(|kv| kv == pair);
        (if has("paper=80mm") { " paper-80mm" } else { "" }, has("print=1"))
    }
    #[cfg(not(feature = "ssr"))]
    ("", false)
}

/// The HTML document around the app; rendered on the server only. Mode and language are on the
/// `<html>` element from the first byte, so 长辈版 never flashes the standard layout.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let viewer = server_viewer();
    let class = match (viewer.kiosk.is_some(), viewer.mode.is_elder()) {
        (true, _) => "elder kiosk",
        (false, true) => "elder",
        (false, false) => "standard",
    };
    let (paper, print) = print_request();
    let class = format!("{class}{paper}");
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=viewer.lang.tag() class=class>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href=asset("linli", "css")/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <meta name="theme-color" content="#0b57a4"/>
                // Residents may install Linli and read what they saw offline; on staff, officer,
                // provider and admin sessions any offline copies are dropped instead.
                <script src=if works_on_others_data(&viewer) || viewer.kiosk.is_some() { "/pwa-off.js" } else { "/pwa.js" } defer=true></script>
                {viewer.kiosk.is_some().then(|| view! { <script src="/kiosk.js" defer=true></script> })}
                {print.then(|| view! { <script src="/print.js" defer=true></script> })}
                // After the first page, links fetch only the next page's HTML (see nav.js); a
                // terminal keeps full loads.
                {viewer.kiosk.is_none().then(|| view! { <script src="/nav.js" defer=true></script> })}
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use http::{header, HeaderValue};
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(res), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&policy)) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Resolved on the server for this request (pages render there; islands get their words as props).
    let viewer = SharedValue::new(server_viewer).into_inner();
    provide_context(viewer);

    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/styleguide") view=crate::components::StyleguidePage/>
                    <Route path=path!("/services") view=ServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/services/:code") view=ServicePage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset") view=crate::accounts::code_pages::ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/totp") view=crate::accounts::security_pages::SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/security") view=crate::accounts::security_pages::SecurityPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/security/phone") view=crate::accounts::security_pages::PhoneChangePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/identity") view=crate::accounts::identity_pages::IdentityPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/data") view=crate::privacy::my_data_pages::MyDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/calendar") view=crate::agenda::CalendarFeedPage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async/>
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/residents") view=StaffResidentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/calendar") view=AdminCalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/outbox") view=OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/retention") view=crate::privacy::pages::RetentionPage ssr=SsrMode::Async/>
                    <Route path=path!("/services/:code/apply") view=ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/applications") view=MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/applications/:ref_no") view=ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/applications/:ref_no/receipt") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/wallet") view=WalletPage ssr=SsrMode::Async/>
                    <Route path=path!("/things") view=crate::things::pages::ThingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/things/:code") view=crate::things::pages::ThingPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/things/:ref_no") view=crate::things::pages::BundlePage ssr=SsrMode::Async/>
                    <Route path=path!("/counter") view=crate::counter::pages::CounterPage ssr=SsrMode::Async/>
                    <Route path=path!("/insights") view=crate::insights::pages::InsightsPage ssr=SsrMode::Async/>
                    <Route path=path!("/counter/:office") view=crate::counter::pages::BookPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/appointments/:ref_no") view=crate::counter::pages::AppointmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/t/:token") view=crate::counter::hall_pages::PlacePage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/:office") view=crate::counter::hall_pages::DisplayPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/:office/take") view=crate::counter::hall_pages::TakePage ssr=SsrMode::Async/>
                    <Route path=path!("/work/counter/:office") view=crate::counter::hall_pages::DeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/certificates") view=crate::certificates::pages::MyCertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/certificates/:serial") view=crate::certificates::pages::CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/work/certificates/:serial") view=crate::certificates::pages::OfficerCertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=crate::certificates::pages::VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:serial") view=crate::certificates::pages::VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/s/:token") view=crate::certificates::pages::SharedCertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/keys") view=crate::certificates::pages::KeysPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/family") view=FamilyPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/inbox") view=InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/work") view=WorkbenchPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/feedback") view=crate::feedback::pages::UnitFeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/rectifications") view=crate::ratings::pages::RectificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/providers") view=crate::market::staff_pages::StaffProvidersPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/providers/:id") view=crate::market::staff_pages::StaffProviderPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/surveys") view=crate::surveys::work_pages::WorkSurveysPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/surveys/:id") view=crate::surveys::work_pages::WorkSurveyPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/surveys/:id/residents/:resident") view=crate::surveys::pages::ProxyAnswerPage ssr=SsrMode::Async/>
                    <Route path=path!("/surveys") view=crate::surveys::pages::SurveysPage ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:id") view=crate::surveys::pages::SurveyPage ssr=SsrMode::Async/>
                    <Route path=path!("/help") view=crate::help::pages::HelpPage ssr=SsrMode::Async/>
                    <Route path=path!("/help/:id") view=crate::help::pages::HelpRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/volunteer") view=crate::help::volunteer_pages::VolunteerPage ssr=SsrMode::Async/>
                    <Route path=path!("/volunteer/certificates/:code") view=crate::help::volunteer_pages::CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/work/help") view=crate::help::work_pages::WorkHelpPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/time-bank") view=crate::help::work_pages::AdminTimeBankPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/notices") view=crate::notices::work_pages::WorkNoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/notices/:id") view=crate::notices::work_pages::WorkNoticePage ssr=SsrMode::Async/>
                    <Route path=path!("/notices") view=crate::notices::pages::NoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/notices/:id") view=crate::notices::pages::NoticePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/groups") view=crate::notices::pages::MyGroupsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/notice-settings") view=crate::notices::pages::NoticeSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/work/kiosk-code") view=crate::kiosk::sign_in_pages::StaffKioskCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/work/:ref_no") view=WorkCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/open311") view=crate::open311::keys::ApiKeysPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/kiosks") view=crate::kiosk::pages::AdminKiosksPage ssr=SsrMode::Async/>
                    <Route path=path!("/kiosk") view=crate::kiosk::pages::KioskHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/kiosk/pair") view=crate::kiosk::pages::KioskPairPage ssr=SsrMode::Async/>
                    <Route path=path!("/kiosk/handoff") view=crate::kiosk::pages::KioskHandoffPage ssr=SsrMode::Async/>
                    <Route path=path!("/kiosk/sign-in") view=crate::kiosk::sign_in_pages::KioskSignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/kiosk/photo") view=crate::kiosk::photo::KioskPhotoPage ssr=SsrMode::Async/>
                    <Route path=path!("/h/p/:token") view=crate::kiosk::photo::PhonePhotoPage ssr=SsrMode::Async/>
                    <Route path=path!("/h/photo-received") view=crate::kiosk::photo::PhotoReceivedPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/kiosk-code") view=crate::kiosk::sign_in_pages::MyKioskCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/boundaries") view=crate::community::boundaries_page::BoundariesPage ssr=SsrMode::Async/>
                    <Route path=path!("/board") view=crate::board::pages::BoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/feedback") view=crate::feedback::pages::FeedbackListPage ssr=SsrMode::Async/>
                    <Route path=path!("/feedback/new") view=crate::feedback::new_page::NewFeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/feedback/:ref_no") view=crate::feedback::pages::FeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/feedback") view=crate::feedback::pages::MyFeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/feedback") view=crate::feedback::pages::AdminFeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/rate/:kind/:key") view=crate::ratings::pages::RatePage ssr=SsrMode::Async/>
                    <Route path=path!("/market") view=crate::market::pages::MarketPage ssr=SsrMode::Async/>
                    <Route path=path!("/market/orders/:ref_no") view=crate::market::pages::OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/market/:id") view=crate::market::pages::ListingPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/orders") view=crate::market::pages::MyOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/provider") view=crate::market::provider_pages::ProviderHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/provider/apply") view=crate::market::provider_pages::ProviderApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/provider/listings/new") view=crate::market::provider_pages::ListingEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/provider/listings/:id") view=crate::market::provider_pages::ListingEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/rectifications/:id") view=crate::ratings::pages::RectificationPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
