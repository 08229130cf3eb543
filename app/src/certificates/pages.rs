//! The certificate pages: my certificates, one certificate (holder or issuing officer), the
//! public check (`/verify`, `/verify/{serial}`), a share link, and the admin's keys.
use super::{load_certificate, load_keys, load_my_certificates, load_share, load_verification};
use super::{CertificateCard, CertificateView, Standing, VerifyView, SHARE_MINUTES, SHOWABLE};
use crate::components::{loaded, FormBanner, NotYours, SignInFirst};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, use_strings};
use crate::prefs::use_viewer;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn standing_badge(s: Standing) -> impl IntoView {
    let class = match s {
        Standing::Current => "badge badge-ok",
        Standing::Expired | Standing::Revoked => "badge badge-bad",
    };
    view! { <span class=class>{t(s.label_id())}</span> }
}

fn not_yours() -> AnyView {
    view! { <NotYours/> }.into_any()
}

#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(|| (), |_| load_my_certificates());
    view! {
        <Title text=t("certificates-mine")/>
        <h1>{t("certificates-mine")}</h1>
        <p>{t("certificates-mine-intro")}</p>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else {
            view! { {loaded(data, not_yours, |cards: Vec<CertificateCard>| if cards.is_empty() {
                view! { <p>{t("certificates-none-yet")}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {cards.into_iter().map(|c| view! {
                            <li class="card">
                                <h2><a href=format!("/me/certificates/{}", c.serial)>{c.title.clone()}</a></h2>
                                <p>{standing_badge(c.standing)}" "{c.issuer.clone()}</p>
                                <p class="meta">{t("certificates-valid-until")}" "{c.valid_until.clone()}" · "{c.serial.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })} }.into_any()
        }}
    }
}

fn facts_list(card: &CertificateCard, rows: Vec<(String, String)>) -> impl IntoView {
    view! {
        <dl class="facts pairs">
            <dt>{t("certificates-standing")}</dt><dd>{standing_badge(card.standing)}</dd>
            <dt>{t("certificates-issuer")}</dt><dd>{card.issuer.clone()}</dd>
            <dt>{t("certificates-serial")}</dt><dd class="ref-no">{card.serial.clone()}</dd>
            <dt>{t("certificates-issued-on")}</dt><dd>{card.issued_on.clone()}</dd>
            <dt>{t("certificates-valid-until")}</dt><dd>{card.valid_until.clone()}</dd>
            {rows.into_iter().map(|(label, value)| { let lang = crate::components::written_lang(&value); view! { <dt>{label}</dt><dd lang=lang>{value}</dd> } }).collect_view()}
        </dl>
    }
}

/// One certificate, as its holder sees it.
#[component]
pub fn CertificatePage() -> impl IntoView {
    certificate_page(false)
}

/// The issuing department's view at `/work/certificates/{serial}`, with the revoke form.
#[component]
pub fn OfficerCertificatePage() -> impl IntoView {
    certificate_page(true)
}

fn certificate_page(officer: bool) -> impl IntoView {
    let params = use_params_map();
    let signed_in = use_viewer().user.is_some();
    let form = use_form_state();
    let data = Resource::new(move || params.with(|p| p.get("serial").unwrap_or_default()), move |serial| load_certificate(serial, officer));
    view! {
        <Title text=t("certificates-certificate")/>
        {if !signed_in { view! { <h1>{t("certificates-certificate")}</h1><SignInFirst/> }.into_any() } else {
            view! { {loaded(data, not_yours, move |v: CertificateView| certificate_body(v, form.clone()))} }.into_any()
        }}
    }
}

fn certificate_body(v: CertificateView, form: FormState) -> AnyView {
    let mut rows = vec![(t("certificates-holder").to_string(), v.holder_name.clone())];
    if !v.holder_id_masked.is_empty() {
        rows.push((t("certificates-holder-id").to_string(), v.holder_id_masked.clone()));
    }
    rows.extend(v.facts.iter().map(|f| (f.label.clone(), f.value.clone())));
    let serial = v.card.serial.clone();
    view! {
        <article class="certificate">
            <h1>{v.card.title.clone()}</h1>
            {(!v.genuine).then(|| view! { <p class="banner banner-error" role="alert">{t("certificates-signature-fails")}</p> })}
            {(v.card.standing == Standing::Revoked).then(|| view! {
                <p class="banner banner-error" role="status">{t("certificates-was-revoked")}" "{v.revoke_reason.clone()}</p>
            })}
            {facts_list(&v.card, rows)}
            <figure class="qr">
                <div role="img" aria-label=t("certificates-qr-opens-the-check") inner_html=v.verify_qr.clone()></div>
                <figcaption>{t("certificates-anyone-can-check")}" "{v.verify_link.clone()}</figcaption>
            </figure>
            {v.ref_no.clone().map(|r| view! {
                <p class="no-print"><a href=if v.officer { format!("/work/{r}") } else { format!("/me/applications/{r}") }>{t("certificates-the-application")}</a></p>
            })}
            {if v.officer { revoke_form(&serial, v.card.standing, form).into_any() } else { holder_actions(&v, form).into_any() }}
        </article>
    }.into_any()
}

fn holder_actions(v: &CertificateView, form: FormState) -> impl IntoView {
    let serial = v.card.serial.clone();
    let link = form.value("share_link");
    let qr = form.value("share_qr");
    let (minutes_error, minutes_id, minutes_bad) = error_of(&form, "minutes");
    view! {
        <p class="no-print"><a class="button" href=format!("/me/certificates/{serial}/download") download="">{t("certificates-download")}</a>
            " "<span class="hint">{t("certificates-download-hint")}</span></p>
        <section class="no-print" aria-labelledby="share">
            <h2 id="share">{t("certificates-show-someone")}</h2>
            <p>{t("certificates-show-someone-intro")}</p>
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            {(!link.is_empty()).then(|| view! {
                <div class="banner banner-ok" role="status">
                    <p>{t("certificates-link-made")}</p>
                    <p><a href=link.clone()>{link.clone()}</a></p>
                    <div role="img" aria-label=t("certificates-qr-of-the-link") inner_html=qr></div>
                </div>
            })}
            {(v.card.standing == Standing::Current).then(|| view! {
                <form method="post" action=format!("/me/certificates/{serial}/share") class="stack">
                    <fieldset>
                        <legend>{t("certificates-what-to-show")}</legend>
                        {SHOWABLE.iter().map(|(key, label)| view! {
                            <div class="checkbox"><input type="checkbox" id=format!("shows-{key}") name="shows" value=*key/>
                                <label for=format!("shows-{key}")>{t(label)}</label></div>
                        }).collect_view()}
                    </fieldset>
                    <fieldset class:invalid=minutes_bad aria-describedby=minutes_id.clone()>
                        <legend>{t("certificates-for-how-long")}</legend>
                        {SHARE_MINUTES.iter().map(|(n, label)| view! {
                            <div class="checkbox"><input type="radio" id=format!("minutes-{n}") name="minutes" value=n.to_string() checked=*n == 10/>
                                <label for=format!("minutes-{n}")>{t(label)}</label></div>
                        }).collect_view()}
                        {minutes_error.map(|e| view! { <p class="error" id=minutes_id.clone()>{e}</p> })}
                    </fieldset>
                    <button type="submit" class="button primary">{t("certificates-make-link")}</button>
                </form>
            })}
            {(!v.shares.is_empty()).then(|| view! {
                <h3>{t("certificates-open-links")}</h3>
                <ul class="people">
                    {v.shares.iter().map(|s| view! {
                        <li>{s.shows.clone()}<span class="meta">" · "{t("certificates-until")}" "{s.until.clone()}</span>
                            <form method="post" action=format!("/me/certificates/{serial}/shares/{}/end", s.id) class="inline-form">
                                <button type="submit" class="button">{t("certificates-end-link")}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

fn revoke_form(serial: &str, standing: Standing, form: FormState) -> impl IntoView {
    let (error, error_id, bad) = error_of(&form, "reason");
    (standing != Standing::Revoked).then(|| view! {
        <section aria-labelledby="revoke">
            <h2 id="revoke">{t("certificates-revoke")}</h2>
            <form method="post" action=format!("/work/certificates/{serial}/revoke") class="stack">
                <div class="field" class:invalid=bad>
                    <label for="reason">{t("certificates-revoke-reason")}</label>
                    <textarea id="reason" name="reason" rows="3" maxlength="500" required aria-describedby=error_id.clone()>{form.value("reason")}</textarea>
                    {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
                </div>
                <button type="submit" class="button">{t("certificates-revoke")}</button>
            </form>
        </section>
    })
}

fn verdict(v: VerifyView) -> AnyView {
    let rows = v.shown.iter().map(|f| (f.label.clone(), f.value.clone())).collect();
    let ok = v.genuine && v.card.standing == Standing::Current;
    let class = if ok { "banner banner-ok" } else { "banner banner-error" };
    let text = t(v.card.standing.verdict_id(v.genuine));
    view! {
        <p class=class role="status">{text}</p>
        <h2>{v.card.title.clone()}</h2>
        {facts_list(&v.card, rows)}
        {v.share_until.map(|u| view! { <p class="hint">{t("certificates-link-open-until")}" "{u}</p> })}
    }.into_any()
}

fn unknown_certificate() -> AnyView {
    crate::components::set_status(404);
    view! { <p class="banner banner-error" role="alert">{t("certificates-no-such-certificate")}</p> }.into_any()
}

fn link_closed() -> AnyView {
    crate::components::set_status(404);
    view! { <p class="banner banner-error" role="alert">{t("certificates-link-closed")}</p> }.into_any()
}

/// `/verify` (paste a document) and `/verify/{serial}` (a certificate's public standing).
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let serial = params.with_untracked(|p| p.get("serial")).unwrap_or_default();
    let form = use_form_state();
    let (error, error_id, bad) = error_of(&form, "document");
    let data = Resource::new(move || params.with(|p| p.get("serial").unwrap_or_default()), load_verification);
    view! {
        <Title text=t("certificates-check")/>
        <h1>{t("certificates-check")}</h1>
        {(!serial.is_empty()).then(|| view! { {loaded(data, unknown_certificate, verdict)} })}
        <section aria-labelledby="paste">
            <h2 id="paste">{t("certificates-check-a-document")}</h2>
            <p>{t("certificates-check-a-document-intro")}</p>
            <form method="post" action="/verify" class="stack">
                <div class="field" class:invalid=bad>
                    <label for="document">{t("certificates-document")}</label>
                    <textarea id="document" name="document" rows="6" maxlength="8000" required aria-describedby=error_id.clone()>{form.value("document")}</textarea>
                    {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("certificates-check")}</button>
            </form>
            <p class="hint">{t("certificates-keys-published")}" "<a href="/.well-known/linli-keys.json">"/.well-known/linli-keys.json"</a></p>
        </section>
    }
}

#[component]
pub fn SharedCertificatePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("token").unwrap_or_default()), load_share);
    view! {
        <Title text=t("certificates-shared")/>
        <h1>{t("certificates-shared")}</h1>
        {loaded(data, link_closed, verdict)}
    }
}

#[component]
pub fn KeysPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_keys());
    view! {
        <Title text=t("certificates-keys")/>
        <h1>{t("certificates-keys")}</h1>
        <p>{t("certificates-keys-intro")}</p>
        {loaded(data, not_yours, |keys: Vec<super::KeyView>| view! {
            <table class="retention">
                <thead><tr><th scope="col">{t("certificates-department")}</th><th scope="col">{t("certificates-key-id")}</th>
                    <th scope="col">{t("certificates-key-made")}</th><th scope="col">{t("certificates-key-retired")}</th><th scope="col">{t("certificates-action")}</th></tr></thead>
                <tbody>
                    {keys.into_iter().map(|k| view! {
                        <tr><td>{k.department.clone()}</td><td><code>{k.kid.clone()}</code></td><td>{k.created.clone()}</td>
                            <td>{k.retired.clone().unwrap_or_else(|| t("certificates-key-in-use").to_string())}</td>
                            <td>{k.retired.is_none().then(|| view! {
                                <form method="post" action=format!("/admin/keys/{}/rotate", k.department_code) class="inline-form">
                                    <button type="submit" class="button" aria-label=format!("{} {}", t("certificates-rotate"), k.department)>{t("certificates-rotate")}</button>
                                </form>
                            })}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any())}
    }
}
