//! The pieces of a page that prove a phone: step one asks for the number and sends a code; step
//! two takes the code with the rest. Each step is its own form with one submit button, so
//! pressing Enter does what the visible button says, with or without JavaScript.
use crate::components::{Field, FormBanner};
use crate::forms::{use_form_state, FormState};
use crate::i18n::{t, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Whether the page is at step two (a code was sent, or a step-two form was refused).
pub fn code_step(form: &FormState) -> bool {
    form.value("code_step") == "1"
}

/// Step one: the phone number and "send code", posted to `action` with `send_code=1`. `keep`
/// carries what the person typed before (say their name) through the round trip.
#[component]
pub fn SendCodeForm(form: FormState, action: &'static str, #[prop(optional)] keep: Vec<(&'static str, String)>) -> impl IntoView {
    let s = use_strings();
    view! {
        <form method="post" action=action class="stack">
            <input type="hidden" name="send_code" value="1"/>
            {keep.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            <Field form=form.clone() name="phone" label=s.field_phone kind="tel" autocomplete="tel" inputmode="numeric" maxlength=13/>
            {form.error("code").map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="button primary">{t("code-send")}</button>
        </form>
    }
}

/// Asks again for a code to the phone already given (a second, separate form: never the one
/// Enter submits on the main form).
#[component]
pub fn ResendCodeForm(form: FormState, action: &'static str, #[prop(optional)] keep: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <form method="post" action=action class="resend">
            <input type="hidden" name="send_code" value="1"/>
            <input type="hidden" name="phone" value=form.value("phone")/>
            <input type="hidden" name="code_step" value="1"/>
            {keep.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            <button type="submit" class="button">{t("code-send")}</button>
        </form>
    }
}

/// The code box of a step-two form.
#[component]
pub fn CodeField(form: FormState) -> impl IntoView {
    view! {
        <input type="hidden" name="code_step" value="1"/>
        <Field form name="code" label=t("field-code") hint=t("field-code-hint") autocomplete="one-time-code"
            inputmode="numeric" maxlength=6 no_echo=true/>
    }
}

/// `/reset`: 忘记密码.
#[component]
pub fn ResetPage() -> impl IntoView {
    let s = use_strings();
    let form = use_form_state();
    let step_two = code_step(&form);
    view! {
        <Title text=t("reset-title")/>
        <h1>{t("reset-title")}</h1>
        <p>{t("reset-intro")}</p>
        <FormBanner form=form.clone() message=s.form_has_errors/>
        {if step_two {
            view! {
                <form method="post" action="/reset" class="stack">
                    <Field form=form.clone() name="phone" label=s.field_phone kind="tel" autocomplete="username" inputmode="numeric" maxlength=13/>
                    <CodeField form=form.clone()/>
                    <Field form=form.clone() name="password" label=t("field-new-password") kind="password" hint=s.field_password_hint
                        autocomplete="new-password" maxlength=64 no_echo=true/>
                    <Field form=form.clone() name="password2" label=s.field_password2 kind="password" autocomplete="new-password"
                        maxlength=64 no_echo=true/>
                    <button type="submit" class="button primary">{t("reset-submit")}</button>
                </form>
                <ResendCodeForm form=form.clone() action="/reset"/>
            }.into_any()
        } else {
            view! { <SendCodeForm form=form.clone() action="/reset"/> }.into_any()
        }}
        <p><A href="/login">{s.register_have_account}</A></p>
    }
}
