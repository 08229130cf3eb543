//! 受理回执: a printable receipt with a QR code that opens the application.
use crate::i18n::t;
use crate::components::{Grouped, NotYours, SignInFirst};
use super::server::load_receipt;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_receipt);
    view! {
        <Title text=t("applications-receipt")/>
        {if !signed_in { view! { <h1>{t("applications-receipt")}</h1><SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(r)) => {
                            let d = r.detail;
                            view! {
                                <article class="receipt">
                                    <h1>{t("applications-submitted-receipt")}</h1>
                                    <p class="banner banner-ok" role="status">{t("applications-your-application-and-materials-are-safely")}</p>
                                    <dl class="facts pairs">
                                        <dt>{t("applications-reference")}</dt><dd class="ref-no"><Grouped text=d.ref_no.clone()/></dd>
                                        <dt>{t("applications-service")}</dt><dd>{d.service_name.clone()}</dd>
                                        <dt>{t("applications-applicant")}</dt><dd>{d.applicant.name.clone()}" ("{d.applicant.id_masked.clone()}")"</dd>
                                        <dt>{t("applications-department")}</dt><dd>{d.department.clone()}</dd>
                                        <dt>{t("applications-submitted")}</dt><dd>{d.submitted.clone()}</dd>
                                        <dt>{t("applications-promised-by")}</dt><dd>{d.deadline.clone()}</dd>
                                        <dt>{t("applications-status")}</dt><dd>{d.status_label.clone()}</dd>
                                    </dl>
                                    <figure class="qr">
                                        <div role="img" aria-label=t("applications-qr-code-that-opens-this-application") inner_html=r.qr_svg></div>
                                        <figcaption>{t("applications-scan-to-follow-it")}{r.link}</figcaption>
                                    </figure>
                                    {d.undo_until.clone().map(|until| view! {
                                        <form method="post" action=format!("/me/applications/{}/undo", d.ref_no) class="inline-form no-print">
                                            <button type="submit" class="button">{t("applications-a-mistake-undo-this-submission")}</button>
                                            <span class="hint">{t("applications-possible-until")}{until}</span>
                                        </form>
                                    })}
                                    <p class="no-print"><a href=format!("/me/applications/{}", d.ref_no)>{t("applications-follow-its-progress")}</a>
                                        " · "<a href="/me/applications">{t("applications-all-my-applications")}</a></p>
                                    <p class="hint no-print">{t("applications-for-a-paper-copy-use-your")}</p>
                                    <crate::components::PrintLinks/>
                                </article>
                            }.into_any()
                        }
                        Ok(None) => view! { <NotYours/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}
