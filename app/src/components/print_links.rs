//! Print links: A4, or an 80 mm slip (a terminal's receipt printer).
use crate::i18n::t;
use leptos::prelude::*;

/// Print this page on A4, or as a slip from an 80 mm receipt printer (terminals have one): each
/// link lays the page out for its paper (`?paper=`) and opens the print dialog at once. Nothing
/// printed carries an ID number or a full phone number: the pages mask both.
#[component]
pub fn PrintLinks() -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    view! {
        <p class="no-print print-links">{t("print-lead")}" "
            <a href=format!("{path}?paper=a4&print=1") rel="external">{t("print-a4")}</a>" · "
            <a href=format!("{path}?paper=80mm&print=1") rel="external">{t("print-80mm")}</a>
        </p>
    }
}
