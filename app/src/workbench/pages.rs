//! `/work` (the queue) and `/work/{ref}` (one case with the officer's actions).
use crate::i18n::t;
use super::load_work_queue;
use crate::applications::pages::{ApplicationList, DetailBody};
use crate::components::{NotYours, SignInFirst};
use crate::applications::server::load_application;
use crate::applications::view::{ApplicationDetail, OfficerPanel, TemplateView};
use crate::applications::Status;
use crate::components::FormBanner;
use crate::forms::{use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let overdue = move || query.with(|q| q.get("overdue").is_some_and(|v| v == "1"));
    let data = Resource::new(move || (status(), overdue()), |(s, o)| load_work_queue(s, o));
    let lang = use_viewer().lang;
    view! {
        <Title text=t("workbench-department-workbench")/>
        <h1>{t("workbench-department-workbench")}</h1>
        <form method="get" action="/work" class="filters">
            <div class="field">
                <label for="status">{t("workbench-status")}</label>
                <select id="status" name="status">
                    <option value="">{t("workbench-all-open")}</option>
                    {Status::ALL.iter().map(|s| {
                        let selected = status() == s.as_str();
                        view! { <option value=s.as_str() selected=selected>{s.label(lang)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="overdue" name="overdue" value="1" checked=overdue()/>
                <label for="overdue">{t("workbench-overdue-only")}</label>
            </div>
            <button type="submit" class="button">{t("workbench-filter")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(q)) => view! {
                        <p class="lead">{q.department.clone()}" · "{t("workbench-open")}{q.open_count}" · "
                            {t("workbench-overdue")}<strong class:overdue={q.overdue_count > 0}>{q.overdue_count}</strong></p>
                        {if q.items.is_empty() {
                            view! { <p>{t("workbench-no-applications-match")}</p> }.into_any()
                        } else {
                            view! { <ApplicationList items=q.items base="/work"/> }.into_any()
                        }}
                        {q.more.then(|| view! { <p class="hint">{crate::i18n::t_with("workbench-earliest-shown", [("n", super::QUEUE_PAGE.into())])}</p> })}
                    }.into_any(),
                    Ok(None) => if use_viewer().user.is_none() { view! { <SignInFirst/> }.into_any() } else { view! { <NotYours/> }.into_any() },
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn WorkCasePage() -> impl IntoView {
    let params = use_params_map();
    let form = use_form_state();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_application);
    view! {
        <Title text=t("workbench-case")/>
        <p><a href="/work">{t("workbench-back-to-the-workbench")}</a></p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(d)) if d.officer.is_some() => view! { <CaseBody d form/> }.into_any(),
                            Ok(_) => view! { <NotYours/> }.into_any(),
                            Err(_) => crate::components::load_failed(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn CaseBody(d: ApplicationDetail, form: FormState) -> impl IntoView {
    let panel = d.officer.clone().expect("checked by the page");
    let base = format!("/work/{}", d.ref_no);
    let frozen = d.frozen;
    view! {
        {if frozen {
            view! { <p class="banner banner-error" role="alert">{t("applications-frozen")}</p> }.into_any()
        } else {
            view! {
                <section class="card officer-actions" aria-labelledby="actions">
                    <h2 id="actions">{t("workbench-actions")}</h2>
                    <FormBanner form=form.clone() message=use_strings().form_has_errors/>
                    <Actions panel base form/>
                </section>
            }.into_any()
        }}
        <DetailBody d form=FormState::default()/>
    }
}

/// A textarea with its reply templates: a template is used when the box is left empty.
#[component]
fn NoteBox(name: &'static str, label: &'static str, action: &'static str, templates: Vec<TemplateView>, form: FormState,
           #[prop(optional)] required: bool) -> impl IntoView {
    let error = form.error(name);
    let has_error = error.is_some();
    let error_id = format!("{name}-error");
    let template_name = format!("{name}_template");
    let template_id = format!("{name}-template");
    let mine: Vec<(usize, TemplateView)> = templates.into_iter().enumerate().filter(|(_, t)| t.action == action).collect();
    view! {
        <div class="field" class:invalid=has_error>
            <label for=name>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <textarea id=name name=name rows="3" maxlength="2000" aria-invalid=error.as_ref().map(|_| "true")
                aria-describedby=error.as_ref().map(|_| error_id.clone())>{form.value(name)}</textarea>
            {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
        </div>
        {(!mine.is_empty()).then(|| view! {
            <div class="field">
                <label for=template_id.clone()>{t("workbench-or-use-a-reply-template-when")}</label>
                <select id=template_id name=template_name>
                    <option value="">{t("workbench-no-template")}</option>
                    {mine.into_iter().map(|(_, t)| view! { <option value=template_value(&t)>{t.title.clone()}": "{t.body.chars().take(24).collect::<String>()}"…"</option> }).collect_view()}
                </select>
            </div>
        })}
    }
}

fn template_value(t: &TemplateView) -> String {
    t.id.to_string()
}

/// The facts the approval's e-certificate states, each required (`c_<key>` fields).
#[component]
fn CertificateFacts(title: String, facts: Vec<crate::applications::view::LabelValue>, form: FormState) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{t("workbench-certificate-issued")}" "{title}</legend>
            {facts.into_iter().map(|f| {
                let name = format!("c_{}", f.value);
                let (error, error_id, bad) = crate::forms::error_of(&form, &name);
                view! {
                    <div class="field" class:invalid=bad>
                        <label for=name.clone()>{f.label}</label>
                        <input type="text" id=name.clone() name=name.clone() maxlength="60" required value=form.value(&name) aria-describedby=error_id.clone()/>
                        {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn Actions(panel: OfficerPanel, base: String, form: FormState) -> impl IntoView {
    let templates = panel.templates.clone();
    let result_error = form.error("m_result");
    view! {
        {panel.can_accept.then(|| view! {
            <form method="post" action=format!("{base}/accept") class="inline-form">
                <button type="submit" class="button primary">{t("workbench-accept")}</button>
            </form>
        })}
        {panel.can_correct.then(|| view! { <AskCorrections panel=panel.clone() base=base.clone() form=form.clone()/> })}
        {panel.can_decide.then(|| view! {
            <details class="action" open=form.error("approve_note").is_some() || result_error.is_some() || form.errors.keys().any(|k| k.starts_with("c_"))>
                <summary>{t("workbench-complete")}</summary>
                <form method="post" action=format!("{base}/approve") enctype="multipart/form-data" class="stack">
                    <NoteBox name="approve_note" label=t("workbench-result-note") action="approve" templates=templates.clone() form=form.clone() required=true/>
                    {panel.certificate.clone().map(|title| view! { <CertificateFacts title facts=panel.certificate_facts.clone() form=form.clone()/> })}
                    <div class="field" class:invalid=result_error.is_some()>
                        <label for="m_result">{t("workbench-result-document-optional-pdf-or-image")}</label>
                        <input type="file" id="m_result" name="m_result" accept="application/pdf,image/jpeg,image/png,image/webp"/>
                        {result_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                    </div>
                    <button type="submit" class="button primary">{t("workbench-complete")}</button>
                </form>
            </details>
            <details class="action" open=form.error("reject_note").is_some()>
                <summary>{t("workbench-refuse")}</summary>
                <form method="post" action=format!("{base}/reject") class="stack">
                    <NoteBox name="reject_note" label=t("workbench-reason-and-basis") action="reject" templates=templates.clone() form=form.clone() required=true/>
                    <button type="submit" class="button">{t("workbench-refuse")}</button>
                </form>
            </details>
        })}
        {(panel.can_transfer && !panel.can_decide).then(|| view! {
            <details class="action" open=form.error("reject_note").is_some()>
                <summary>{t("workbench-refuse-to-accept")}</summary>
                <form method="post" action=format!("{base}/reject") class="stack">
                    <NoteBox name="reject_note" label=t("workbench-reason-and-basis") action="reject" templates=templates.clone() form=form.clone() required=true/>
                    <button type="submit" class="button">{t("workbench-refuse-2")}</button>
                </form>
            </details>
        })}
        {panel.can_transfer.then(|| view! { <TransferForm panel=panel.clone() base=base.clone() form=form.clone()/> })}
        <details class="action" open=form.error("private_note").is_some()>
            <summary>{t("workbench-internal-note-not-shown-to-the")}</summary>
            <form method="post" action=format!("{base}/note") class="stack">
                <NoteBox name="private_note" label=t("workbench-note") action="note" templates=templates.clone() form=form.clone() required=true/>
                <button type="submit" class="button">{t("workbench-save-the-note")}</button>
            </form>
        </details>
    }
}

/// Corrections are asked for once, all at a time: tick what is wrong and say what is needed.
#[component]
fn AskCorrections(panel: OfficerPanel, base: String, form: FormState) -> impl IntoView {
    let items_error = form.error("correct_items");
    let templates = panel.templates.clone();
    view! {
        <details class="action" open=items_error.is_some() || form.error("correct_note").is_some()>
            <summary>{t("workbench-ask-for-corrections-once-all-at")}</summary>
            <form method="post" action=format!("{base}/correct") class="stack">
                <fieldset class="field" class:invalid=items_error.is_some()>
                    <legend>{t("workbench-materials-or-details-to-correct-tick")}</legend>
                    {panel.correctable.iter().enumerate().map(|(i, c)| {
                        let id = format!("item-{i}");
                        view! { <div class="checkbox"><input type="checkbox" id=id.clone() name="items" value=c.value.clone()/><label for=id>{c.label.clone()}</label></div> }
                    }).collect_view()}
                    {items_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                </fieldset>
                <NoteBox name="correct_note" label=t("workbench-what-to-correct-exactly") action="correct" templates=templates.clone() form=form.clone() required=true/>
                <button type="submit" class="button">{t("workbench-send-the-request")}</button>
            </form>
        </details>
    }
}

/// Hands the case to the department that should have it, with the reason.
#[component]
fn TransferForm(panel: OfficerPanel, base: String, form: FormState) -> impl IntoView {
    let dept_error = form.error("department");
    let templates = panel.templates.clone();
    view! {
        <details class="action" open=dept_error.is_some() || form.error("transfer_note").is_some()>
            <summary>{t("workbench-transfer")}</summary>
            <form method="post" action=format!("{base}/transfer") class="stack">
                <div class="field" class:invalid=dept_error.is_some()>
                    <label for="department">{t("workbench-receiving-department")}</label>
                    <select id="department" name="department">
                        <option value="">{t("workbench-choose")}</option>
                        {panel.departments.iter().zip(panel.department_codes.iter()).map(|(d, code)| view! {
                            <option value=code.clone()>{d.name.clone()}</option>
                        }).collect_view()}
                    </select>
                    {dept_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                </div>
                <NoteBox name="transfer_note" label=t("workbench-reason") action="transfer" templates=templates.clone() form=form.clone() required=true/>
                <button type="submit" class="button">{t("workbench-transfer")}</button>
            </form>
        </details>
    }
}
