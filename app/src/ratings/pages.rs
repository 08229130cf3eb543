//! `/rate/{kind}/{key}` (好差评), `/work/rectifications` (a unit's cases; an admin's appeals;
//! a resident's own) and `/rectifications/{id}`.
use crate::i18n::t;
use super::lifecycle::{Action::*, Actor::*, TABLE as STEPS};
use super::server::*;
use super::*;
use crate::components::{NotYours, SignInFirst};
use crate::components::{written_lang, FormBanner, Written};
use crate::forms::{use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RatePage() -> impl IntoView {
    let params = use_params_map();
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(
        move || params.with(|p| (p.get("kind").unwrap_or_default(), p.get("key").unwrap_or_default())),
        |(k, key)| load_rate(k, key),
    );
    view! {
        <Title text=t("ratings-rate-the-service")/>
        <h1>{t("ratings-rate-the-service")}</h1>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {
                    let form = form.clone();
                    move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok(Some(v)) => view! { <RateForm v form/> }.into_any(),
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
fn RateForm(v: RateView, form: FormState) -> impl IntoView {
    let lang = use_viewer().lang;
    let action = format!("/rate/{}/{}", v.kind, v.key);
    let comment = if form.values.contains_key("comment") { form.value("comment") } else { v.comment.clone() };
    let comment_error = form.error("comment");
    let has_comment_error = comment_error.is_some();
    view! {
        <p class="lead">{v.title.clone()}" · "{t("ratings-responsible")}{v.unit.clone()}</p>
        <p><a href=v.back.clone()>{t("ratings-back")}</a></p>
        {match &v.change_until {
            Some(until) if !until.is_empty() => view! { <p class="hint">{t("ratings-rated-you-can-change-it-until")}{until.clone()}</p> }.into_any(),
            None => view! { <p class="hint">{t("ratings-the-rating-is-over-7-days")}</p> }.into_any(),
            _ => ().into_any(),
        }}
        {(!v.may_rate && v.change_until.is_some()).then(|| view! { <p>{t("ratings-you-can-rate-it-once-it")}</p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {v.may_rate.then(|| view! {
            <form method="post" action=action class="stack rating">
                {INDICATORS.iter().enumerate().map(|(i, (name, zh, en))| {
                    let chosen = if form.values.contains_key(*name) { form.value(name).parse::<i64>().ok() } else { v.levels.as_ref().map(|l| l[i]) };
                    let error = form.error(name);
                    let has_error = error.is_some();
                    view! {
                        <fieldset class="field levels" class:invalid=has_error>
                            <legend>{if lang == crate::prefs::Lang::En { *en } else { *zh }}<span class="req" aria-hidden="true">" *"</span></legend>
                            {LEVELS.iter().map(|(level, lzh, len)| {
                                let id = format!("{name}-{level}");
                                view! {
                                    <div class="checkbox">
                                        <input type="radio" id=id.clone() name=*name value=level.to_string() checked=chosen == Some(*level) required=true/>
                                        <label for=id>{if lang == crate::prefs::Lang::En { *len } else { *lzh }}</label>
                                    </div>
                                }
                            }).collect_view()}
                            {error.map(|e| view! { <p class="error">{e}</p> })}
                        </fieldset>
                    }
                }).collect_view()}
                <div class="field" class:invalid=has_comment_error>
                    <label for="comment">{t("ratings-comment-optional")}</label>
                    <textarea id="comment" name="comment" rows="3" maxlength="500" aria-describedby=comment_error.as_ref().map(|_| "comment-error")>{comment}</textarea>
                    {comment_error.clone().map(|e| view! { <p class="error" id="comment-error">{e}</p> })}
                </div>
                <p class="hint">{t("ratings-with-or-the-responsible-unit-must")}</p>
                <button type="submit" class="button primary">{t("ratings-submit-rating")}</button>
            </form>
        })}
    }
}

#[component]
pub fn RectificationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_rectifications());
    view! {
        <Title text=t("ratings-rectification-cases")/>
        <h1>{t("ratings-rectification-cases")}</h1>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(items)) if items.is_empty() => view! { <p>{t("ratings-no-cases")}</p> }.into_any(),
                    Ok(Some(items)) => view! {
                        <ul class="cards">
                            {items.into_iter().map(|r| view! {
                                <li class="card">
                                    <h2><a href=format!("/rectifications/{}", r.id)>{t("ratings-case")}{r.id}" · "{r.subject.clone()}</a></h2>
                                    <p class="meta">{r.status_label.clone()}{r.overdue.then(|| view! { " " <strong class="overdue">{t("ratings-overdue")}</strong> })}
                                        " · "{r.level.clone()}" · "{t("ratings-due")}{r.deadline.clone()}" · "{r.unit.clone()}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => if use_viewer().user.is_none() { view! { <SignInFirst/> }.into_any() } else { view! { <NotYours/> }.into_any() },
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn RectificationPage() -> impl IntoView {
    let params = use_params_map();
    let form = use_form_state();
    let data = Resource::new(move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)), load_rectification);
    view! {
        <Title text=t("ratings-rectification-case")/>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(d)) => view! { <RectificationBody d form/> }.into_any(),
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
fn StepForm(action: String, label: &'static str, button: &'static str, form: FormState, id: &'static str) -> impl IntoView {
    let error = form.error("note");
    let has_error = error.is_some();
    let error_id = format!("{id}-error");
    view! {
        <form method="post" action=action class="stack">
            <div class="field" class:invalid=has_error>
                <label for=id>{label}</label>
                <textarea id=id name="note" rows="3" maxlength="2000" required=true aria-describedby=error.as_ref().map(|_| error_id.clone())></textarea>
                {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
            </div>
            <button type="submit" class="button">{button}</button>
        </form>
    }
}

#[component]
fn RectificationBody(d: RectificationDetail, form: FormState) -> impl IntoView {
    let s = d.summary.clone();
    let base = format!("/rectifications/{}", s.id);
    let status = s.status.clone();
    view! {
        <h1>{t("ratings-rectification-case-2")}{s.id}</h1>
        <dl class="facts pairs">
            <dt>{t("ratings-rated-item")}</dt><dd><a href=d.subject_link.clone()>{s.subject.clone()}</a></dd>
            <dt>{t("ratings-rating")}</dt><dd>{s.level.clone()}{(!s.comment.is_empty()).then(|| format!("：{}", s.comment))}</dd>
            <dt>{t("ratings-status")}</dt><dd>{s.status_label.clone()}{s.overdue.then(|| view! { " " <strong class="overdue">{t("ratings-overdue")}</strong> })}</dd>
            <dt>{t("ratings-due-2")}</dt><dd lang=written_lang(&s.deadline)>{s.deadline.clone()}</dd>
            <dt>{t("ratings-responsible-2")}</dt><dd lang=written_lang(&s.unit)>{s.unit.clone()}</dd>
            {d.resident.clone().map(|r| view! { <dt>{t("ratings-call-back")}</dt><dd>{r}</dd> })}
            {(!d.call_note.is_empty()).then(|| view! { <dt>{t("ratings-call-back-notes")}</dt><dd lang=written_lang(&d.call_note)>{d.call_note.clone()}</dd> })}
            {(!d.outcome.is_empty()).then(|| view! { <dt>{d.outcome.clone()}</dt><dd lang=written_lang(&d.outcome_note)>{d.outcome_note.clone()}</dd> })}
            {(!d.appeal_reason.is_empty()).then(|| view! { <dt>{t("ratings-appeal")}</dt><dd lang=written_lang(&d.appeal_reason)>{d.appeal_reason.clone()}</dd> })}
            {(!d.appeal_decision.is_empty()).then(|| view! { <dt>{t("ratings-decision")}</dt><dd>{d.appeal_decision.clone()}" "<Written text=d.appeal_note.clone()/></dd> })}
        </dl>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {(d.viewpoint == "unit").then(|| view! {
            {STEPS.allows(Call, Unit, &status).then(|| view! {
                <StepForm action=format!("{base}/call") label=t("ratings-call-back-notes-you-phoned-the") button=t("ratings-record-call-back") form=form.clone() id="call-note"/>
            })}
            {STEPS.allows(Fix, Unit, &status).then(|| view! {
                <StepForm action=format!("{base}/fix") label=t("ratings-what-was-fixed") button=t("ratings-fixed") form=form.clone() id="fix-note"/>
                <StepForm action=format!("{base}/explain") label=t("ratings-explanation") button=t("ratings-explain") form=form.clone() id="explain-note"/>
            })}
            {STEPS.allows(Appeal, Unit, &status).then(|| view! {
                <details>
                    <summary>{t("ratings-a-malicious-rating-appeal-to-an")}</summary>
                    <StepForm action=format!("{base}/appeal") label=t("ratings-reason-for-the-appeal") button=t("ratings-appeal-2") form=form.clone() id="appeal-note"/>
                </details>
            })}
        })}
        {(d.viewpoint == "admin" && STEPS.allows(Uphold, Admin, &status)).then(|| view! {
            <StepForm action=format!("{base}/uphold") label=t("ratings-why-the-appeal-is-upheld-the") button=t("ratings-uphold") form=form.clone() id="uphold-note"/>
            <StepForm action=format!("{base}/dismiss") label=t("ratings-why-the-appeal-is-dismissed") button=t("ratings-dismiss") form=form.clone() id="dismiss-note"/>
        })}
        {d.rate_link.clone().map(|l| view! { <p><a class="button primary" href=l>{t("ratings-rate-the-outcome")}</a></p> })}
    }
}
