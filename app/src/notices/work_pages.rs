//! The publisher's desk: `/work/notices` (their unit's notices and a new draft) and
//! `/work/notices/{id}` (preview, publish or schedule, withdraw and republish, and the
//! coverage per building with the residents not reached, who staff can tell in person).
use super::pages::{NoticeBody, NoticeLine};
use super::*;
use crate::components::{loaded, FormBanner, NotYours, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, t_with, use_strings};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn missing() -> AnyView {
    view! { <NotYours/> }.into_any()
}

#[component]
pub fn WorkNoticesPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_desk());
    view! {
        <Title text=t("notice-desk")/>
        <h1>{t("notice-desk")}</h1>
        {loaded(data, missing, move |d| view! {
            <p class="lead">{d.unit.clone()}</p>
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            <NewNoticeForm d=d.clone() form=form.clone()/>
            <h2>{t("notice-ours")}</h2>
            {if d.notices.is_empty() { view! { <p>{t("notice-none")}</p> }.into_any() } else { view! {
                <ul class="cards">
                    {d.notices.into_iter().map(|n| {
                        let href = format!("/work/notices/{}", n.id);
                        view! { <NoticeLine n href/> }
                    }).collect_view()}
                </ul>
            }.into_any() }}
        }.into_any())}
    }
}

