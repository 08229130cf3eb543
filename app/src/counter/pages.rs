//! What residents (and relatives, and staff booking for them) see: `/counter` (the offices and
//! my appointments), `/counter/{office}` (a service's open slots, to book) and
//! `/me/appointments/{ref}` (one appointment: move, cancel, take a number on the day).
use super::*;
use crate::applications::apply_page::PersonChooser;
use crate::applications::pages::{query_id, query_text};
use crate::components::{loaded, nothing_here, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, t_with, use_strings};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub(crate) fn status_label(status: &str) -> String {
    crate::i18n::text_with(crate::prefs::use_viewer().lang, &format!("counter-status-{status}"), [])
}

/// The page's data is gone or not this viewer's: said plainly (anyone may open these links).
pub(crate) fn not_found() -> AnyView {
    view! { <p class="banner banner-error" role="alert">{t("counter-not-found")}</p> }.into_any()
}

#[component]
pub fn CounterPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_counter_home());
    view! {
        <Title text=t("counter-title")/>
        <h1>{t("counter-title")}</h1>
        <p class="lead">{t("counter-lead")}</p>
        {loaded(data, not_found, move |h| view! {
            {h.signed_in.then(|| view! {
                <h2>{t("counter-mine")}</h2>
                {if h.mine.is_empty() { view! { <p>{t("counter-none")}</p> }.into_any() } else {
                    view! { <ul class="cards">{h.mine.iter().map(|a| view! { <AppointmentItem a=a.clone()/> }).collect_view()}</ul> }.into_any()
                }}
            })}
            <h2>{t("counter-offices")}</h2>
            <ul class="cards">{h.offices.iter().map(|o| view! { <OfficeItem o=o.clone()/> }).collect_view()}</ul>
        }.into_any())}
    }
}

#[component]
fn AppointmentItem(a: AppointmentCard) -> impl IntoView {
    view! {
        <li class="card">
            <h3><a href=format!("/me/appointments/{}", a.ref_no)>{a.service.clone()}</a></h3>
            <p class="meta">{a.office.clone()}" · "{a.when.clone()}" · "<Written text=a.resident.clone()/>" · "
                <span class=format!("status status-{}", a.status)>{status_label(&a.status)}</span></p>
        </li>
    }
}

#[component]
fn OfficeItem(o: OfficeCard) -> impl IntoView {
    let code = o.code.clone();
    view! {
        <li class="card">
            <h3>{o.name.clone()}</h3>
            <p class="meta">{o.address.clone()}</p>
            <ul class="plain-list">
                {o.services.iter().map(|(s, label)| view! {
                    <li><a href=format!("/counter/{code}?service={s}")>{t("counter-book")}" · "{label.clone()}</a></li>
                }).collect_view()}
            </ul>
            <p><a class="button" href=format!("/queue/{}/take", o.code)>{t("counter-take-number")}</a>" "
               <a href=format!("/queue/{}", o.code)>{t("counter-screen")}</a>
               {o.runs.then(|| view! { " · "<a href=format!("/work/counter/{}", o.code)>{t("counter-desk")}</a> })}</p>
        </li>
    }
}

#[component]
pub fn BookPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let (for_id, who) = (query_id("for"), query_text("who"));
    let service = move || query.with(|q| q.get("service").unwrap_or_default());
    let data = Resource::new(
        move || (params.with(|p| p.get("office").unwrap_or_default()), service(), for_id(), who()),
        |(office, service, for_id, who)| load_book(office, service, for_id, who.unwrap_or_default()),
    );
    let form = use_form_state();
    view! {
        <Title text=t("counter-book-title")/>
        <h1>{t("counter-book-title")}</h1>
        {loaded(data, nothing_here, move |v| view! { <BookBody v form=form.clone()/> }.into_any())}
    }
}

