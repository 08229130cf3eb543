//! What residents and volunteers see: `/help` (ask for help; my requests; for a volunteer, the
//! open requests of the community and those they hold), `/help/{id}` (one request, with the
//! steps this viewer may take), `/volunteer` (the team, my hours, my time bank) and
//! `/volunteer/certificates/{code}` (a printable certificate anyone can check by its number).
use super::*;
use crate::components::{loaded, nothing_here, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, text_with, use_strings};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub(crate) fn status_label(status: &str) -> String {
    text_with(crate::prefs::use_viewer().lang, &format!("help-status-{status}"), [])
}

fn kind_label(kind: &str) -> String {
    text_with(crate::prefs::use_viewer().lang, &format!("help-kind-{kind}"), [])
}

/// One request in a list: what, where (building only), when, and its state.
#[component]
pub(crate) fn HelpCardView(c: HelpCard, #[prop(optional)] href: Option<String>) -> impl IntoView {
    let href = href.unwrap_or_else(|| format!("/help/{}", c.id));
    view! {
        <li class="card">
            <h3><a href=href>{c.kind.clone()}" · "<Written text=c.building.clone()/></a>
                {c.urgent.then(|| view! { " "<span class="status status-urgent">{t("help-urgent")}</span> })}</h3>
            <p><Written text=c.details.clone()/></p>
            <p class="meta">{c.needed_on.clone()}" "<Written text=c.time_slot.clone()/>" · "<Written text=c.requester.clone()/>" · "
                <span class=format!("status status-{}", c.status)>{status_label(&c.status)}</span>
                {c.volunteer.clone().map(|v| view! { " · "{t("help-volunteer")}" "<Written text=v/> })}</p>
        </li>
    }
}

fn cards(list: Vec<HelpCard>, empty: &'static str) -> AnyView {
    if list.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! { <ul class="cards">{list.into_iter().map(|c| view! { <HelpCardView c/> }).collect_view()}</ul> }.into_any()
}

/// The fields of a request (kind, what, when), shared by the resident's form and the desk's.
#[component]
pub(crate) fn RequestFields(form: FormState) -> impl IntoView {
    let (ke, kid, kbad) = error_of(&form, "kind");
    let (de, did, dbad) = error_of(&form, "details");
    let (ne, nid, nbad) = error_of(&form, "needed_on");
    let (se, sid, sbad) = error_of(&form, "time_slot");
    let chosen = form.value("kind");
    let kdesc = kid.clone();
    view! {
        <fieldset class="field" class:invalid=kbad aria-describedby=kdesc>
            <legend>{t("help-field-kind")}</legend>
            {KINDS.iter().map(|k| {
                let id = format!("kind-{k}");
                view! { <div class="checkbox"><input type="radio" id=id.clone() name="kind" value=*k checked=chosen == *k required=true/>
                    <label for=id>{kind_label(k)}</label></div> }
            }).collect_view()}
            {ke.map(|e| view! { <p class="error" id=kid>{e}</p> })}
        </fieldset>
        <div class="field" class:invalid=dbad>
            <label for="details">{t("help-field-details")}</label>
            <p class="hint" id="details-hint">{t("help-details-hint")}</p>
            <textarea id="details" name="details" rows="3" maxlength="300" required=true
                aria-describedby=format!("details-hint {}", did.clone().unwrap_or_default()).trim().to_string()>{form.value("details")}</textarea>
            {de.map(|e| view! { <p class="error" id=did>{e}</p> })}
        </div>
        <div class="field" class:invalid=nbad>
            <label for="needed_on">{t("help-field-day")}</label>
            <input id="needed_on" name="needed_on" type="date" required=true value=form.value("needed_on") aria-describedby=nid.clone()/>
            {ne.map(|e| view! { <p class="error" id=nid>{e}</p> })}
        </div>
        <div class="field" class:invalid=sbad>
            <label for="time_slot">{t("help-field-time")}</label>
            <input id="time_slot" name="time_slot" maxlength="40" value=form.value("time_slot") aria-describedby=sid.clone()/>
            {se.map(|e| view! { <p class="error" id=sid>{e}</p> })}
        </div>
        <div class="checkbox"><input type="checkbox" id="urgent" name="urgent" value="1"/><label for="urgent">{t("help-field-urgent")}</label></div>
    }
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_help_home());
    let form = use_form_state();
    view! {
        <Title text=t("help-title")/>
        <h1>{t("help-title")}</h1>
        <p class="lead">{t("help-lead")}</p>
        {loaded(data, nothing_here, move |h| view! {
            {h.is_resident.then(|| view! { <AskForm h=h.clone() form=form.clone()/> })}
            <h2>{t("help-mine")}</h2>
            {cards(h.mine.clone(), t("help-none"))}
            {match h.volunteer_status.as_deref() {
                Some("active") => view! {
                    <h2>{t("help-open-nearby")}</h2>
                    {cards(h.open.clone(), t("help-none-open"))}
                    <h2>{t("help-held")}</h2>
                    {cards(h.held.clone(), t("help-none"))}
                }.into_any(),
                _ => view! { <p><a href="/volunteer">{t("help-become-volunteer")}</a></p> }.into_any(),
            }}
        }.into_any())}
    }
}

