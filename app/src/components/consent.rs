//! What staff record when they act for a resident (the channel a request came by, how the
//! resident agreed), and the split by channel the board and the dashboard show.
use crate::channel::Channel;
use crate::forms::FormState;
use crate::i18n::t;
use leptos::prelude::*;

/// How the resident agreed that community staff file for them.
#[component]
pub fn StaffConsent(form: FormState) -> impl IntoView {
    let consent = form.value("consent");
    let consent_error = form.error("consent");
    let invalid = consent_error.is_some();
    view! {
        <fieldset class="field" class:invalid=invalid>
            <legend>{t("applications-how-the-resident-agreed")}<span class="req" aria-hidden="true">" *"</span></legend>
            <div class="checkbox"><input type="radio" id="consent-in-person" name="consent" value="in_person" checked=consent == "in_person"/>
                <label for="consent-in-person">{t("applications-in-person-at-the-service-centre")}</label></div>
            <div class="checkbox"><input type="radio" id="consent-phone" name="consent" value="phone" checked=consent == "phone"/>
                <label for="consent-phone">{t("applications-by-phone")}</label></div>
            <div class="checkbox"><input type="checkbox" id="consent-confirmed" name="consent_confirmed" value="1"/>
                <label for="consent-confirmed">{t("applications-i-confirm-the-resident-agreed-that")}</label></div>
            {consent_error.map(|e| view! { <p class="error" id="consent-error">{e}</p> })}
        </fieldset>
    }
}

/// How the request reached staff: by phone, at the counter, on a visit, on paper, from the hotline.
#[component]
pub fn ChannelChoice(form: FormState) -> impl IntoView {
    let chosen = form.value("channel");
    let error = form.error("channel");
    let invalid = error.is_some();
    view! {
        <div class="field" class:invalid=invalid>
            <label for="channel">{t("channel-how-it-came")}<span class="req" aria-hidden="true">" *"</span></label>
            <select id="channel" name="channel" required=true aria-describedby=invalid.then_some("channel-error")>
                <option value="">{t("channel-choose")}</option>
                {Channel::STAFF.into_iter().map(|c| view! {
                    <option value=c.as_str() selected=chosen == c.as_str()>{t(c.label_id())}</option>
                }).collect_view()}
            </select>
            {error.map(|e| view! { <p class="error" id="channel-error">{e}</p> })}
        </div>
    }
}

/// A split by channel: one row per channel, a column per kind of request (see `channel::MEASURES`).
#[component]
pub fn ChannelTable(rows: Vec<crate::channel::ChannelRow>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=caption>
        <table class="board">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{t("channel-how-it-came")}</th>
                {crate::channel::MEASURES.into_iter().map(|m| view! { <th scope="col">{t(crate::channel::measure_label(m))}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr class:offline=r.offline><th scope="row">{r.channel}</th>
                        {r.counts.into_iter().map(|n| view! { <td>{n}</td> }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
