//! The hall: `/queue/{office}` (the screen: numbers called and their windows, in large type,
//! refreshed by itself; nothing about anyone), `/queue/{office}/take` (take a number: the office's
//! QR opens it, so does the kiosk), `/queue/t/{token}` (my place and the estimated wait), and
//! `/work/counter/{office}` (the desk: call, record outcomes, give numbers, publish hours).
use super::pages::{not_found, status_label};
use super::*;
use crate::components::{loaded, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, t_with, use_strings};
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// Refreshing by itself only when asked (`?auto=1`: the hall's screen, or a holder who chose it),
/// with the way back to a still page beside it; otherwise a link refreshes it.
#[component]
fn Refresh(path: String, auto: bool, seconds: &'static str) -> impl IntoView {
    view! {
        {auto.then(|| view! { <Meta http_equiv="refresh" content=seconds/> })}
        <p class="refresh">
            <a href=if auto { format!("{path}?auto=1") } else { path.clone() }>{t("counter-refresh")}</a>" · "
            {if auto {
                view! { <a href=path.clone()>{t("counter-auto-stop")}</a> }.into_any()
            } else {
                view! { <a href=format!("{path}?auto=1")>{t_with("counter-auto-start", [("s", seconds.into())])}</a> }.into_any()
            }}
        </p>
    }
}

fn auto_refresh() -> bool {
    use_query_map().with_untracked(|q| q.get("auto").is_some())
}

#[component]
pub fn DisplayPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("office").unwrap_or_default()), load_display);
    let auto = auto_refresh();
    view! {
        <Title text=t("counter-screen")/>
        {loaded(data, not_found, move |d| view! {
            <Refresh path=format!("/queue/{}", d.office_code) auto seconds="10"/>
            <div class="queue-screen">
                <h1>{d.office.clone()}</h1>
                <p class="queue-waiting" role="status">{t_with("counter-waiting-n", [("n", (d.waiting as i64).into())])}</p>
                <h2>{t("counter-now-calling")}</h2>
                {if d.called.is_empty() { view! { <p>{t("counter-none-called")}</p> }.into_any() } else {
                    view! { <ol class="queue-called" aria-live="polite">{d.called.iter().map(|(label, window)| view! {
                        <li><span class="queue-number" lang="en">{label.clone()}</span>" → "<span class="queue-window">{t_with("counter-window-n", [("w", window.clone().into())])}</span></li>
                    }).collect_view()}</ol> }.into_any()
                }}
                <div class="queue-take">
                    <div class="qr" inner_html=d.take_qr.clone() role="img" aria-label=t("counter-scan-to-take")></div>
                    <p>{t("counter-scan-to-take")}</p>
                </div>
            </div>
        }.into_any())}
    }
}

#[component]
pub fn TakePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("office").unwrap_or_default()), load_take);
    let form = use_form_state();
    view! {
        <Title text=t("counter-take-number")/>
        <h1>{t("counter-take-number")}</h1>
        {loaded(data, not_found, move |v| view! { <TakeBody v form=form.clone()/> }.into_any())}
    }
}

