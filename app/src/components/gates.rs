//! Answers a page gives when it cannot show what was asked: sign in first, or nothing here.
use crate::components::{set_status, sign_in_href};
use crate::i18n::{t, use_strings};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Shown when a page needs a signed-in person (401): signing in comes back to this page.
#[component]
pub fn SignInFirst(#[prop(optional)] purpose: Option<&'static str>) -> impl IntoView {
    // The same answer whatever was asked for: it reveals nothing about what exists.
    set_status(401);
    view! { <SignInPrompt purpose=purpose.unwrap_or("gate-sign-in-to-continue")/> }
}

/// The invitation to sign in on a page anyone may read (an action on it needs an account):
/// says what the sign-in is for, and comes back to this page, query included, afterwards.
#[component]
pub fn SignInPrompt(purpose: &'static str) -> impl IntoView {
    let location = use_location();
    let here = move || {
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let query = if search.is_empty() { String::new() } else { format!("?{search}") };
        sign_in_href(&format!("{}{query}", location.pathname.get_untracked()))
    };
    view! {
        <p class="banner">{t(purpose)}</p>
        <p><a class="button primary" href=here rel="external">{t("applications-sign-in")}</a></p>
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
