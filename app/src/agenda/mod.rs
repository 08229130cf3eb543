//! The resident's calendar: a booking or a deadline added to the phone's calendar as an `.ics`
//! file, and a personal feed of both at a secret link the resident makes and revokes at
//! `/me/calendar`.
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ics;

use crate::components::{FormBanner, SignInFirst};
use crate::forms::use_form_state;
use crate::i18n::{t, use_strings};
use crate::prefs::use_viewer;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/me/calendar`: what the feed holds, and the buttons that make a new link or turn it off.
/// The link itself is shown once, in the notice after it is made.
#[component]
pub fn CalendarFeedPage() -> impl IntoView {
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    view! {
        <Title text=t("agenda-title")/>
        <h1>{t("agenda-title")}</h1>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            <p>{t("agenda-intro")}</p>
            <form method="post" action="/me/calendar/link" class="stack">
                <button type="submit" class="button primary">{t("agenda-make-link")}</button>
            </form>
            <form method="post" action="/me/calendar/revoke" class="stack">
                <button type="submit" class="button">{t("agenda-revoke-link")}</button>
            </form>
        }.into_any() }}
    }
}
