//! Answers a page gives when it cannot show what was asked: sign in first, or nothing here.
use crate::components::set_status;
use crate::i18n::{t, use_strings};
use leptos::prelude::*;

/// Shown when a page needs a signed-in person.
#[component]
pub fn SignInFirst() -> impl IntoView {
    // The same answer whatever was asked for: it reveals nothing about what exists.
    set_status(401);
    view! {
        <p class="banner">{t("applications-please-sign-in-to-apply-or")}</p>
        <p><a class="button primary" href="/login" rel="external">{t("applications-sign-in")}</a></p>
    }
}

#[component]
pub fn NotYours() -> impl IntoView {
    set_status(404);
    let t = use_strings();
    view! {
        <h1>{t.not_found_title}</h1>
        <p>{t.not_found_body}</p>
    }
}

/// A page's answer when its loader found nothing for the viewer: signed out, the sign-in prompt
/// (401; the page could be theirs); signed in, not found (never saying whether it exists).
pub fn nothing_here() -> AnyView {
    if crate::prefs::use_viewer().user.is_none() {
        view! { <SignInFirst/> }.into_any()
    } else {
        view! { <NotYours/> }.into_any()
    }
}
