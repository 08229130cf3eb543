use super::with_param;
use super::{Icon, IconSprite};
use crate::prefs::{Lang, Role, ViewerUser};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_location};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let viewer = use_viewer();
    let t = use_strings();
    let location = use_location();
    // Switching mode or language is a full page load: the server renders the new layout whole.
    let mode_href = {
        let elder = viewer.mode.is_elder();
        move || {
            let (path, search) = (location.pathname.get(), location.search.get());
            with_param(&path, &search, "mode", if elder { "standard" } else { "elder" })
        }
    };
    let lang_href = {
        let en = viewer.lang == Lang::En;
        move || with_param(&location.pathname.get(), &location.search.get(), "lang", if en { "zh" } else { "en" })
    };
    let mode_label = if viewer.mode.is_elder() { t.to_standard } else { t.to_elder };
    let lang_label = if viewer.lang == Lang::En { t.to_chinese } else { t.to_english };
    let lang_attr = if viewer.lang == Lang::En { "zh-CN" } else { "en" };
    let user = viewer.user.clone();
    let at_kiosk = viewer.kiosk.is_some();
    view! {
        <a class="skip-link" href="#main" rel="external">{t.skip_to_main}</a>
        <IconSprite/>
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-name">{t.site_name}</span>
                    <span class="brand-tag">{t.site_tagline}</span>
                </A>
                <div class="prefs">
                    <a class="pref-toggle" href=mode_href rel="external" id="mode-toggle">{mode_label}</a>
                    <a class="pref-toggle" href=lang_href rel="external" hreflang=lang_attr lang=lang_attr>{lang_label}</a>
                </div>
                <nav aria-label=t.main_nav class="site-nav">
                    // On a phone the full list waits behind 菜单 (the tab bar holds the top four);
                    // on a wide screen it is the top navigation, always open (see main.css).
                    <details class="menu">
                        <summary><Icon name="menu"/><span>{crate::i18n::t("layout-menu")}</span></summary>
                        <SiteLinks user=user.clone()/>
                    </details>
                </nav>
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer"><p>{t.footer_text}</p></footer>
        // A terminal has its own bar in the tab bar's place: end and leave, call staff.
        {if at_kiosk { view! { <crate::kiosk::pages::KioskBar/> }.into_any() } else { view! { <TabBar user/> }.into_any() }}
        <HydrationMark/>
    }
}

