//! `/feedback` (public reports), `/feedback/{ref}`, `/me/feedback`, `/work/feedback` (a unit's
//! queue) and `/admin/feedback` (promised times). The filing form is in `new_page`.
use crate::i18n::t;
use super::lifecycle::{self, Action, Actor, TABLE as STEPS};
use super::server::*;
use super::view::*;
use crate::components::{Grouped, NotYours, SignInFirst};
use crate::components::{written_lang, FormBanner, Written};
use crate::forms::{use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A list of items with status, deadline and the overdue mark.
#[component]
pub fn FeedbackItems(items: Vec<FeedbackSummary>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>{t("feedback-nothing-here-yet")}</p> }.into_any();
    }
    view! {
        <ul class="cards feedback-list">
            {items.into_iter().map(|f| view! {
                <li class="card">
                    <h2 lang=written_lang(&f.title)><a href=format!("/feedback/{}", f.ref_no)>{f.title.clone()}</a></h2>
                    <p class="meta">
                        <span class=format!("status status-{}", f.status)>{f.status_label.clone()}</span>
                        {f.overdue.then(|| view! { " " <strong class="overdue">{t("feedback-overdue")}</strong> })}
                        " · "{f.kind_label.clone()}" · "{f.category.clone()}
                    </p>
                    <p class="meta" lang=written_lang(&f.address)>{f.address.clone()}</p>
                    <p class="meta">{t("feedback-ref")}{f.ref_no.clone()}" · "{f.submitted.clone()}" · "
                        {t("feedback-owner")}{f.unit.clone()}" · "{t("feedback-due")}{f.deadline.clone()}</p>
                </li>
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
pub fn FeedbackListPage() -> impl IntoView {
    let query = use_query_map();
    let category = move || query.with(|q| q.get("category"));
    let status = move || query.with(|q| q.get("status"));
    let data = Resource::new(move || (category(), status()), |(c, s)| load_feedback_list(c, s));
    view! {
        <Title text=t("feedback-public-reports")/>
        <h1>{t("feedback-public-reports")}</h1>
        <p class="lead">{t("feedback-street-lights-drains-rubbish-roads-progress")}</p>
        <p><a class="button primary" href="/feedback/new">{t("feedback-report-a-problem")}</a>" "
           <a class="button" href="/me/feedback">{t("feedback-my-feedback")}</a>" "
           <a class="button" href="/board">{t("feedback-response-time-board")}</a></p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                let Ok(list) = data.await else { return crate::components::load_failed() };
                view! {
                    <form method="get" action="/feedback" class="filters">
                        <div class="field">
                            <label for="category">{t("feedback-category")}</label>
                            <select id="category" name="category">
                                <option value="">{t("feedback-all")}</option>
                                {list.categories.iter().map(|c| view! { <option value=c.code.clone() selected=c.code == list.category>{c.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="status">{t("feedback-status")}</label>
                            <select id="status" name="status">
                                <option value="">{t("feedback-all")}</option>
                                <option value="open" selected=list.status == "open">{t("feedback-being-handled")}</option>
                                <option value="closed" selected=list.status == "closed">{t("feedback-answered")}</option>
                            </select>
                        </div>
                        <button type="submit" class="button">{t("feedback-filter")}</button>
                    </form>
                    <FeedbackItems items=list.items/>
                }.into_any()
            })}
        </Suspense>
    }
}

pub(super) fn query_text(key: &'static str) -> impl Fn() -> Option<String> + Copy {
    let query = use_query_map();
    move || query.with(|q| q.get(key)).filter(|v| !v.is_empty())
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let form = use_form_state();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_feedback);
    let filed = move || query.with(|q| q.get("filed").is_some());
    view! {
        <Title text=t("feedback-feedback")/>
        {move || filed().then(|| view! { <p class="banner banner-ok" role="status">{t("feedback-submitted-you-will-be-told-of")}</p> })}
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(d)) => view! { <FeedbackBody d form/> }.into_any(),
                            Ok(None) => if use_viewer().user.is_none() { view! { <SignInFirst/> }.into_any() } else { view! { <NotYours/> }.into_any() },
                            Err(_) => crate::components::load_failed(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn FeedbackBody(d: FeedbackDetail, form: FormState) -> impl IntoView {
    let s = d.summary.clone();
    let base = format!("/feedback/{}", s.ref_no);
    let status = s.status.clone();
    let running = lifecycle::is_running(&status);
    view! {
        <h1 lang=written_lang(&s.title)>{s.title.clone()}</h1>
        <p class="meta">
            <span class=format!("status status-{}", s.status)>{s.status_label.clone()}</span>
            {s.overdue.then(|| view! { " " <strong class="overdue">{t("feedback-overdue")}</strong> })}
            " · "{s.kind_label.clone()}" · "{s.category.clone()}
        </p>
        <dl class="facts pairs">
            <dt>{t("feedback-reference")}</dt><dd><Grouped text=s.ref_no.clone()/></dd>
            <dt>{t("feedback-submitted")}</dt><dd>{s.submitted.clone()}</dd>
            <dt>{t("feedback-place")}</dt><dd><Written text=s.address.clone()/>{d.coordinates.clone().map(|c| format!(" ({c})"))}</dd>
            <dt>{t("feedback-owner-2")}</dt><dd>{s.unit.clone()}</dd>
            <dt>{t("feedback-reply-due")}</dt><dd>{s.deadline.clone()}</dd>
            {d.resident.clone().map(|r| view! { <dt>{t("feedback-reported-by")}</dt><dd>{r}</dd> })}
            {d.channel.clone().map(|c| view! { <dt>{t("channel-how-it-came")}</dt><dd>{c}</dd> })}
            {d.is_public.then(|| view! { <dt>{t("feedback-followers")}</dt><dd>{d.followers}</dd> })}
        </dl>
        <p class="body-text" lang=written_lang(&d.body)>{d.body.clone()}</p>
        <crate::components::PrintLinks/>
        {(!d.photos.is_empty()).then(|| view! {
            <ul class="photos">
                {d.photos.iter().enumerate().map(|(i, p)| view! {
                    <li><a href=p.url.clone()><img src=p.thumb.clone() alt=format!("{} {}", t("feedback-photo"), i + 1) width="160" height="120"/></a></li>
                }).collect_view()}
            </ul>
        })}
        {(d.is_public && d.signed_in_resident && d.viewpoint == Viewpoint::Public && !d.following && running).then(|| view! {
            <form method="post" action=format!("{base}/follow") class="inline-form">
                <button type="submit" class="button">{t("feedback-me-too-follow-this")}</button>
            </form>
        })}
        {d.following.then(|| view! { <p class="hint">{t("feedback-you-follow-this-you-will-be")}</p> })}
        {d.order_link.clone().map(|l| view! { <p><a class="button" href=l>{t("feedback-see-the-order-complained-about-step")}</a></p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {match d.viewpoint {
            Viewpoint::Unit => view! { <UnitActions d=d.clone() base=base.clone() form=form.clone()/> }.into_any(),
            Viewpoint::Resident => view! { <ResidentActions d=d.clone() base=base.clone() form=form.clone()/> }.into_any(),
            Viewpoint::Public => ().into_any(),
        }}
        <h2>{t("feedback-timeline")}</h2>
        <ol class="timeline">
            {d.entries.iter().map(|e| view! {
                <li class:private=e.private>
                    <span class="when">{e.at.clone()}</span>" "<strong>{e.label.clone()}</strong>
                    {(!e.by.is_empty()).then(|| format!(" · {}", e.by))}
                    {(!e.note.is_empty()).then(|| view! { <p lang=written_lang(&e.note)>{e.note.clone()}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

/// A text box for a step's note, with its error.
#[component]
fn NoteField(form: FormState, id: &'static str, label: &'static str) -> impl IntoView {
    let error = form.error("note");
    let has_error = error.is_some();
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=has_error>
            <label for=id>{label}</label>
            <textarea id=id name="note" rows="3" maxlength="2000" aria-describedby=error.as_ref().map(|_| error_id.clone())>{form.value("note")}</textarea>
            {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

#[component]
fn ResidentActions(d: FeedbackDetail, base: String, form: FormState) -> impl IntoView {
    let status = d.summary.status.clone();
    view! {
        <section class="card" aria-labelledby="your-actions">
            <h2 id="your-actions">{t("feedback-you-can")}</h2>
            {STEPS.allows(Action::Answer, Actor::Resident, &status).then(|| view! {
                <form method="post" action=format!("{base}/answer") class="stack">
                    <NoteField form=form.clone() id="answer-note" label=t("feedback-answer-the-staffs-question")/>
                    <button type="submit" class="button primary">{t("feedback-send-answer")}</button>
                </form>
            })}
            {STEPS.allows(Action::Confirm, Actor::Resident, &status).then(|| view! {
                <form method="post" action=format!("{base}/confirm") class="inline-form">
                    <button type="submit" class="button primary">{t("feedback-it-is-resolved")}</button>
                </form>
                <form method="post" action=format!("{base}/reopen") class="stack">
                    <NoteField form=form.clone() id="reopen-note" label=t("feedback-still-not-fixed-say-what-is")/>
                    <button type="submit" class="button">{t("feedback-still-not-fixed-reopen")}</button>
                </form>
            })}
            {d.rate_link.clone().map(|l| view! {
                <p><a class="button" href=l>{if d.rated.is_some() { t("feedback-see-or-change-your-rating") } else { t("feedback-rate-this") }}</a>
                   {d.rated.clone().map(|r| format!(" {}：{r}", t("feedback-rated")))}</p>
            })}
            {(status == "open").then(|| view! { <p>{t("feedback-being-handled-watch-your-messages")}</p> })}
        </section>
    }
}

#[component]
fn UnitActions(d: FeedbackDetail, base: String, form: FormState) -> impl IntoView {
    let running = lifecycle::is_running(&d.summary.status);
    let to_error = form.error("to");
    let has_to_error = to_error.is_some();
    view! {
        <section class="card officer-actions" aria-labelledby="unit-actions">
            <h2 id="unit-actions">{t("feedback-actions")}</h2>
            {running.then(|| view! {
                <form method="post" class="stack">
                    <NoteField form=form.clone() id="reply-note" label=t("feedback-reply-left-empty-the-chosen-template")/>
                    <div class="field">
                        <label for="template">{t("feedback-templates")}</label>
                        <select id="template" name="template">
                            <option value="">{t("feedback-none")}</option>
                            {d.templates.iter().enumerate().map(|(i, (t, _))| view! { <option value=i.to_string()>{t.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button" formaction=format!("{base}/reply")>{t("feedback-reply")}</button>
                        <button type="submit" class="button" formaction=format!("{base}/ask")>{t("feedback-ask-the-resident")}</button>
                        <button type="submit" class="button primary" formaction=format!("{base}/close")>{t("feedback-close-with-this-reply")}</button>
                    </div>
                </form>
                <form method="post" action=format!("{base}/transfer") class="stack">
                    <h3>{t("feedback-transfer-the-first-unit-owns-it")}</h3>
                    <div class="field" class:invalid=has_to_error>
                        <label for="to">{t("feedback-to")}</label>
                        <select id="to" name="to" aria-describedby=to_error.as_ref().map(|_| "to-error")>
                            <option value="">{t("feedback-choose")}</option>
                            {d.transfer_targets.iter().map(|(k, n)| view! { <option value=k.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                        {to_error.clone().map(|e| view! { <p class="error" id="to-error">{e}</p> })}
                    </div>
                    <div class="field">
                        <label for="transfer-note">{t("feedback-reason")}</label>
                        <textarea id="transfer-note" name="note" rows="2" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{t("feedback-transfer")}</button>
                </form>
            })}
            <form method="post" action=format!("{base}/note") class="stack">
                <div class="field">
                    <label for="private-note">{t("feedback-internal-note-not-shown-to-the")}</label>
                    <textarea id="private-note" name="note" rows="2" maxlength="2000"></textarea>
                </div>
                <button type="submit" class="button">{t("feedback-add-note")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn MyFeedbackPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(|| (), |_| load_my_feedback());
    view! {
        <Title text=t("feedback-my-feedback")/>
        <h1>{t("feedback-my-feedback")}</h1>
        <p><a class="button primary" href="/feedback/new">{t("feedback-give-feedback-2")}</a></p>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(items)) => view! { <FeedbackItems items/> }.into_any(),
                        Ok(None) => view! { <SignInFirst/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}

#[component]
pub fn UnitFeedbackPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status"));
    let overdue = move || query.with(|q| q.get("overdue").is_some_and(|v| v == "1"));
    let data = Resource::new(move || (status(), overdue()), |(s, o)| load_unit_feedback(s, Some(o)));
    view! {
        <Title text=t("feedback-feedback-to-handle")/>
        <h1>{t("feedback-feedback-to-handle")}</h1>
        <p><a href="/work/rectifications">{t("feedback-rectification-cases")}</a></p>
        <form method="get" action="/work/feedback" class="filters">
            <div class="field">
                <label for="status">{t("feedback-status")}</label>
                <select id="status" name="status">
                    <option value="">{t("feedback-all-open")}</option>
                    <option value="open" selected=move || status().as_deref() == Some("open")>{t("feedback-being-handled")}</option>
                    <option value="asked" selected=move || status().as_deref() == Some("asked")>{t("feedback-waiting-for-the-resident")}</option>
                    <option value="closed" selected=move || status().as_deref() == Some("closed")>{t("feedback-closed")}</option>
                    <option value="all" selected=move || status().as_deref() == Some("all")>{t("feedback-all")}</option>
                </select>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="overdue" name="overdue" value="1" checked=overdue/>
                <label for="overdue">{t("feedback-overdue-only")}</label>
            </div>
            <button type="submit" class="button">{t("feedback-filter")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(items)) => view! { <FeedbackItems items/> }.into_any(),
                    Ok(None) => if use_viewer().user.is_none() { view! { <SignInFirst/> }.into_any() } else { view! { <NotYours/> }.into_any() },
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminFeedbackPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_category_admin());
    let saved = move || use_query_map().with(|q| q.get("saved").is_some());
    view! {
        <Title text=t("feedback-feedback-categories-and-deadlines")/>
        <h1>{t("feedback-feedback-categories-and-deadlines")}</h1>
        <p>{t("feedback-in-working-days-0-the-same")}</p>
        {move || saved().then(|| view! { <p class="banner banner-ok" role="status">{t("feedback-saved")}</p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some((rows, days))) => view! {
                                <form method="post" action="/admin/rectification-days" class="inline-form">
                                    <label for="rectification_days">{t("feedback-rectification-cases-working-days")}</label>" "
                                    <input id="rectification_days" name="days" class="days" type="text" inputmode="numeric"
                                        value=if form.values.contains_key("rectification_days") { form.value("rectification_days") } else { days.to_string() }
                                        aria-describedby=form.error("rectification_days").map(|_| "rectification_days-error")/>
                                    <button type="submit" class="button">{t("feedback-save")}</button>
                                    {form.error("rectification_days").map(|e| view! { <p class="error" id="rectification_days-error">{e}</p> })}
                                </form>
                                <table class="outbox">
                                    <thead><tr><th scope="col">{t("feedback-category")}</th><th scope="col">{t("feedback-owner-3")}</th>
                                        <th scope="col">{t("feedback-working-days-2")}</th></tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| {
                                            let name = format!("days_{}", r.code);
                                            let error = form.error(&name);
                                            let value = if form.values.contains_key(&name) { form.value(&name) } else { r.deadline_days.to_string() };
                                            view! {
                                                <tr>
                                                    <td>{r.kind_label.clone()}" · "{r.name.clone()}</td>
                                                    <td>{r.owner.clone()}</td>
                                                    <td>
                                                        <form method="post" action=format!("/admin/feedback/{}", r.code) class="inline-form">
                                                            <label for=name.clone() class="visually-hidden">{r.name.clone()}</label>
                                                            <input id=name.clone() name="days" class="days" type="text" inputmode="numeric" value=value
                                                                aria-describedby=error.as_ref().map(|_| format!("{name}-error"))/>
                                                            <button type="submit" class="button">{t("feedback-save")}</button>
                                                            {error.map(|e| view! { <p class="error" id=format!("{name}-error")>{e}</p> })}
                                                        </form>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Ok(None) => view! { <NotYours/> }.into_any(),
                            Err(_) => crate::components::load_failed(),
                        }
                    })
                }
            }
        </Suspense>
    }
}
