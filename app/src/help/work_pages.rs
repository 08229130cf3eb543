//! `/work/help`: the community's desk for mutual help — 派单 or 接单, asking for help for a
//! resident after a visit or a call, the screening queue and requests under way, the team
//! (approve, decline, suspend with a reason, reinstate), reports about volunteers, and the hours
//! recorded with corrections.
use super::pages::{HelpCardView, ReasonForm, RequestFields};
use super::*;
use crate::components::{loaded, nothing_here, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, text_with, use_strings};
use leptos_meta::Title;

#[component]
pub fn WorkHelpPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_help_desk());
    let form = use_form_state();
    view! {
        <Title text=t("help-desk")/>
        <h1>{t("help-desk")}</h1>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {loaded(data, nothing_here, move |d| view! { <DeskBody d form=form.clone()/> }.into_any())}
    }
}

fn list(cards: Vec<HelpCard>) -> AnyView {
    if cards.is_empty() {
        return view! { <p>{t("help-none")}</p> }.into_any();
    }
    view! { <ul class="cards">{cards.into_iter().map(|c| view! { <HelpCardView c/> }).collect_view()}</ul> }.into_any()
}

#[component]
fn DeskBody(d: HelpDesk, form: FormState) -> impl IntoView {
    let dispatch = d.mode == "dispatch";
    view! {
        <p class="lead">{d.community.clone()}</p>
        <form method="post" action="/work/help/mode" class="stack">
            <fieldset class="field">
                <legend>{t("help-mode")}</legend>
                <div class="checkbox"><input type="radio" id="mode-direct" name="mode" value="direct" checked=!dispatch/>
                    <label for="mode-direct">{t("help-mode-direct")}</label></div>
                <div class="checkbox"><input type="radio" id="mode-dispatch" name="mode" value="dispatch" checked=dispatch/>
                    <label for="mode-dispatch">{t("help-mode-dispatch")}</label></div>
            </fieldset>
            <button type="submit" class="button">{t("help-mode-save")}</button>
        </form>
        <AskForResident form=form.clone()/>
        <h2>{t("help-screening")}</h2>
        {list(d.screening.clone())}
        <h2>{t("help-under-way")}</h2>
        {list(d.under_way.clone())}
        <h2>{t("help-team")}</h2>
        <Team volunteers=d.volunteers.clone() form=form.clone()/>
        <h2>{t("help-reports")}</h2>
        {if d.reports.is_empty() { view! { <p>{t("help-no-reports")}</p> }.into_any() } else { view! {
            <ul class="stack">{d.reports.iter().map(|r| view! {
                <li><a href=format!("/help/{}", r.request_id)><Written text=r.volunteer.clone()/></a>" · "{r.at.clone()}" · "<Written text=r.reason.clone()/></li>
            }).collect_view()}</ul>
        }.into_any() }}
        <h2>{t("help-hours-recorded")}</h2>
        <Hours hours=d.hours.clone() form=form.clone()/>
    }
}

#[component]
fn AskForResident(form: FormState) -> impl IntoView {
    let (pe, pid, pbad) = error_of(&form, "phone");
    view! {
        <details class="card" open=!form.is_ok()>
            <summary>{t("help-ask-for-resident")}</summary>
            <form method="post" action="/work/help/requests" class="stack">
                <div class="field" class:invalid=pbad>
                    <label for="phone">{t("help-resident-phone")}</label>
                    <input id="phone" name="phone" type="tel" inputmode="numeric" maxlength="11" required=true value=form.value("phone") aria-describedby=pid.clone()/>
                    {pe.map(|e| view! { <p class="error" id=pid>{e}</p> })}
                </div>
                <RequestFields form=form.clone()/>
                <crate::components::ChannelChoice form=form.clone()/>
                <crate::components::StaffConsent form=form.clone()/>
                <button type="submit" class="button primary">{t("help-submit")}</button>
            </form>
        </details>
    }
}