#[component]
fn TakeBody(v: TakeView, form: FormState) -> impl IntoView {
    let action = format!("/queue/{}/take", v.office.code);
    let (e, eid, bad) = error_of(&form, "service");
    let described = eid.clone();
    view! {
        <p class="meta">{v.office.name.clone()}" · "{v.office.address.clone()}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {match v.appointment.clone() {
            Some(a) => view! {
                <form method="post" action=action.clone() class="stack card">
                    <p>{t_with("counter-take-for-appointment", [("service", a.service.clone().into()), ("when", a.when.clone().into())])}</p>
                    <button type="submit" class="button primary">{t("counter-take-submit")}</button>
                </form>
            }.into_any(),
            None => view! {
                {(!v.signed_in).then(|| view! { <p class="hint">{t("counter-take-anonymous")}</p> })}
                <form method="post" action=action.clone() class="stack">
                    <fieldset class="field" class:invalid=bad aria-describedby=described>
                        <legend>{t("counter-service")}</legend>
                        {v.office.services.iter().map(|(s, label)| {
                            let id = format!("take-{s}");
                            view! { <div class="checkbox"><input type="radio" id=id.clone() name="service" value=s.clone() required=true/>
                                <label for=id>{label.clone()}</label></div> }
                        }).collect_view()}
                        {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                    </fieldset>
                    <button type="submit" class="button primary">{t("counter-take-submit")}</button>
                </form>
            }.into_any(),
        }}
    }
}

#[component]
pub fn PlacePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("token").unwrap_or_default()), load_place);
    let form = use_form_state();
    let auto = auto_refresh();
    view! {
        <Title text=t("counter-my-number")/>
        {loaded(data, not_found, move |p| {
            let leave_error = form.error("action");
            view! {
                <p class="meta">{p.office.clone()}" · "{p.service.clone()}</p>
                <h1>{t("counter-my-number")}</h1>
                <p class="big-code" lang="en">{p.label.clone()}</p>
                <p class="banner" role="status">{match p.status.as_str() {
                    "waiting" => t_with("counter-ahead", [("n", (p.ahead as i64).into()), ("m", p.wait_minutes.into())]),
                    "called" => t_with("counter-go-to-window", [("w", p.window.clone().into())]),
                    other => status_label(&format!("ticket-{other}")),
                }}</p>
                {leave_error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
                {(p.status == "waiting").then(|| view! {
                    <form method="post" action=format!("/queue/t/{}/leave", p.token)><button type="submit" class="button">{t("counter-leave")}</button></form>
                })}
                <Refresh path=format!("/queue/t/{}", p.token) auto seconds="20"/>
                <p><a href=format!("/queue/{}", p.office_code)>{t("counter-screen")}</a></p>
            }.into_any()
        })}
    }
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("office").unwrap_or_default()), load_desk);
    let query = use_query_map();
    let (window, none, issued) = query.with_untracked(|q| (q.get("window").unwrap_or_default(), q.get("none").is_some(), q.get("issued")));
    let form = use_form_state();
    view! {
        <Title text=t("counter-desk")/>
        <h1>{t("counter-desk")}</h1>
        {none.then(|| view! { <p class="banner" role="status">{t("counter-nobody-waiting")}</p> })}
        {issued.map(|label| view! { <p class="banner banner-ok" role="status">{t_with("counter-issued", [("label", label.into())])}</p> })}
        // Not a page anyone else could own: a 404, signed in or not.
        {loaded(data, || view! { <crate::components::NotYours/> }.into_any(), move |d| view! { <DeskBody d window=window.clone() form=form.clone()/> }.into_any())}
    }
}

