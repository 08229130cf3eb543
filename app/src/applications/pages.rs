//! Resident pages: "my applications", one application with its timeline, and the materials
//! wallet. The application form is in `apply_page`. Plain forms throughout.
use crate::i18n::t;
use super::server::{load_application, load_my_applications, load_wallet};
use super::view::*;
use super::apply_page::{FormFieldInput, MaterialInput};
use crate::components::{written_lang, Grouped, FormBanner, NotYours, SignInFirst, UploadProgress, Written};
use crate::forms::{use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

pub(crate) fn query_id(name: &'static str) -> impl Fn() -> Option<i64> + Copy + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get(name).and_then(|v| v.parse().ok()))
}

/// A short text from the address's query (a search), if given.
pub(crate) fn query_text(name: &'static str) -> impl Fn() -> Option<String> + Copy + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get(name).filter(|v| !v.is_empty()).map(|v| v.chars().take(20).collect()))
}

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let for_id = query_id("for");
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(for_id, load_my_applications);
    view! {
        <Title text=t("applications-my-applications")/>
        <h1>{t("applications-my-applications")}</h1>
        {if !signed_in { view! { <SignInFirst purpose="applications-please-sign-in-to-apply-or"/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(m)) => view! { <MyList m/> }.into_any(),
                        Ok(None) => view! { <NotYours/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}

#[component]
fn MyList(m: MyApplications) -> impl IntoView {
    let me = m.choices.first().map(|c| c.id);
    view! {
        {(m.choices.len() > 1).then(|| view! {
            <nav class="person-switch" aria-label=t("applications-switch-person")>
                <ul>
                    {m.choices.iter().map(|c| {
                        let href = if Some(c.id) == me { "/me/applications".to_string() } else { format!("/me/applications?for={}", c.id) };
                        let current = (c.id == m.person.id).then_some("page");
                        view! { <li><a href=href aria-current=current lang=written_lang(&c.name)>{c.name.clone()}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        })}
        {if m.items.is_empty() {
            view! { <p>{t("applications-no-applications-yet-find-a-service")}</p>
                    <p><A href="/services">{t("applications-go-to-the-service-guide")}</A></p> }.into_any()
        } else {
            view! { <ApplicationList items=m.items/> }.into_any()
        }}
    }
}

#[component]
pub fn ApplicationList(items: Vec<ApplicationSummary>, #[prop(default = "/me/applications")] base: &'static str) -> impl IntoView {
    view! {
        <ul class="cards applications">
            {items.into_iter().map(|a| view! {
                <li class="card">
                    <h2><a href=format!("{base}/{}", a.ref_no)>{a.service_name.clone()}</a></h2>
                    <p class="meta">{t("applications-ref")}{a.ref_no.clone()}" · "<Written text=a.applicant_name.clone()/></p>
                    <p><span class=format!("status status-{}", a.status)>{a.status_label.clone()}</span>
                       " "{t("applications-due")}{a.deadline.clone()}
                       {a.overdue.then(|| view! { " " <strong class="overdue">{t("applications-overdue")}</strong> })}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_application);
    view! {
        <Title text=t("applications-application")/>
        {if !signed_in { view! { <h1>{t("applications-application")}</h1><SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {
                    let form = form.clone();
                    move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok(Some(d)) => view! { <DetailBody d form/> }.into_any(),
                                Ok(None) => view! { <NotYours/> }.into_any(),
                                Err(_) => crate::components::load_failed(),
                            }
                        })
                    }
                }
            </Suspense>
        }.into_any() }}
    }
}

#[component]
pub fn DetailBody(d: ApplicationDetail, form: FormState) -> impl IntoView {
    let base = format!("/me/applications/{}", d.ref_no);
    view! {
        <h1>{d.service_name.clone()}</h1>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <p><span class=format!("status status-{}", d.status)>{d.status_label.clone()}</span>
           {d.overdue.then(|| view! { " " <strong class="overdue">{t("applications-overdue")}</strong> })}</p>
        <dl class="facts pairs">
            <dt>{t("applications-reference")}</dt><dd lang=written_lang(&d.ref_no)><Grouped text=d.ref_no.clone()/></dd>
            <dt>{t("applications-applicant")}</dt><dd><Written text=d.applicant.name.clone()/>" ("{d.applicant.id_masked.clone()}")"</dd>
            <dt>{t("applications-filed")}</dt><dd>{d.filed_as.clone()}{(!d.consent_note.is_empty()).then(|| format!(" · {}", d.consent_note))}</dd>
            <dt>{t("applications-department")}</dt><dd lang=written_lang(&d.department)>{d.department.clone()}</dd>
            <dt>{t("applications-submitted")}</dt><dd lang=written_lang(&d.submitted)>{d.submitted.clone()}</dd>
            <dt>{t("applications-deadline")}</dt>
            <dd>{d.deadline.clone()}{d.paused.then(|| t("applications-paused-until-the-corrections-arrive-then"))}</dd>
        </dl>
        <p><a href=d.receipt_url.clone()>{t("applications-view-and-print-the-receipt")}</a></p>
        {crate::applications::Status::parse(&d.status).is_some_and(|s| s.is_open()).then(|| view! {
            <p><a href=format!("/me/applications/{}/calendar.ics", d.ref_no) download="">{t("agenda-add-deadline")}</a></p>
        })}
        {(d.viewer == "applicant" && (d.status == "approved" || d.status == "rejected")).then(|| view! {
            <p><a class="button" href=format!("/rate/application/{}", d.ref_no)>{t("applications-rate-this")}</a></p>
        })}
        {d.undo_until.clone().map(|until| view! {
            <form method="post" action=format!("{base}/undo") class="inline-form">
                <button type="submit" class="button">{t("applications-undo-this-submission")}</button>
                <span class="hint">{t("applications-possible-until")}{until}</span>
            </form>
        })}
        {(d.can_withdraw && d.undo_until.is_none()).then(|| view! {
            <form method="post" action=format!("{base}/withdraw") class="inline-form">
                <button type="submit" class="button">{t("applications-withdraw-application")}</button>
            </form>
        })}
        <Corrections d=d.clone() form=form.clone() base=base.clone()/>
        {d.result.clone().map(|r| view! {
            <section class="card result" aria-labelledby="res">
                <h2 id="res">{t("applications-result")}</h2>
                <p lang=written_lang(&d.result_note)>{d.result_note.clone()}</p>
                <p><a class="button" href=format!("/files/{}", r.id) rel="external" download=r.name.clone()>{t("applications-download-the-result")}{r.name.clone()}</a></p>
            </section>
        })}
        {d.certificate.clone().map(|c| view! {
            <section class="card result" aria-labelledby="cert">
                <h2 id="cert">{t("certificates-issued")}</h2>
                <p>{match c.href { Some(href) => view! { <a href=href>{c.title.clone()}</a> }.into_any(), None => view! { <span>{c.title.clone()}</span> }.into_any() }}
                    " "<span class="meta">{c.serial.clone()}</span></p>
            </section>
        })}
        {(d.result.is_none() && !d.result_note.is_empty()).then(|| view! {
            <section class="card result"><h2>{t("applications-decision")}</h2><p lang=written_lang(&d.result_note)>{d.result_note.clone()}</p></section>
        })}
        {(!d.fields.is_empty()).then(|| view! {
            <h2>{t("applications-details-given")}</h2>
            <dl class="facts pairs">{d.fields.iter().map(|f| view! { <dt>{f.label.clone()}</dt><dd lang=written_lang(&f.value)>{f.value.clone()}</dd> }).collect_view()}</dl>
        })}
        {(!d.materials.is_empty()).then(|| view! {
            <h2>{t("applications-materials")}</h2>
            <ul class="materials">
                {d.materials.iter().map(|m| view! {
                    <li>
                        {m.has_thumb.then(|| view! { <img src=format!("/files/{}/thumb", m.id) alt="" width="64" height="64"/> })}
                        <a href=format!("/files/{}", m.id) rel="external">{m.slot_label.clone()}": "{m.name.clone()}</a>
                        <span class="meta">" "{m.size_kb}" KB · "{m.added.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!d.certified.is_empty()).then(|| view! {
            <h2>{t("applications-e-certificates-given")}</h2>
            <ul class="materials">
                {d.certified.iter().map(|c| view! {
                    <li>
                        <p>{c.slot_label.clone()}": "<strong>{c.title.clone()}</strong>" "<span class="meta">{c.serial.clone()}" · "{c.issuer.clone()}</span></p>
                        <p class=if c.ok { "banner banner-ok" } else { "banner banner-error" } role="status">{c.verdict.clone()}</p>
                        <dl class="facts pairs">
                            <dt>{t("certificates-valid-until")}</dt><dd>{c.valid_until.clone()}</dd>
                            {c.facts.iter().map(|f| view! { <dt>{f.label.clone()}</dt><dd lang=written_lang(&f.value)>{f.value.clone()}</dd> }).collect_view()}
                        </dl>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <Timeline entries=d.timeline.clone()/>
    }
}

/// What the officer asked to correct, all at once, and the form to supply exactly that.
#[component]
fn Corrections(d: ApplicationDetail, form: FormState, base: String) -> impl IntoView {
    let needs_correction = !d.correction_slots.is_empty() || !d.correction_fields.is_empty();
    view! {
    {(!d.correction_note.is_empty() || !d.correction_items.is_empty()).then(|| view! {
        <section class="card correction" aria-labelledby="corr">
            <h2 id="corr">{t("applications-corrections-requested-all-at-once")}</h2>
            <p lang=written_lang(&d.correction_note)>{d.correction_note.clone()}</p>
            <ul>{d.correction_items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
            <p class="hint">{t("applications-supply-only-the-items-above-no")}</p>
            {needs_correction.then(|| view! {
                <form method="post" action=format!("{base}/supplement") enctype="multipart/form-data" class="stack" data-upload="true">
                    {d.correction_fields.iter().map(|f| view! { <FormFieldInput f=f.clone() form=form.clone()/> }).collect_view()}
                    {d.correction_slots.iter().map(|s| view! { <MaterialInput material=s.clone() form=form.clone()/> }).collect_view()}
                    <div class="field checkbox">
                        <input type="checkbox" id="keep" name="keep" value="1"/>
                        <label for="keep">{t("applications-keep-the-new-materials-in-my")}</label>
                    </div>
                    <UploadProgress/>
                    <button type="submit" class="button primary">{t("applications-submit-corrections")}</button>
                </form>
            })}
        </section>
    })}
    }
}

/// The case's history, newest last; private notes marked as the department's own.
#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
    <h2>{t("applications-timeline")}</h2>
    <ol class="timeline">
        {entries.iter().map(|e| view! {
            <li class:private=e.private>
                <span class="when">{e.at.clone()}</span>" "
                <strong>{e.label.clone()}</strong>" · "{e.department.clone()}" · "<Written text=e.actor.clone()/>
                {e.private.then(|| view! { " " <em>{t("applications-department-only")}</em> })}
                {(!e.note.is_empty()).then(|| view! { <p class="note" lang=written_lang(&e.note)>{e.note.clone()}</p> })}
            </li>
        }).collect_view()}
    </ol>
    }
}

#[component]
pub fn WalletPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(|| (), |_| load_wallet());
    view! {
        <Title text=t("applications-materials-wallet")/>
        <h1>{t("applications-my-materials-wallet")}</h1>
        <p>{t("applications-materials-you-chose-to-keep-offered")}</p>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(list)) if list.is_empty() => view! { <p>{t("applications-your-wallet-is-empty")}</p> }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="materials">
                                {list.into_iter().map(|w| view! {
                                    <li>
                                        {w.has_thumb.then(|| view! { <img src=format!("/files/{}/thumb", w.id) alt="" width="64" height="64"/> })}
                                        <a href=format!("/files/{}", w.id) rel="external">{w.kind_label.clone()}": "{w.name.clone()}</a>
                                        <span class="meta">" "{w.added.clone()}</span>
                                        <form method="post" action=format!("/me/wallet/{}/delete", w.id) class="inline-form">
                                            <button type="submit" class="button" aria-label=format!("{} {}", t("applications-delete"), w.name)>{t("applications-delete")}</button>
                                        </form>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Ok(None) => view! { <SignInFirst/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}