/// A group of checkboxes under one legend.
#[component]
pub(crate) fn Checks(legend: &'static str, name: &'static str, choices: Vec<Choice>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{legend}</legend>
            {choices.into_iter().map(|c| {
                let id = format!("{name}-{}", c.value);
                view! {
                    <div class="checkbox">
                        <input type="checkbox" id=id.clone() name=name value=c.value/>
                        <label for=id>{c.label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn NewNoticeForm(d: Desk, form: FormState) -> impl IntoView {
    let lang = crate::prefs::use_viewer().lang;
    let groups: Vec<Choice> = GROUPS.iter().map(|g| Choice { value: g.to_string(), label: crate::i18n::text_with(lang, &format!("group-{g}"), []) }).collect();
    let (te, tid, tbad) = error_of(&form, "title");
    let (be, bid, bbad) = error_of(&form, "body");
    let (xe, xid, xbad) = error_of(&form, "expires_on");
    let category = form.value("category");
    view! {
        <details class="card" open=!form.is_ok()>
            <summary>{t("notice-new")}</summary>
            <form method="post" action="/work/notices" class="stack">
                <div class="field">
                    <label for="category">{t("notice-category")}</label>
                    <select id="category" name="category">
                        {CATEGORIES.iter().map(|c| view! {
                            <option value=*c selected=category == *c>{crate::i18n::text_with(lang, &format!("notice-category-{c}"), [])}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=tbad>
                    <label for="title">{t("notice-field-title")}</label>
                    <input id="title" name="title" maxlength="60" required=true value=form.value("title") aria-describedby=tid.clone()/>
                    {te.map(|e| view! { <p class="error" id=tid>{e}</p> })}
                </div>
                <div class="field" class:invalid=bbad>
                    <label for="body">{t("notice-field-body")}</label>
                    <textarea id="body" name="body" rows="8" maxlength="5000" required=true aria-describedby=bid.clone()>{form.value("body")}</textarea>
                    {be.map(|e| view! { <p class="error" id=bid>{e}</p> })}
                </div>
                <p class="hint">{t("notice-audience-hint")}</p>
                {(d.communities.len() > 1).then(|| view! { <Checks legend=t("notice-communities") name="communities" choices=d.communities.clone()/> })}
                <Checks legend=t("notice-buildings") name="buildings" choices=d.buildings.clone()/>
                <Checks legend=t("notice-groups") name="groups" choices=groups/>
                {(!d.services.is_empty()).then(|| {
                    let (e, eid, bad) = error_of(&form, "services");
                    view! {
                        <details class="field" class:invalid=bad open=bad>
                            <summary>{t("notice-services")}</summary>
                            <Checks legend=t("notice-services-legend") name="services" choices=d.services.clone()/>
                            {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                        </details>
                    }
                })}
                <div class="field" class:invalid=xbad>
                    <label for="expires_on">{t("notice-field-expires")}</label>
                    <input id="expires_on" name="expires_on" type="date" value=form.value("expires_on") aria-describedby=xid.clone()/>
                    {xe.map(|e| view! { <p class="error" id=xid>{e}</p> })}
                </div>
                <div class="checkbox"><input type="checkbox" id="ack_required" name="ack_required" value="1"/><label for="ack_required">{t("notice-ask-ack")}</label></div>
                <div class="checkbox"><input type="checkbox" id="pinned" name="pinned" value="1"/><label for="pinned">{t("notice-pin")}</label></div>
                <button type="submit" class="button primary">{t("notice-save-draft")}</button>
            </form>
        </details>
    }
}

#[component]
pub fn WorkNoticePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, load_desk_notice);
    let form = use_form_state();
    view! { {loaded(data, missing, move |d| view! { <DeskNoticeBody d form=form.clone()/> }.into_any())} }
}

#[component]
fn DeskNoticeBody(d: DeskNotice, form: FormState) -> impl IntoView {
    let id = d.detail.summary.id;
    let query = use_query_map();
    let reminded = query.with_untracked(|q| q.get("reminded"));
    let act = move |a: &str| format!("/work/notices/{id}/{a}");
    let (se, sid, sbad) = error_of(&form, "publish_at");
    let (re, rid, rbad) = error_of(&form, "reason");
    let has = |a: &str| d.actions.iter().any(|x| x == a);
    let status_label = crate::i18n::text_with(crate::prefs::use_viewer().lang, &format!("notice-status-{}", d.detail.summary.status), []);
    view! {
        <p class="meta"><a href="/work/notices">{t("notice-desk")}</a>" · "<span class=format!("status status-{}", d.detail.summary.status)>{status_label}</span>
            {(!d.publish_at.is_empty()).then(|| view! { " · "{t("notice-scheduled-for")}" "{d.publish_at.clone()} })}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {reminded.map(|n| view! { <p class="banner" role="status">{t_with("notice-reminded", [("n", n.parse::<i64>().unwrap_or(0).into())])}</p> })}
        <NoticeBody d=d.detail.clone()/>
        {(d.detail.summary.status == "draft").then(|| view! { <DraftAttachments id files=d.detail.attachments.clone() form=form.clone()/> })}
        <section class="stack no-print">
            {has("publish").then(|| view! {
                <form method="post" action={act("publish")}><button type="submit" class="button primary">{t("notice-publish")}</button></form>
            })}
            {has("schedule").then(|| view! {
                <form method="post" action={act("schedule")} class="stack">
                    <div class="field" class:invalid=sbad>
                        <label for="publish_at">{t("notice-publish-at")}</label>
                        <input id="publish_at" name="publish_at" type="datetime-local" required=true aria-describedby=sid.clone()/>
                        {se.map(|e| view! { <p class="error" id=sid>{e}</p> })}
                    </div>
                    <button type="submit" class="button">{t("notice-schedule")}</button>
                </form>
            })}
            {has("unschedule").then(|| view! {
                <form method="post" action={act("unschedule")}><button type="submit" class="button">{t("notice-unschedule")}</button></form>
            })}
            {has("withdraw").then(|| view! {
                <form method="post" action={act("withdraw")} class="stack">
                    <div class="field" class:invalid=rbad>
                        <label for="reason">{t("notice-withdraw-reason")}</label>
                        <input id="reason" name="reason" maxlength="300" required=true aria-describedby=rid.clone()/>
                        {re.map(|e| view! { <p class="error" id=rid>{e}</p> })}
                    </div>
                    <button type="submit" class="button">{t("notice-withdraw")}</button>
                </form>
            })}
            {(d.detail.summary.status == "withdrawn" && d.detail.replaced_by.is_none()).then(|| view! {
                <form method="post" action={act("copy")}><button type="submit" class="button">{t("notice-republish")}</button></form>
            })}
        </section>
        {(d.detail.summary.status != "draft" && d.detail.summary.status != "scheduled").then(|| view! { <Coverage d=d.clone()/> })}
    }
}

/// Who the notice reached, per building, and the residents it has not reached yet.
#[component]
fn Coverage(d: DeskNotice) -> impl IntoView {
    let id = d.detail.summary.id;
    view! {
        <section class="no-print">
            <h2>{t("notice-coverage")}</h2>
            <p>{t_with("notice-addressed", [("n", d.addressed.into())])}{d.delivering.then(|| view! { " "{t("notice-delivering")} })}</p>
            <table class="outbox">
                <thead><tr>
                    <th scope="col">{t("notice-building")}</th><th scope="col">{t("notice-delivered-count")}</th>
                    <th scope="col">{t("notice-read-count")}</th><th scope="col">{t("notice-ack-count")}</th><th scope="col">{t("notice-told-count")}</th>
                    <th scope="col">{t("notice-households")}</th>
                </tr></thead>
                <tbody>
                    {d.coverage.into_iter().map(|c| view! {
                        <tr><td><Written text=c.building/></td><td>{c.addressed}</td><td>{c.read}</td><td>{c.acknowledged}</td><td>{c.told}</td>
                            <td>{t_with("notice-households-cell", [("read", c.households_read.into()), ("ack", c.households_acknowledged.into()),
                                ("reached", c.households_reached.into()), ("all", c.households.into())])}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{t("notice-unreached")}</h3>
            {if d.unreached.is_empty() { view! { <p>{t("notice-all-reached")}</p> }.into_any() } else { view! {
                <form method="post" action={format!("/work/notices/{id}/remind")}>
                    <button type="submit" class="button">{t("notice-remind")}</button>
                </form>
                <ul class="cards">
                    {d.unreached.into_iter().map(|r| view! {
                        <li class="card">
                            <p><Written text=r.name.clone()/>" · "<Written text=r.building.clone()/></p>
                            <form method="post" action={format!("/work/notices/{id}/told")} class="inline">
                                <input type="hidden" name="resident" value=r.id.to_string()/>
                                <button type="submit" name="how" value="in_person" class="button">{t("notice-told-in-person")}</button>
                                <button type="submit" name="how" value="phone" class="button">{t("notice-told-by-phone")}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any() }}
        </section>
    }
}

/// A draft's files: each can be taken off, and more added (PDF or image, five at most).
#[component]
fn DraftAttachments(id: i64, files: Vec<Attachment>, form: FormState) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, "attachments");
    let described = format!("attachments-hint {}", eid.clone().unwrap_or_default());
    view! {
        <section class="stack no-print">
            <h2>{t("notice-attachments")}</h2>
            {(!files.is_empty()).then(|| view! {
                <ul class="cards">
                    {files.into_iter().map(|a| view! {
                        <li class="card">
                            <Written text=a.name.clone()/>" · "{a.size.clone()}
                            <form method="post" action=format!("/work/notices/{id}/attachments/{}/remove", a.id) class="inline">
                                <button type="submit" class="button">{t("notice-attachment-remove")}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <form method="post" action=format!("/work/notices/{id}/attachments") enctype="multipart/form-data" class="stack">
                <div class="field" class:invalid=bad>
                    <label for="attachments">{t("notice-attach-label")}</label>
                    <p class="hint" id="attachments-hint">{t("notice-attach-hint")}</p>
                    <input type="file" id="attachments" name="attachments" multiple=true
                        accept="application/pdf,image/jpeg,image/png,image/webp" aria-describedby=described.trim().to_string()/>
                    {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                </div>
                <button type="submit" class="button">{t("notice-attach")}</button>
            </form>
        </section>
    }
}