#[component]
fn DeskBody(d: DeskView, window: String, form: FormState) -> impl IntoView {
    let code = d.office.code.clone();
    let base = format!("/work/counter/{code}");
    let (we, wid, wbad) = error_of(&form, "window");
    view! {
        <p class="meta">{d.office.name.clone()}" · "{d.today.clone()}" · "<a href=format!("/queue/{code}?auto=1")>{t("counter-screen")}</a></p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <section class="card">
            <h2>{t("counter-call")}</h2>
            <form method="post" action=format!("{base}/call") class="stack">
                <div class="field" class:invalid=wbad>
                    <label for="window">{t("counter-window")}</label>
                    <input id="window" name="window" maxlength="10" required=true value=window.clone() aria-describedby=wid.clone()/>
                    {we.map(|e| view! { <p class="error" id=wid>{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("counter-call-next")}</button>
            </form>
            {d.called.iter().map(|c| view! { <CalledTicket c=c.clone() base=base.clone() window=window.clone() form=form.clone()/> }).collect_view()}
        </section>
        <h2>{t_with("counter-waiting-n", [("n", (d.waiting.len() as i64).into())])}</h2>
        <ul class="cards">{d.waiting.iter().map(|c| view! {
            <li class="card"><strong lang="en">{c.label.clone()}</strong>" · "{c.service.clone()}" · "{c.taken_at.clone()}" "<Written text=c.holder.clone()/></li>
        }).collect_view()}</ul>
        <h2>{t("counter-today-appointments")}</h2>
        <ul class="cards">{d.appointments.iter().map(|a| view! {
            <li class="card">{a.when.clone()}" · "{a.service.clone()}" · "<Written text=a.resident.clone()/>" · "
                <span class=format!("status status-{}", a.status)>{status_label(&a.status)}</span>
                {(a.status == "booked").then(|| view! {
                    <form method="post" action=format!("{base}/issue") class="inline-form">
                        <input type="hidden" name="ref_no" value=a.ref_no.clone()/>
                        <button type="submit" class="button">{t("counter-give-number")}</button>
                    </form>
                })}</li>
        }).collect_view()}</ul>
        <IssueForm base=base.clone() services=d.office.services.clone() form=form.clone()/>
        <h2>{t("counter-finished")}</h2>
        <ul class="cards">{d.finished.iter().map(|c| view! {
            <li class="card"><strong lang="en">{c.label.clone()}</strong>" · "{c.service.clone()}" · "{status_label(&format!("ticket-{}", c.status))}
                {(!c.outcome.is_empty()).then(|| view! { " · "{status_label(&format!("outcome-{}", c.outcome))} })}</li>
        }).collect_view()}</ul>
        <super::hours_form::HoursSection d=d.clone() base form/>
    }
}

/// A number called to a window, with its outcome to record.
#[component]
fn CalledTicket(c: TicketCard, base: String, window: String, form: FormState) -> impl IntoView {
    let field = format!("outcome-{}", c.id);
    let (e, eid, bad) = error_of(&form, &field);
    let post = |a: &str| format!("{base}/tickets/{}/{a}", c.id);
    view! {
        <div class="card called">
            <p><strong class="queue-number" lang="en">{c.label.clone()}</strong>" → "{t_with("counter-window-n", [("w", c.window.clone().into())])}
                " · "{c.service.clone()}" "<Written text=c.holder.clone()/></p>
            <form method="post" action=post("serve") class="stack">
                <input type="hidden" name="window" value=window.clone()/>
                <div class="field" class:invalid=bad>
                    <label for=field.clone()>{t("counter-outcome")}</label>
                    <select id=field.clone() name="outcome" required=true aria-describedby=eid.clone()>
                        <option value="">{t("counter-choose")}</option>
                        {super::lifecycle::OUTCOMES.into_iter().map(|o| view! { <option value=o>{status_label(&format!("outcome-{o}"))}</option> }).collect_view()}
                    </select>
                    {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("counter-record")}</button>
            </form>
            <form method="post" action=post("absent")>
                <input type="hidden" name="window" value=window/>
                <button type="submit" class="button">{t("counter-absent")}</button>
            </form>
        </div>
    }
}

/// A number given at the desk for a walk-in.
#[component]
fn IssueForm(base: String, services: Vec<(String, String)>, form: FormState) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, "service");
    let (re, rid, _) = error_of(&form, "ref_no");
    view! {
        {re.map(|e| view! { <p class="error" id=rid role="alert">{e}</p> })}
        <form method="post" action=format!("{base}/issue") class="stack card">
            <div class="field" class:invalid=bad>
                <label for="issue-service">{t("counter-walk-in")}</label>
                <select id="issue-service" name="service" required=true aria-describedby=eid.clone()>
                    {services.into_iter().map(|(s, l)| view! { <option value=s>{l}</option> }).collect_view()}
                </select>
                {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
            </div>
            <button type="submit" class="button">{t("counter-give-number")}</button>
        </form>
    }
}
