//! The desk's weekly hours: what is published per service, a form to publish a slot, and (for
//! administrators) the no-show rule every office follows.
use super::*;
use crate::forms::{error_of, FormState};
use crate::i18n::t;

#[component]
pub fn HoursSection(d: DeskView, base: String, form: FormState) -> impl IntoView {
    let (se, sid, sbad) = error_of(&form, "service");
    let (de, did, dbad) = error_of(&form, "weekday");
    let (te, tid, tbad) = error_of(&form, "time");
    let (ce, cid, cbad) = error_of(&form, "capacity");
    let lang = crate::prefs::use_viewer().lang;
    view! {
        <h2>{t("counter-hours")}</h2>
        <ul class="cards">{d.hours.iter().map(|h| view! {
            <li class="card">{h.service.clone()}" · "{h.weekday.clone()}" "{h.time.clone()}" · "
                {crate::i18n::t_with("counter-places-n", [("n", h.capacity.into())])}
                <form method="post" action=format!("{base}/hours/{}/remove", h.id) class="inline-form">
                    <button type="submit" class="button">{t("counter-withdraw")}</button>
                </form></li>
        }).collect_view()}</ul>
        <details class="card" open=!form.is_ok()>
            <summary>{t("counter-publish")}</summary>
            <form method="post" action=format!("{base}/hours") class="stack">
                <div class="field" class:invalid=sbad>
                    <label for="hours-service">{t("counter-service")}</label>
                    <select id="hours-service" name="service" required=true aria-describedby=sid.clone()>
                        {d.publishable.iter().map(|(s, l)| view! { <option value=s.clone() selected=form.value("service") == *s>{l.clone()}</option> }).collect_view()}
                    </select>
                    {se.map(|e| view! { <p class="error" id=sid>{e}</p> })}
                </div>
                <div class="field" class:invalid=dbad>
                    <label for="hours-weekday">{t("counter-weekday")}</label>
                    <select id="hours-weekday" name="weekday" required=true aria-describedby=did.clone()>
                        {(1..=5).map(|n: i64| view! { <option value=n.to_string() selected=form.value("weekday") == n.to_string()>{crate::i18n::weekday(lang, n)}</option> }).collect_view()}
                    </select>
                    {de.map(|e| view! { <p class="error" id=did>{e}</p> })}
                </div>
                <div class="field" class:invalid=tbad>
                    <label for="hours-time">{t("counter-start-time")}</label>
                    <input id="hours-time" name="time" type="time" min="07:00" max="20:00" required=true value=form.value("time") aria-describedby=tid.clone()/>
                    {te.map(|e| view! { <p class="error" id=tid>{e}</p> })}
                </div>
                <div class="field" class:invalid=cbad>
                    <label for="hours-capacity">{t("counter-capacity")}</label>
                    <input id="hours-capacity" name="capacity" type="text" inputmode="numeric" required=true value=form.value("capacity") aria-describedby=cid.clone()/>
                    {ce.map(|e| view! { <p class="error" id=cid>{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("counter-publish-submit")}</button>
            </form>
        </details>
        {d.policy.map(|(limit, window, pause)| {
            let (le, lid, lbad) = error_of(&form, "limit");
            view! {
                <details class="card">
                    <summary>{t("counter-policy")}</summary>
                    <form method="post" action="/admin/counter/policy" class="stack">
                        <input type="hidden" name="office" value=d.office.code.clone()/>
                        <div class="field" class:invalid=lbad>
                            <label for="policy-limit">{t("counter-policy-limit")}</label>
                            <input id="policy-limit" name="limit" inputmode="numeric" value=limit.to_string() aria-describedby=lid.clone()/>
                            {le.map(|e| view! { <p class="error" id=lid>{e}</p> })}
                        </div>
                        <div class="field">
                            <label for="policy-window">{t("counter-policy-window")}</label>
                            <input id="policy-window" name="window_days" inputmode="numeric" value=window.to_string()/>
                        </div>
                        <div class="field">
                            <label for="policy-pause">{t("counter-policy-pause")}</label>
                            <input id="policy-pause" name="pause_days" inputmode="numeric" value=pause.to_string()/>
                        </div>
                        <button type="submit" class="button">{t("counter-policy-submit")}</button>
                    </form>
                </details>
            }
        })}
    }
}
