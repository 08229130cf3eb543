//! `/kiosk/sign-in` (the terminal: hold up the phone's QR, or type its eight digits, or sign in
//! with phone and password), `/me/kiosk-code` (the resident's phone shows its code) and
//! `/work/kiosk-code` (staff make a code for a resident who has neither).
use super::sign_in::*;
use crate::applications::apply_page::PersonChooser;
use crate::components::{loaded, FormBanner, NotYours, StaffConsent, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;

fn query(key: &'static str) -> Option<String> {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get(key)).filter(|v| !v.is_empty())
}

#[component]
pub fn KioskSignInPage() -> impl IntoView {
    let form = use_form_state();
    let (code_error, code_id, code_bad) = error_of(&form, "code");
    let (photo_error, photo_id, photo_bad) = error_of(&form, "photo");
    view! {
        <Title text=t("kiosk-sign-in")/>
        <h1>{t("kiosk-sign-in")}</h1>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <section class="card" aria-labelledby="by-qr">
            <h2 id="by-qr">{t("kiosk-sign-in-by-qr")}</h2>
            <p>{t("kiosk-sign-in-by-qr-lead")}</p>
            <form method="post" action="/kiosk/sign-in/photo" enctype="multipart/form-data" class="stack" id="kiosk-qr-form">
                // Shown by /kiosk.js where the terminal's camera can be used live.
                <div class="kiosk-camera stack" hidden=true>
                    <video autoplay=true playsinline=true muted=true aria-label=t("kiosk-camera-view")></video>
                    <button type="button" class="button primary">{t("kiosk-camera-shoot")}</button>
                </div>
                <div class="field" class:invalid=photo_bad>
                    <label for="photo">{t("kiosk-sign-in-photo")}</label>
                    <input id="photo" name="photo" type="file" accept="image/*" capture="user" required=true aria-describedby=photo_id.clone()/>
                    {photo_error.map(|e| view! { <p class="error" id=photo_id>{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("kiosk-sign-in-photo-submit")}</button>
            </form>
        </section>
        <section class="card" aria-labelledby="by-code">
            <h2 id="by-code">{t("kiosk-sign-in-by-code")}</h2>
            <form method="post" action="/kiosk/sign-in" class="stack">
                <div class="field" class:invalid=code_bad>
                    <label for="code">{t("kiosk-sign-in-code")}</label>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12"
                        required=true aria-describedby=code_id.clone()/>
                    {code_error.map(|e| view! { <p class="error" id=code_id>{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("kiosk-sign-in-code-submit")}</button>
            </form>
        </section>
        <section class="card" aria-labelledby="by-password">
            <h2 id="by-password">{t("kiosk-sign-in-by-password")}</h2>
            <p><a class="button" href="/login?next=/kiosk">{t("kiosk-sign-in-by-password-go")}</a></p>
            <p class="hint">{t("kiosk-sign-in-ask-staff")}</p>
        </section>
    }
}

/// A code as the phone or the staff's screen shows it: the QR, the digits, until when.
#[component]
fn CodeShown(code: KioskCode) -> impl IntoView {
    view! {
        <figure class="qr"><div role="img" aria-label=t("kiosk-code-qr") inner_html=code.qr_svg></div></figure>
        <p class="kiosk-short-code"><span class="label">{t("kiosk-code-digits")}</span>" "<strong class="digits">{code.short}</strong></p>
        <p class="hint">{t("kiosk-code-until")}" "{code.until}</p>
    }
}

#[component]
pub fn MyKioskCodePage() -> impl IntoView {
    let data = Resource::new(|| query("t"), load_my_kiosk_code);
    view! {
        <Title text=t("kiosk-my-code-title")/>
        <h1>{t("kiosk-my-code-title")}</h1>
        <p class="lead">{t("kiosk-my-code-lead")}</p>
        {loaded(data, || view! { <NotYours/> }.into_any(), |code| view! {
            {code.map(|code| view! { <CodeShown code/> })}
            <form method="post" action="/me/kiosk-code">
                <button type="submit" class="button primary">{t("kiosk-my-code-make")}</button>
            </form>
        }.into_any())}
    }
}

#[component]
pub fn StaffKioskCodePage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(
        || (query("for").and_then(|f| f.parse::<i64>().ok()), query("who"), query("t")),
        |(f, w, tk)| load_staff_kiosk_code(f, w, tk),
    );
    view! {
        <Title text=t("kiosk-staff-code-title")/>
        <h1>{t("kiosk-staff-code-title")}</h1>
        <p class="lead">{t("kiosk-staff-code-lead")}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {loaded(data, || view! { <NotYours/> }.into_any(), move |v| view! { <StaffCodeBody v form=form.clone()/> }.into_any())}
    }
}

#[component]
fn StaffCodeBody(v: StaffKioskCode, form: FormState) -> impl IntoView {
    let chosen = v.chosen;
    view! {
        <PersonChooser action="/work/kiosk-code".into() is_staff=true choices=v.choices.clone() chosen=chosen who=v.who.clone()/>
        {(chosen != 0).then(|| match v.code.clone() {
            Some(code) => view! {
                <section class="card" aria-labelledby="code-for">
                    <h2 id="code-for">{t("kiosk-staff-code-for")}" "<Written text=v.chosen_name.clone()/></h2>
                    <CodeShown code/>
                </section>
            }.into_any(),
            None => view! {
                <form method="post" action="/work/kiosk-code" class="stack">
                    <input type="hidden" name="for" value=chosen.to_string()/>
                    <StaffConsent form=form.clone()/>
                    <button type="submit" class="button primary">{t("kiosk-staff-code-make")}</button>
                </form>
            }.into_any(),
        })}
    }
}
