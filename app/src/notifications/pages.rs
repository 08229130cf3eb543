//! `/me/inbox` (messages and channel choices) and `/admin/outbox`.
use crate::i18n::t;
use super::{load_inbox, load_outbox};
use crate::components::{NotYours, SignInFirst};
use crate::components::{FormBanner, Mixed};
use crate::forms::use_form_state;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InboxPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let form = use_form_state();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("saved").is_some());
    let data = Resource::new(|| (), |_| load_inbox());
    view! {
        <Title text=t("notifications-messages")/>
        <h1>{t("notifications-messages")}</h1>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {
                    let form = form.clone();
                    move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            let Ok(Some(inbox)) = data.await else {
                                return crate::components::load_failed();
                            };
                            let unread = inbox.items.iter().any(|i| i.unread);
                            let email_error = form.error("email_address");
                            let address = if form.values.contains_key("email_address") { form.value("email_address") } else { inbox.email_address.clone() };
                            let link_base = if inbox.is_officer { "/work" } else { "/me/applications" };
                            view! {
                                {saved().then(|| view! { <p class="banner banner-ok" role="status">{t("notifications-saved")}</p> })}
                                {unread.then(|| view! {
                                    <form method="post" action="/me/inbox/read" class="inline-form">
                                        <button type="submit" class="button">{t("notifications-mark-all-as-read")}</button>
                                    </form>
                                })}
                                {if inbox.items.is_empty() {
                                    view! { <p>{t("notifications-no-messages-yet")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="inbox">
                                            {inbox.items.into_iter().map(|i| view! {
                                                <li class:unread=i.unread>
                                                    <span class="when">{i.at}</span>
                                                    {i.unread.then(|| view! { " " <strong>{t("notifications-new")}</strong> })}
                                                    <p><Mixed text=i.text/></p>
                                                    {i.ref_no.map(|r| view! { <a href=format!("{link_base}/{r}")>{t("notifications-open")}{r.clone()}</a> })}
                                                    {i.link.map(|l| view! { <a href=l>{t("notifications-open-2")}</a> })}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <h2>{t("notifications-how-to-tell-me")}</h2>
                                <FormBanner form=form.clone() message=use_strings().form_has_errors/>
                                <form method="post" action="/me/inbox" class="stack">
                                    <p class="hint">{t("notifications-messages-always-stay-here-in-addition")}</p>
                                    <div class="field checkbox">
                                        <input type="checkbox" id="sms" name="sms" value="1" checked=inbox.sms/>
                                        <label for="sms">{t("notifications-text-message-to")}{inbox.phone_masked.clone()}</label>
                                    </div>
                                    <div class="field checkbox">
                                        <input type="checkbox" id="email" name="email" value="1" checked=inbox.email/>
                                        <label for="email">{t("notifications-e-mail")}</label>
                                    </div>
                                    <div class="field" class:invalid=email_error.is_some()>
                                        <label for="email_address">{t("notifications-e-mail-address")}</label>
                                        <input id="email_address" name="email_address" type="email" autocomplete="email" maxlength="100" value=address
                                            aria-invalid=email_error.as_ref().map(|_| "true") aria-describedby=email_error.as_ref().map(|_| "email_address-error")/>
                                        {email_error.clone().map(|e| view! { <p class="error" id="email_address-error">{e}</p> })}
                                    </div>
                                    <button type="submit" class="button primary">{t("notifications-save")}</button>
                                </form>
                            }.into_any()
                        })
                    }
                }
            </Suspense>
        }.into_any() }}
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_outbox());
    view! {
        <Title text=t("notifications-outbox")/>
        <h1>{t("notifications-outbound-messages-sms-e-mail")}</h1>
        <p>{t("notifications-no-sms-or-e-mail-gateway")}</p>
        <p><a href="/admin/retention">{t("retention-title")}</a></p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    // A wide table scrolls inside its own region, not the page (a 320 px phone).
                    Ok(Some(rows)) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label=t("components-outbox")>
                        <table class="outbox">
                            <thead><tr><th scope="col">{t("notifications-time")}</th><th scope="col">{t("notifications-channel")}</th>
                                <th scope="col">{t("notifications-to")}</th><th scope="col">{t("notifications-message")}</th><th scope="col">{t("notifications-status")}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|o| view! {
                                    <tr><td>{o.at}</td><td>{o.channel}</td><td>{o.recipient}</td><td><Mixed text=o.body/></td><td>{o.status}" "{o.sender}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                    Ok(None) => view! { <NotYours/> }.into_any(),
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}
