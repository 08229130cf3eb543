//! Print links: A4, or an 80 mm slip (a terminal's receipt printer); and on paper, a QR code
//! leading back to the page.
use crate::i18n::t;
use leptos::prelude::*;

/// Print this page on A4, or as a slip from an 80 mm receipt printer (terminals have one): each
/// link lays the page out for its paper (`?paper=`) and opens the print dialog at once. Nothing
/// printed carries an ID number or a full phone number: the pages mask both. When the page is
/// drawn for paper, a QR code of its address is printed with it (`qr`, unless the page prints
/// its own), so the slip leads back to the guide or the item; screens never pay for drawing it.
#[component]
pub fn PrintLinks(#[prop(default = true)] qr: bool) -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    let for_paper = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("paper").is_some());
    let code = if qr && for_paper { page_qr(&path) } else { None };
    view! {
        <p class="no-print print-links">{t("print-lead")}" "
            <a href=format!("{path}?paper=a4&print=1") rel="external">{t("print-a4")}</a>" · "
            <a href=format!("{path}?paper=80mm&print=1") rel="external">{t("print-80mm")}</a>
        </p>
        {code.map(|svg| view! {
            <figure class="poster-qr print-qr"><div role="img" aria-label=t("print-qr") inner_html=svg></div></figure>
        })}
    }
}

/// The page's public address as a QR code.
#[cfg(feature = "ssr")]
fn page_qr(path: &str) -> Option<String> {
    let state = use_context::<crate::state::AppState>()?;
    crate::components::qr_svg(&format!("{}{path}", crate::applications::server::ssr::public_origin(&state))).ok()
}

#[cfg(not(feature = "ssr"))]
fn page_qr(_: &str) -> Option<String> {
    None
}
