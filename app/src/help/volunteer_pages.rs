//! `/volunteer`: joining the community's team, the record of hours (who confirmed each, and any
//! correction with its reason), the time bank and gifts to an elder; and
//! `/volunteer/certificates/{code}`, a certificate printed or checked by its number.
use super::*;
use crate::components::{loaded, nothing_here, FormBanner, NotYours, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, text_with, use_strings};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_volunteer());
    let form = use_form_state();
    let query = use_query_map();
    let saved = query.with_untracked(|q| q.get("saved").is_some() || q.get("given").is_some());
    view! {
        <Title text=t("volunteer-title")/>
        <h1>{t("volunteer-title")}</h1>
        <p class="lead">{t("volunteer-lead")}</p>
        {saved.then(|| view! { <p class="banner banner-ok" role="status">{t("volunteer-saved")}</p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {loaded(data, nothing_here, move |v| view! { <VolunteerBody v form=form.clone()/> }.into_any())}
    }
}

#[component]
fn VolunteerBody(v: VolunteerView, form: FormState) -> impl IntoView {
    let lang = crate::prefs::use_viewer().lang;
    let status = v.status.clone().map(|s| text_with(lang, &format!("volunteer-status-{s}"), []));
    let balance = v.earned - v.given;
    view! {
        {status.map(|s| view! { <p><strong>{t("volunteer-standing")}" "{s}</strong>
            {(!v.status_reason.is_empty()).then(|| view! { " · "<Written text=v.status_reason.clone()/> })}</p> })}
        {v.is_resident.then(|| view! { <JoinForm v=v.clone() form=form.clone()/> })}
        <h2>{t("volunteer-hours")}</h2>
        <p>{t("volunteer-total")}" "<strong>{hours_text(v.earned, lang)}</strong>" · "{t("volunteer-balance")}" "{hours_text(balance, lang)}
            {(v.received > 0).then(|| view! { " · "{t("volunteer-received")}" "{hours_text(v.received, lang)} })}</p>
        {if v.hours.is_empty() { view! { <p>{t("volunteer-no-hours")}</p> }.into_any() } else { view! {
            <table class="data">
                <thead><tr><th scope="col">{t("volunteer-day")}</th><th scope="col">{t("help-field-kind")}</th>
                    <th scope="col">{t("volunteer-time")}</th><th scope="col">{t("volunteer-confirmed-by")}</th></tr></thead>
                <tbody>{v.hours.iter().map(|h| view! {
                    <tr><td>{h.served_on.clone()}</td><td>{h.kind.clone()}</td>
                        <td>{hours_text(h.minutes, lang)}{(!h.correction_reason.is_empty()).then(|| view! { <br/><span class="meta">{t("volunteer-corrected")}" "<Written text=h.correction_reason.clone()/></span> })}</td>
                        <td><Written text=h.confirmed_by.clone()/></td></tr>
                }).collect_view()}</tbody>
            </table>
            <form method="post" action="/volunteer/certificate"><button type="submit" class="button primary">{t("volunteer-certificate")}</button></form>
        }.into_any() }}
        {(balance > 0).then(|| view! { <GiftForm cap=v.cap_minutes given=v.given_this_year form=form.clone()/> })}
    }
}

#[component]
fn JoinForm(v: VolunteerView, form: FormState) -> impl IntoView {
    let (se, sid, sbad) = error_of(&form, "skills");
    let (ae, aid, abad) = error_of(&form, "availability");
    let described = sid.clone();
    let availability = if form.value("availability").is_empty() { v.availability.clone() } else { form.value("availability") };
    let lang = crate::prefs::use_viewer().lang;
    view! {
        <details class="card" open=v.status.is_none() || !form.is_ok()>
            <summary>{if v.status.is_none() { t("volunteer-join") } else { t("volunteer-update") }}</summary>
            <form method="post" action="/volunteer" class="stack">
                <fieldset class="field" class:invalid=sbad aria-describedby=described>
                    <legend>{t("volunteer-skills")}</legend>
                    {KINDS.iter().map(|k| {
                        let id = format!("skill-{k}");
                        view! { <div class="checkbox"><input type="checkbox" id=id.clone() name="skills" value=*k checked=v.skills.iter().any(|s| s == k)/>
                            <label for=id>{text_with(lang, &format!("help-kind-{k}"), [])}</label></div> }
                    }).collect_view()}
                    {se.map(|e| view! { <p class="error" id=sid>{e}</p> })}
                </fieldset>
                <div class="field" class:invalid=abad>
                    <label for="availability">{t("volunteer-availability")}</label>
                    <input id="availability" name="availability" maxlength="60" required=true value=availability aria-describedby=aid.clone()/>
                    {ae.map(|e| view! { <p class="error" id=aid>{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("volunteer-send")}</button>
            </form>
        </details>
    }
}

#[component]
fn GiftForm(cap: i64, given: i64, form: FormState) -> impl IntoView {
    let lang = crate::prefs::use_viewer().lang;
    let (pe, pid, pbad) = error_of(&form, "phone");
    let (he, hid, hbad) = error_of(&form, "hours");
    let rule = text_with(lang, "volunteer-gift-rule", [("cap", (cap / 60).into()), ("given", hours_text(given, lang).into())]);
    view! {
        <h2>{t("volunteer-gift")}</h2>
        <p class="hint">{rule}</p>
        <form method="post" action="/volunteer/gift" class="stack">
            <div class="field" class:invalid=pbad>
                <label for="gift-phone">{t("volunteer-gift-phone")}</label>
                <input id="gift-phone" name="phone" type="tel" inputmode="numeric" maxlength="11" required=true value=form.value("phone") aria-describedby=pid.clone()/>
                {pe.map(|e| view! { <p class="error" id=pid>{e}</p> })}
            </div>
            <div class="field" class:invalid=hbad>
                <label for="gift-hours">{t("volunteer-gift-hours")}</label>
                <input id="gift-hours" name="hours" type="number" min="0.5" step="0.5" required=true value=form.value("hours") aria-describedby=hid.clone()/>
                {he.map(|e| view! { <p class="error" id=hid>{e}</p> })}
            </div>
            <button type="submit" class="button">{t("volunteer-gift-send")}</button>
        </form>
    }
}

/// A certificate: printable (the print stylesheet drops the page around it), with a QR code to
/// this very page, where anyone can check the number.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, load_certificate);
    view! {
        <Title text=t("volunteer-certificate-title")/>
        // Public: a wrong number is simply not found, signed in or not.
        {loaded(data, || view! { <NotYours/> }.into_any(), |c| {
            let lang = crate::prefs::use_viewer().lang;
            view! {
                <article class="certificate poster">
                    <h1>{t("volunteer-certificate-title")}</h1>
                    <p class="lead">{text_with(lang, "volunteer-certificate-text", [("name", c.name.clone().into()), ("hours", hours_text(c.minutes, lang).into()),
                        ("services", c.services.into()), ("day", c.issued_on.clone().into())])}</p>
                    <p>{t("volunteer-certificate-number")}" "<strong lang="en">{c.code.clone()}</strong></p>
                    <div class="qr" role="img" aria-label=t("volunteer-certificate-qr") inner_html=c.qr_svg.clone()></div>
                    <p class="meta">{t("volunteer-certificate-check")}" "<span lang="en">{c.url.clone()}</span></p>
                    <p class="meta">{t("volunteer-certificate-rules")}</p>
                    {c.is_holder.then(|| view! { <p class="no-print"><a href="/volunteer">{t("volunteer-title")}</a></p> })}
                </article>
            }.into_any()
        })}
    }
}