#[component]
fn Team(volunteers: Vec<VolunteerItem>, form: FormState) -> impl IntoView {
    let lang = crate::prefs::use_viewer().lang;
    if volunteers.is_empty() {
        return view! { <p>{t("help-no-volunteers")}</p> }.into_any();
    }
    view! {
        <ul class="cards">{volunteers.into_iter().map(|v| {
            let base = format!("/work/help/volunteers/{}", v.id);
            let button = |action: &str, label: &'static str| view! {
                <form method="post" action=format!("{base}/{action}") class="inline"><button type="submit" class="button">{label}</button></form>
            };
            let reason_id = format!("reason-{}", v.id);
            view! {
                <li class="card">
                    <h3><Written text=v.name.clone()/>" · "<span class=format!("status status-{}", v.status)>{text_with(lang, &format!("volunteer-status-{}", v.status), [])}</span></h3>
                    <p class="meta">{v.skills.clone()}" · "<Written text=v.availability.clone()/>
                        {(!v.status_reason.is_empty()).then(|| view! { " · "<Written text=v.status_reason.clone()/> })}</p>
                    {match v.status.as_str() {
                        "pending" => view! { {button("approve", t("help-volunteer-approve"))}
                            <ReasonForm action=format!("{base}/decline") name="reason" id=reason_id label=t("help-volunteer-decline") form=form.clone()/> }.into_any(),
                        "active" => view! { <ReasonForm action=format!("{base}/suspend") name="reason" id=reason_id label=t("help-volunteer-suspend") form=form.clone()/> }.into_any(),
                        "suspended" => button("reinstate", t("help-volunteer-reinstate")).into_any(),
                        _ => ().into_any(),
                    }}
                </li>
            }
        }).collect_view()}</ul>
    }.into_any()
}

#[component]
fn Hours(hours: Vec<HoursItem>, form: FormState) -> impl IntoView {
    let lang = crate::prefs::use_viewer().lang;
    if hours.is_empty() {
        return view! { <p>{t("volunteer-no-hours")}</p> }.into_any();
    }
    view! {
        <table class="data">
            <thead><tr><th scope="col">{t("volunteer-day")}</th><th scope="col">{t("help-volunteer")}</th><th scope="col">{t("help-field-kind")}</th>
                <th scope="col">{t("volunteer-time")}</th><th scope="col">{t("help-correct")}</th></tr></thead>
            <tbody>{hours.into_iter().map(|h| {
                let field = format!("minutes-{}", h.id);
                let reason = format!("why-{}", h.id);
                let (e, eid, bad) = error_of(&form, &field);
                view! {
                    <tr>
                        <td>{h.served_on.clone()}</td><td><Written text=h.volunteer.clone()/></td><td>{h.kind.clone()}</td>
                        <td>{hours_text(h.minutes, lang)}{(!h.correction_reason.is_empty()).then(|| view! { <br/><span class="meta"><Written text=h.correction_reason.clone()/></span> })}</td>
                        <td>
                            <form method="post" action=format!("/work/help/hours/{}", h.id) class="stack" class:invalid=bad>
                                <label for=field.clone()>{t("help-minutes")}</label>
                                <input id=field.clone() name="minutes" type="number" min="0" max="720" required=true value=h.minutes.to_string() aria-describedby=eid.clone()/>
                                <label for=reason.clone()>{t("help-reason")}</label>
                                <input id=reason name="reason" maxlength="200" required=true/>
                                {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                                <button type="submit" class="button">{t("help-correct")}</button>
                            </form>
                        </td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }.into_any()
}

/// `/admin/time-bank`: how many hours one person may give to others' time-bank accounts a year.
#[component]
pub fn AdminTimeBankPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_gift_cap());
    let form = use_form_state();
    let saved = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("saved").is_some());
    view! {
        <Title text=t("help-cap-title")/>
        <h1>{t("help-cap-title")}</h1>
        <p>{t("help-cap-intro")}</p>
        {saved.then(|| view! { <p class="banner banner-ok" role="status">{t("volunteer-saved")}</p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        // An admin page: 404 for everyone else, signed in or not.
        {loaded(data, || view! { <crate::components::NotYours/> }.into_any(), move |hours| {
            let (e, eid, bad) = error_of(&form, "hours");
            let value = if form.value("hours").is_empty() { hours.to_string() } else { form.value("hours") };
            view! {
                <form method="post" action="/admin/time-bank" class="stack">
                    <div class="field" class:invalid=bad>
                        <label for="hours">{t("help-cap-hours")}</label>
                        <input id="hours" name="hours" type="number" min="1" max="1000" required=true value=value aria-describedby=eid.clone()/>
                        {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                    </div>
                    <button type="submit" class="button primary">{t("help-mode-save")}</button>
                </form>
            }.into_any()
        })}
    }
}