#[component]
fn AskForm(h: HelpHome, form: FormState) -> impl IntoView {
    view! {
        <details class="card" open=!form.is_ok()>
            <summary>{t("help-ask")}</summary>
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            <form method="post" action="/help" class="stack">
                {(h.for_whom.len() > 1).then(|| view! {
                    <div class="field">
                        <label for="for">{t("help-field-for")}</label>
                        <select id="for" name="for">
                            {h.for_whom.iter().map(|(id, name)| view! { <option value=id.to_string()><Written text=name.clone()/></option> }).collect_view()}
                        </select>
                    </div>
                })}
                <RequestFields form=form.clone()/>
                <button type="submit" class="button primary">{t("help-submit")}</button>
            </form>
        </details>
    }
}

#[component]
pub fn HelpRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, load_help_request);
    let form = use_form_state();
    let query = use_query_map();
    let posted = query.with_untracked(|q| q.get("posted").is_some());
    let reported = query.with_untracked(|q| q.get("reported").is_some());
    view! {
        {posted.then(|| view! { <p class="banner banner-ok" role="status">{t("help-posted")}</p> })}
        {reported.then(|| view! { <p class="banner banner-ok" role="status">{t("help-reported")}</p> })}
        {loaded(data, nothing_here, move |d| view! { <RequestBody d form=form.clone()/> }.into_any())}
    }
}

#[component]
fn RequestBody(d: HelpDetail, form: FormState) -> impl IntoView {
    let c = d.card.clone();
    let id = c.id;
    let post = move |a: &str| format!("/help/{id}/{a}");
    let has = |a: &str| d.actions.iter().any(|x| x == a);
    view! {
        <Title text=c.kind.clone()/>
        <p class="meta"><a href="/help">{t("help-title")}</a>" · "<span class=format!("status status-{}", c.status)>{status_label(&c.status)}</span></p>
        <h1>{c.kind.clone()}" · "<Written text=c.building.clone()/></h1>
        <crate::components::ReadAloud target="help-body"/>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <dl class="facts pairs" id="help-body">
            <dt>{t("help-field-details")}</dt><dd><Written text=c.details.clone()/></dd>
            <dt>{t("help-field-day")}</dt><dd>{c.needed_on.clone()}" "<Written text=c.time_slot.clone()/></dd>
            <dt>{t("help-requester")}</dt><dd><Written text=c.requester.clone()/>" · "{d.phone.clone()}" · "{d.origin.clone()}</dd>
            {c.volunteer.clone().map(|v| view! { <dt>{t("help-volunteer")}</dt><dd><Written text=v/></dd> })}
            {(!d.status_note.is_empty()).then(|| view! { <dt>{t("help-note")}</dt><dd><Written text=d.status_note.clone()/></dd> })}
            {d.minutes.map(|m| view! { <dt>{t("help-recorded")}</dt><dd>{hours_text(m, crate::prefs::use_viewer().lang)}</dd> })}
            {d.rating.map(|r| view! { <dt>{t("help-rating")}</dt><dd>{"★".repeat(r as usize)}" "<Written text=d.thanks.clone()/></dd> })}
        </dl>
        {d.code.clone().map(|code| view! {
            <div class="card code-card" role="status">
                <p>{if c.status == "serving" { t("help-show-code-out") } else { t("help-show-code-in") }}</p>
                <p class="big-code" lang="en">{code}</p>
            </div>
        })}
        {has("take").then(|| view! { <form method="post" action=post("take")><button type="submit" class="button primary">{t("help-take")}</button></form> })}
        {has("check-in").then(|| view! { <CodeForm action=post("check-in") label=t("help-check-in") form=form.clone()/> })}
        {has("check-out").then(|| view! { <CodeForm action=post("check-out") label=t("help-check-out") form=form.clone()/> })}
        {has("confirm").then(|| view! { <ConfirmForm action=post("confirm") form=form.clone()/> })}
        {has("approve").then(|| view! { <form method="post" action=post("approve")><button type="submit" class="button primary">{t("help-approve")}</button></form> })}
        {has("assign").then(|| view! { <AssignForm action=post("assign") volunteers=d.volunteers.clone() form=form.clone()/> })}
        {has("refuse").then(|| view! { <ReasonForm action=post("refuse") name="note" label=t("help-refuse") form=form.clone()/> })}
        {has("release").then(|| view! { <form method="post" action=post("release")><button type="submit" class="button">{t("help-release")}</button></form> })}
        {has("cancel").then(|| view! { <form method="post" action=post("cancel")><button type="submit" class="button">{t("help-cancel")}</button></form> })}
        {d.can_report.then(|| view! { <details class="card"><summary>{t("help-report")}</summary>
            <ReasonForm action=format!("/help/{id}/report") name="reason" label=t("help-report-send") form=form.clone()/></details> })}
    }
}

