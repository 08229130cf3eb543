//! `/rate/{kind}/{key}` (好差评), `/work/rectifications` (a unit's cases; an admin's appeals;
//! a resident's own) and `/rectifications/{id}`.
use super::server::*;
use super::*;
use crate::applications::pages::{NotYours, SignInFirst};
use crate::components::{tr, FormBanner};
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
        <Title text=tr("好差评", "Rate the service")/>
        <h1>{tr("好差评", "Rate the service")}</h1>
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
        <p class="lead">{v.title.clone()}" · "{tr("责任单位：", "Responsible: ")}{v.unit.clone()}</p>
        <p><a href=v.back.clone()>{tr("← 返回", "← Back")}</a></p>
        {match &v.change_until {
            Some(until) if !until.is_empty() => view! { <p class="hint">{tr("已评价，可在以下时间前修改：", "Rated; you can change it until ")}{until.clone()}</p> }.into_any(),
            None => view! { <p class="hint">{tr("评价已超过 7 天，不能再修改。", "The rating is over 7 days old and can no longer be changed.")}</p> }.into_any(),
            _ => ().into_any(),
        }}
        {(!v.may_rate && v.change_until.is_some()).then(|| view! { <p>{tr("办结后才能评价。", "You can rate it once it is finished.")}</p> })}
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
                    <label for="comment">{tr("意见（可选）", "Comment (optional)")}</label>
                    <textarea id="comment" name="comment" rows="3" maxlength="500" aria-describedby=comment_error.as_ref().map(|_| "comment-error")>{comment}</textarea>
                    {comment_error.clone().map(|e| view! { <p class="error" id="comment-error">{e}</p> })}
                </div>
                <p class="hint">{tr("选择“不满意”或“非常不满意”时，责任单位须回访并整改或说明。", "With 不满意 or 非常不满意 the responsible unit must call you back and fix or explain.")}</p>
                <button type="submit" class="button primary">{tr("提交评价", "Submit rating")}</button>
            </form>
        })}
    }
}

#[component]
pub fn RectificationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_rectifications());
    view! {
        <Title text=tr("差评整改", "Rectification cases")/>
        <h1>{tr("差评整改", "Rectification cases")}</h1>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(items)) if items.is_empty() => view! { <p>{tr("暂无整改单。", "No cases.")}</p> }.into_any(),
                    Ok(Some(items)) => view! {
                        <ul class="cards">
                            {items.into_iter().map(|r| view! {
                                <li class="card">
                                    <h2><a href=format!("/rectifications/{}", r.id)>{tr("整改单 ", "Case ")}{r.id}" · "{r.subject.clone()}</a></h2>
                                    <p class="meta">{r.status_label.clone()}{r.overdue.then(|| view! { " " <strong class="overdue">{tr("已超期", "Overdue")}</strong> })}
                                        " · "{r.level.clone()}" · "{tr("期限 ", "Due ")}{r.deadline.clone()}" · "{r.unit.clone()}</p>
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
        <Title text=tr("差评整改", "Rectification case")/>
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
        <h1>{tr("差评整改单 ", "Rectification case ")}{s.id}</h1>
        <dl class="facts pairs">
            <dt>{tr("被评价事项", "Rated item")}</dt><dd><a href=d.subject_link.clone()>{s.subject.clone()}</a></dd>
            <dt>{tr("评价", "Rating")}</dt><dd>{s.level.clone()}{(!s.comment.is_empty()).then(|| format!("：{}", s.comment))}</dd>
            <dt>{tr("状态", "Status")}</dt><dd>{s.status_label.clone()}{s.overdue.then(|| view! { " " <strong class="overdue">{tr("已超期", "Overdue")}</strong> })}</dd>
            <dt>{tr("整改期限", "Due")}</dt><dd>{s.deadline.clone()}</dd>
            <dt>{tr("责任单位", "Responsible")}</dt><dd>{s.unit.clone()}</dd>
            {d.resident.clone().map(|r| view! { <dt>{tr("回访对象", "Call back")}</dt><dd>{r}</dd> })}
            {(!d.call_note.is_empty()).then(|| view! { <dt>{tr("回访记录", "Call-back notes")}</dt><dd>{d.call_note.clone()}</dd> })}
            {(!d.outcome.is_empty()).then(|| view! { <dt>{d.outcome.clone()}</dt><dd>{d.outcome_note.clone()}</dd> })}
            {(!d.appeal_reason.is_empty()).then(|| view! { <dt>{tr("申诉理由", "Appeal")}</dt><dd>{d.appeal_reason.clone()}</dd> })}
            {(!d.appeal_decision.is_empty()).then(|| view! { <dt>{tr("申诉结果", "Decision")}</dt><dd>{d.appeal_decision.clone()}" "{d.appeal_note.clone()}</dd> })}
        </dl>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {(d.viewpoint == "unit").then(|| view! {
            {(status == "open").then(|| view! {
                <StepForm action=format!("{base}/call") label=tr("回访记录（已电话联系居民）", "Call-back notes (you phoned the resident)") button=tr("记录回访", "Record call-back") form=form.clone() id="call-note"/>
            })}
            {(status == "called").then(|| view! {
                <StepForm action=format!("{base}/fix") label=tr("整改情况", "What was fixed") button=tr("已整改", "Fixed") form=form.clone() id="fix-note"/>
                <StepForm action=format!("{base}/explain") label=tr("解释说明", "Explanation") button=tr("解释说明", "Explain") form=form.clone() id="explain-note"/>
            })}
            {(status == "open" || status == "called").then(|| view! {
                <details>
                    <summary>{tr("认为属恶意差评？向管理员申诉", "A malicious rating? Appeal to an administrator")}</summary>
                    <StepForm action=format!("{base}/appeal") label=tr("申诉理由", "Reason for the appeal") button=tr("提交申诉", "Appeal") form=form.clone() id="appeal-note"/>
                </details>
            })}
        })}
        {(d.viewpoint == "admin" && status == "appealed").then(|| view! {
            <StepForm action=format!("{base}/uphold") label=tr("申诉成立的理由（该评价不计入统计）", "Why the appeal is upheld (the rating is set aside)") button=tr("申诉成立", "Uphold") form=form.clone() id="uphold-note"/>
            <StepForm action=format!("{base}/dismiss") label=tr("申诉不成立的理由", "Why the appeal is dismissed") button=tr("申诉不成立", "Dismiss") form=form.clone() id="dismiss-note"/>
        })}
        {d.rate_link.clone().map(|l| view! { <p><a class="button primary" href=l>{tr("评价整改结果", "Rate the outcome")}</a></p> })}
    }
}
