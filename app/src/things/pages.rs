//! `/things` (the life events), `/things/{code}` (one form for all of an event's items) and
//! `/me/things/{ref}` (the receipt and one combined timeline). Plain forms and links: nothing
//! here needs page script.
use super::server::{load_bundle, load_thing_form, load_things};
use super::view::*;
use crate::accounts::identity_pages::LevelGate;
use crate::applications::apply_page::{FormFieldInput, MaterialInput, PersonChooser};
use crate::components::StaffConsent;
use crate::applications::pages::{query_id, query_text};
use crate::components::{written_lang, FormBanner, Grouped, NotYours, SignInFirst, UploadProgress};
use crate::forms::{use_form_state, FormState};
use crate::i18n::{t, use_strings};
use crate::prefs::use_viewer;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ThingsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_things());
    view! {
        <Title text=t("things-title")/>
        <h1>{t("things-title")}</h1>
        <p class="lead">{t("things-lead")}</p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((cards, mine)) => view! {
                        {(!mine.is_empty()).then(|| view! {
                            <section class="card" aria-labelledby="my-things">
                                <h2 id="my-things">{t("things-mine")}</h2>
                                <ul class="plain-list">
                                    {mine.into_iter().map(|b| view! {
                                        <li>
                                            <a href=format!("/me/things/{}", b.ref_no)>{b.thing_name}</a>
                                            " · "{b.submitted}" · "{t("things-parts-done")}{format!(" {}/{}", b.finished, b.parts)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <ul class="cards">
                            {cards.into_iter().map(|c| view! {
                                <li class="card">
                                    <h2><a href=format!("/things/{}", c.code)>{c.name}</a></h2>
                                    <p>{c.summary}</p>
                                    <p class="hint">{t("things-includes")}{c.items}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ThingPage() -> impl IntoView {
    let params = use_params_map();
    let for_id = query_id("for");
    let who = query_text("who");
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(
        move || (params.with(|p| p.get("code").unwrap_or_default()), for_id(), who()),
        |(code, for_id, who)| load_thing_form(code, for_id, who),
    );
    view! {
        <Title text=t("things-title")/>
        {if !signed_in {
            view! { <h1>{t("things-title")}</h1><SignInFirst purpose="gate-sign-in-to-apply"/> }.into_any()
        } else {
            view! {
                <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                    {
                        let form = form.clone();
                        move || {
                            let form = form.clone();
                            Suspend::new(async move {
                                match data.await {
                                    Ok(Some(v)) => view! { <ThingFormBody v form/> }.into_any(),
                                    Ok(None) => view! { <NotYours/> }.into_any(),
                                    Err(_) => crate::components::load_failed(),
                                }
                            })
                        }
                    }
                </Suspense>
            }.into_any()
        }}
    }
}

#[component]
fn ThingFormBody(v: ThingForm, form: FormState) -> impl IntoView {
    let chooser_action = format!("/things/{}", v.code);
    // As on the item form: whom it is for travels in the address, so a refusal redraws for them.
    let action = if v.acting_as != "self" && v.applicant.id != 0 { format!("{chooser_action}?for={}", v.applicant.id) } else { chooser_action.clone() };
    let fresh = form.values.is_empty();
    // A first visit shows the answers given before; a refused post shows what was sent.
    let filled = if fresh { FormState { values: v.prefilled.iter().cloned().collect(), ..form.clone() } } else { form.clone() };
    let is_staff = v.acting_as == "staff";
    let acting_for_other = v.acting_as != "self";
    let someone_chosen = v.applicant.id != 0;
    let show_chooser = is_staff || v.choices.len() > 1;
    view! {
        <h1>{v.name.clone()}</h1>
        <p class="lead">{v.summary.clone()}</p>
        <p>{t("things-promise")}{v.longest_days}{t("things-working-days-by")}{v.promised_by.clone()}</p>
        {show_chooser.then(|| view! { <PersonChooser action=chooser_action.clone() is_staff choices=v.choices.clone() chosen=v.applicant.id who=v.who.clone()/> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {v.gate.clone().map(|gate| view! { <LevelGate gate/> })}
        {(someone_chosen && v.gate.is_none()).then(|| view! {
            <section class="card" aria-labelledby="who">
                <h2 id="who">{t("applications-applicant-filled-in-from-the-account")}</h2>
                <dl class="facts pairs">
                    <dt>{t("applications-name")}</dt><dd lang=written_lang(&v.applicant.name)>{v.applicant.name.clone()}</dd>
                    <dt>{t("applications-id-number")}</dt><dd>{v.applicant.id_masked.clone()}</dd>
                    <dt>{t("applications-phone")}</dt><dd>{v.applicant.phone_masked.clone()}</dd>
                </dl>
            </section>
            <form method="post" action=action.clone() enctype="multipart/form-data" class="stack" data-upload="true">
                {acting_for_other.then(|| view! { <input type="hidden" name="for" value=v.applicant.id.to_string()/> })}
                <fieldset class="field">
                    <legend>{t("things-what-is-filed")}</legend>
                    <ul class="plain-list">
                        {v.parts.iter().map(|p| part_row(p, &form, fresh)).collect_view()}
                    </ul>
                </fieldset>
                {(!v.prefilled.is_empty() && fresh).then(|| view! { <p class="hint">{t("things-prefilled")}</p> })}
                {v.fields.iter().map(|f| view! { <FormFieldInput f=f.clone() form=filled.clone()/> }).collect_view()}
                {v.slots.iter().map(|s| view! { <MaterialInput material=s.clone() form=form.clone()/> }).collect_view()}
                <div class="field checkbox">
                    <input type="checkbox" id="keep" name="keep" value="1"/>
                    <label for="keep">{t("applications-keep-these-materials-in-my-wallet")}</label>
                </div>
                {is_staff.then(|| view! { <StaffConsent form=form.clone()/> })}
                <UploadProgress/>
                <button type="submit" class="button primary">{t("things-submit")}</button>
            </form>
        })}
    }
}

/// An item of the bundle: always filed, or (optional) a question answered by its box.
fn part_row(p: &PartChoice, form: &FormState, fresh: bool) -> impl IntoView {
    let about = view! {
        <span class="hint">" · "{p.department.clone()}" · "{p.days}{t("things-working-days")}
            {p.after.clone().map(|a| view! { " · "{t("things-starts-after")}{a} })}
        </span>
    };
    match &p.question {
        None => view! { <li><strong>{p.name.clone()}</strong>{about}</li> }.into_any(),
        Some(q) => {
            let name = format!("q_{}", p.service_code);
            let ticked = fresh || form.value(&name) == "1";
            view! {
                <li class="checkbox">
                    <input type="checkbox" id=name.clone() name=name.clone() value="1" checked=ticked/>
                    <label for=name>{q.clone()}" "<strong>{p.name.clone()}</strong>{about}</label>
                </li>
            }.into_any()
        }
    }
}

#[component]
pub fn BundlePage() -> impl IntoView {
    let params = use_params_map();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_bundle);
    view! {
        <Title text=t("things-bundle")/>
        {if !signed_in { view! { <h1>{t("things-bundle")}</h1><SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(b)) => view! { <BundleBody b/> }.into_any(),
                        Ok(None) => view! { <NotYours/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}

#[component]
fn BundleBody(b: BundleView) -> impl IntoView {
    view! {
        <article class="receipt">
            <h1>{b.thing_name.clone()}</h1>
            <p class="banner banner-ok" role="status">{if b.done { t("things-all-done") } else { t("things-received") }}</p>
            <dl class="facts pairs">
                <dt>{t("applications-reference")}</dt><dd class="ref-no"><Grouped text=b.ref_no.clone()/></dd>
                <dt>{t("applications-applicant")}</dt><dd lang=written_lang(&b.applicant_name)>{b.applicant_name.clone()}</dd>
                <dt>{t("applications-submitted")}</dt><dd>{b.submitted.clone()}</dd>
                <dt>{t("applications-promised-by")}</dt><dd>{b.promised_by.clone()}</dd>
                <dt>{t("things-expected-by")}</dt><dd>{b.expected_by.clone()}</dd>
            </dl>
            <h2>{t("things-parts")}</h2>
            <table class="data">
                <thead><tr>
                    <th scope="col">{t("applications-service")}</th>
                    <th scope="col">{t("applications-department")}</th>
                    <th scope="col">{t("applications-status")}</th>
                    <th scope="col">{t("applications-promised-by")}</th>
                </tr></thead>
                <tbody>
                    {b.parts.iter().map(|p| view! {
                        <tr class=format!("status-{}", p.status)>
                            <td><a href=format!("/me/applications/{}", p.ref_no)>{p.service_name.clone()}</a></td>
                            <td>{p.department.clone()}</td>
                            <td>{p.status_label.clone()}{p.waiting_for.clone().map(|w| view! { <br/><span class="hint">{t("things-starts-after")}{w}</span> })}
                                {p.overdue.then(|| view! { <br/><strong class="overdue">{t("things-overdue")}</strong> })}</td>
                            <td>{p.deadline.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{t("things-timeline")}</h2>
            <ol class="timeline">
                {b.timeline.iter().map(|e| view! {
                    <li><span class="when">{e.at.clone()}</span>" "<strong>{e.service_name.clone()}</strong>" · "{e.label.clone()}
                        {(!e.note.is_empty()).then(|| view! { " · "<span lang=written_lang(&e.note)>{e.note.clone()}</span> })}</li>
                }).collect_view()}
            </ol>
            <figure class="qr">
                <div role="img" aria-label=t("things-qr") inner_html=b.qr_svg.clone()></div>
                <figcaption>{t("applications-scan-to-follow-it")}{b.link.clone()}</figcaption>
            </figure>
            <p class="no-print"><a href="/things">{t("things-title")}</a>" · "<a href="/me/applications">{t("applications-all-my-applications")}</a></p>
        </article>
    }
}