#[component]
fn CodeForm(action: String, label: &'static str, form: FormState) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, "code");
    let field = format!("code-{}", action.rsplit('/').next().unwrap_or("code"));
    view! {
        <form method="post" action=action class="stack">
            <div class="field" class:invalid=bad>
                <label for=field.clone()>{t("help-code-label")}</label>
                <input id=field name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required=true aria-describedby=eid.clone()/>
                {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
            </div>
            <button type="submit" class="button primary">{label}</button>
        </form>
    }
}

#[component]
fn ConfirmForm(action: String, form: FormState) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, "rating");
    let described = eid.clone();
    view! {
        <form method="post" action=action class="stack">
            <fieldset class="field" class:invalid=bad aria-describedby=described>
                <legend>{t("help-rating")}</legend>
                {(1..=5).rev().map(|n| {
                    let id = format!("rating-{n}");
                    view! { <div class="checkbox"><input type="radio" id=id.clone() name="rating" value=n.to_string() required=true/>
                        <label for=id>{"★".repeat(n)}" "{text_with(crate::prefs::use_viewer().lang, &format!("help-rating-{n}"), [])}</label></div> }
                }).collect_view()}
                {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
            </fieldset>
            <div class="field">
                <label for="thanks">{t("help-thanks")}</label>
                <textarea id="thanks" name="thanks" rows="2" maxlength="200">{form.value("thanks")}</textarea>
            </div>
            <button type="submit" class="button primary">{t("help-confirm")}</button>
        </form>
    }
}

#[component]
fn AssignForm(action: String, volunteers: Vec<crate::notices::Choice>, form: FormState) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, "volunteer");
    view! {
        <form method="post" action=action class="stack">
            <div class="field" class:invalid=bad>
                <label for="volunteer">{t("help-assign-to")}</label>
                <select id="volunteer" name="volunteer" required=true aria-describedby=eid.clone()>
                    <option value="">{t("help-choose")}</option>
                    {volunteers.into_iter().map(|v| view! { <option value=v.value><Written text=v.label/></option> }).collect_view()}
                </select>
                {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
            </div>
            <button type="submit" class="button primary">{t("help-assign")}</button>
        </form>
    }
}

/// A form with one reason box (refusing a request, reporting a volunteer).
#[component]
pub(crate) fn ReasonForm(action: String, name: &'static str, label: &'static str, form: FormState, #[prop(optional, into)] id: Option<String>) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    let (e, eid, bad) = error_of(&form, &id);
    view! {
        <form method="post" action=action class="stack">
            <div class="field" class:invalid=bad>
                <label for=id.clone()>{t("help-reason")}</label>
                <input id=id name=name maxlength="200" required=true aria-describedby=eid.clone()/>
                {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
            </div>
            <button type="submit" class="button">{label}</button>
        </form>
    }
}