/// Every destination the viewer's role has, in the order they use them.
#[component]
fn SiteLinks(user: Option<ViewerUser>) -> impl IntoView {
    let t = use_strings();
    let role = user.as_ref().map(|u| u.role);
    let is_staff = role == Some(Role::Staff);
    let is_admin = role == Some(Role::Admin);
    let is_officer = role == Some(Role::Officer);
    let is_resident = role == Some(Role::Resident);
    let is_provider = role == Some(Role::Provider);
    view! {
        <ul>
            <li><A href="/">{t.nav_home}</A></li>
            <li><A href="/services">{t.nav_services}</A></li>
            <li><A href="/notices">{crate::i18n::t("notice-title")}</A></li>
            <li><A href="/feedback">{crate::i18n::t("components-feedback")}</A></li>
            <li><A href="/board">{crate::i18n::t("components-board")}</A></li>
            <li><A href="/market">{crate::i18n::t("components-local-services")}</A></li>
            <li><A href="/counter">{crate::i18n::t("counter-nav")}</A></li>
            {match user {
                Some(_) => view! {
                    <li><A href="/me">{t.nav_me}</A></li>
                    {is_resident.then(|| view! { <li><A href="/me/applications">{crate::i18n::t("components-my-applications")}</A></li> })}
                    {is_officer.then(|| view! { <li><A href="/work">{crate::i18n::t("components-workbench")}</A></li> })}
                    <li><A href="/me/inbox">{crate::i18n::t("components-messages")}</A></li>
                    {(is_officer || is_staff).then(|| view! { <li><A href="/work/feedback">{crate::i18n::t("components-feedback-to-handle")}</A></li> })}
                    {(is_officer || is_staff).then(|| view! { <li><A href="/work/notices">{crate::i18n::t("notice-desk")}</A></li><li><A href="/work/surveys">{crate::i18n::t("survey-desk")}</A></li> })}
                    {is_staff.then(|| view! { <li><A href="/work/help">{crate::i18n::t("help-desk")}</A></li> })}
                    {(is_officer || is_staff || is_admin).then(|| view! { <li><A href="/insights">{crate::i18n::t("insights-title")}</A></li> })}
                    {is_resident.then(|| view! { <li><A href="/surveys">{crate::i18n::t("survey-title")}</A></li><li><A href="/help">{crate::i18n::t("help-title")}</A></li> })}
                    {is_staff.then(|| view! { <li><A href="/work/providers">{crate::i18n::t("components-providers")}</A></li> })}
                    {is_provider.then(|| view! { <li><A href="/provider">{crate::i18n::t("components-provider-centre")}</A></li> })}
                    {is_staff.then(|| view! { <li><A href="/staff/residents">{t.nav_staff}</A></li><li><A href="/me/applications">{crate::i18n::t("components-filed-for-residents")}</A></li> })}
                    {is_admin.then(|| view! { <li><A href="/admin/calendar">{t.nav_calendar}</A></li><li><A href="/admin/outbox">{crate::i18n::t("components-outbox")}</A></li>
                        <li><A href="/admin/feedback">{crate::i18n::t("components-feedback-deadlines")}</A></li><li><A href="/work/rectifications">{crate::i18n::t("components-appeals")}</A></li>
                        <li><A href="/admin/open311">{crate::i18n::t("components-open311-keys")}</A></li><li><A href="/admin/time-bank">{crate::i18n::t("help-cap-title")}</A></li>
                        <li><A href="/admin/boundaries">{crate::i18n::t("components-boundaries")}</A></li> })}
                    <li>
                        <form method="post" action="/logout" class="inline-form">
                            <button type="submit" class="link-button">{t.nav_sign_out}</button>
                        </form>
                    </li>
                }.into_any(),
                None => view! {
                    <li><A href="/login">{t.nav_sign_in}</A></li>
                    <li><A href="/register">{t.nav_register}</A></li>
                }.into_any(),
            }}
            <li><A href="/settings">{t.nav_settings}</A></li>
        </ul>
    }
}

/// The phone's bottom tabs, as residents know them from 粤省事 and 随申办: home, services,
/// messages (with the unread count; notices for a visitor) and 我的 (sign-in for a visitor).
#[component]
fn TabBar(user: Option<ViewerUser>) -> impl IntoView {
    let t = use_strings();
    let unread = user.as_ref().map_or(0, |u| u.unread);
    let (messages_href, messages_label) = match &user {
        Some(_) => ("/me/inbox", crate::i18n::t("components-messages")),
        None => ("/notices", crate::i18n::t("layout-tab-notices")),
    };
    let (me_href, me_label) = if user.is_some() { ("/me", t.nav_me) } else { ("/login", t.nav_sign_in) };
    let count = (unread > 0).then(|| {
        let shown = if unread > 99 { "99+".to_string() } else { unread.to_string() };
        view! { <span class="tab-count" aria-label=format!("{unread} {}", crate::i18n::t("layout-unread"))>{shown}</span> }
    });
    view! {
        <nav class="tabbar" aria-label=crate::i18n::t("layout-tabs")>
            <A href="/" attr:class="tab"><Icon name="home"/><span>{t.nav_home}</span></A>
            <A href="/services" attr:class="tab"><Icon name="services"/><span>{crate::i18n::t("layout-tab-services")}</span></A>
            <A href=messages_href attr:class="tab"><Icon name="messages"/><span>{messages_label}</span>{count}</A>
            <A href=me_href attr:class="tab"><Icon name="me"/><span>{me_label}</span></A>
        </nav>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_strings();
    super::set_status(404);
    view! {
        <Title text=t.not_found_title/>
        <h1>{t.not_found_title}</h1>
        <p>{t.not_found_body}</p>
        <p><A href="/services">{t.detail_back}</A></p>
    }
}

/// The last island of every page: islands hydrate in document order, so once this one runs the
/// page's widgets are live. It tells tests (and curious readers) so.
#[island]
pub fn HydrationMark() -> impl IntoView {
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