#[component]
fn BookBody(v: BookView, form: FormState) -> impl IntoView {
    let code = v.office.code.clone();
    let action = format!("/counter/{code}");
    let (e, eid, bad) = error_of(&form, "starts_at");
    let (fe, fid, _) = error_of(&form, "for");
    let chosen = form.value("starts_at");
    view! {
        <p class="meta"><a href="/counter">{t("counter-title")}</a>" · "{v.office.name.clone()}</p>
        <p>{v.office.address.clone()}</p>
        <form method="get" action=action.clone() class="stack chooser">
            <div class="field">
                <label for="service">{t("counter-service")}</label>
                <select id="service" name="service">
                    {v.office.services.iter().map(|(s, label)| view! { <option value=s.clone() selected=*s == v.service>{label.clone()}</option> }).collect_view()}
                </select>
            </div>
            {(v.chosen != 0).then(|| view! { <input type="hidden" name="for" value=v.chosen.to_string()/> })}
            <button type="submit" class="button">{t("counter-show-slots")}</button>
        </form>
        {(v.choices.len() > 1 || v.is_staff).then(|| view! {
            <PersonChooser action=action.clone() is_staff=v.is_staff choices=v.choices.clone() chosen=v.chosen who=v.who.clone() keep=vec![("service", v.service.clone())]/>
        })}
        {fe.map(|e| view! { <p class="error" id=fid>{e}</p> })}
        {v.paused_until.clone().map(|day| view! { <p class="banner banner-error" role="alert">{t_with("counter-paused", [("day", day.into())])}</p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {(v.chosen != 0 && v.paused_until.is_none()).then(|| view! {
            <form method="post" action=format!("/counter/{code}/book") class="stack">
                <input type="hidden" name="service" value=v.service.clone()/>
                <input type="hidden" name="for" value=v.chosen.to_string()/>
                {v.is_staff.then(|| view! { <crate::components::StaffConsent form=form.clone()/> })}
                <SlotPicker slots=v.slots.clone() chosen=chosen.clone() error=e.clone() error_id=eid.clone() bad/>
                {(!v.slots.is_empty()).then(|| view! { <button type="submit" class="button primary">{t("counter-book-submit")}</button> })}
            </form>
        })}
    }
}

/// The open slots as radio buttons, with the places left in each.
#[component]
fn SlotPicker(slots: Vec<SlotChoice>, chosen: String, error: Option<String>, error_id: Option<String>, bad: bool) -> impl IntoView {
    if slots.is_empty() {
        let id = error_id.clone();
        return view! { <p>{t("counter-no-slots")}</p>{error.map(|e| view! { <p class="error" id=id>{e}</p> })} }.into_any();
    }
    let described = error_id.clone();
    view! {
        <fieldset class="field slots" class:invalid=bad aria-describedby=described>
            <legend>{t("counter-choose-time")}</legend>
            {slots.into_iter().map(|s| {
                let id = format!("slot-{}", s.starts_at);
                let value = s.starts_at.to_string();
                view! { <div class="checkbox"><input type="radio" id=id.clone() name="starts_at" value=value.clone() checked=chosen == value required=true/>
                    <label for=id>{s.text.clone()}" · "{t_with("counter-places-left", [("n", s.left.into())])}</label></div> }
            }).collect_view()}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </fieldset>
    }.into_any()
}

#[component]
pub fn AppointmentPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_appointment);
    let query = use_query_map();
    let said = query.with_untracked(|q| ["booked", "moved", "cancelled"].into_iter().find(|k| q.get(k).is_some()));
    let form = use_form_state();
    view! {
        <Title text=t("counter-appointment")/>
        {said.map(|k| view! { <p class="banner banner-ok" role="status">{t(match k { "booked" => "counter-booked", "moved" => "counter-moved", _ => "counter-cancelled" })}</p> })}
        {loaded(data, nothing_here, move |v| view! { <AppointmentBody v form=form.clone()/> }.into_any())}
    }
}

#[component]
fn AppointmentBody(v: AppointmentView, form: FormState) -> impl IntoView {
    let a = v.card.clone();
    let post = |what: &str| format!("/me/appointments/{}/{what}", a.ref_no);
    let (e, eid, bad) = error_of(&form, "starts_at");
    let action_error = form.error("action");
    view! {
        <p class="meta"><a href="/counter">{t("counter-title")}</a>" · "<span class=format!("status status-{}", a.status)>{status_label(&a.status)}</span></p>
        <h1>{a.service.clone()}</h1>
        <crate::components::ReadAloud target="appointment-body"/>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {action_error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <dl class="facts pairs" id="appointment-body">
            <dt>{t("counter-when")}</dt><dd>{a.when.clone()}</dd>
            <dt>{t("counter-where")}</dt><dd>{a.office.clone()}" · "{v.address.clone()}</dd>
            <dt>{t("counter-for")}</dt><dd><Written text=a.resident.clone()/></dd>
            <dt>{t("counter-ref")}</dt><dd lang="en">{a.ref_no.clone()}</dd>
        </dl>
        {v.can_take.then(|| view! {
            <form method="post" action=post("take")><button type="submit" class="button primary">{t("counter-arrive")}</button></form>
        })}
        {v.ticket.clone().map(|token| view! { <p><a class="button primary" href=format!("/queue/t/{token}")>{t("counter-follow-number")}</a></p> })}
        {v.can_change.then(|| view! {
            <details class="card" open=bad>
                <summary>{t("counter-move")}</summary>
                <form method="post" action=post("move") class="stack">
                    <SlotPicker slots=v.slots.clone() chosen=form.value("starts_at") error=e.clone() error_id=eid.clone() bad/>
                    {(!v.slots.is_empty()).then(|| view! { <button type="submit" class="button">{t("counter-move-submit")}</button> })}
                </form>
            </details>
            <form method="post" action=post("cancel")><button type="submit" class="button">{t("counter-cancel")}</button></form>
        })}
    }
}
