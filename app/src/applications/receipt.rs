//! 受理回执: a printable receipt with a QR code that opens the application.
use super::pages::{NotYours, SignInFirst};
use super::server::load_receipt;
use crate::components::tr;
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
        <Title text=tr("受理回执", "Receipt")/>
        {if !signed_in { view! { <h1>{tr("受理回执", "Receipt")}</h1><SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(r)) => {
                            let d = r.detail;
                            view! {
                                <article class="receipt">
                                    <h1>{tr("申请已提交 · 受理回执", "Submitted · Receipt")}</h1>
                                    <p class="banner banner-ok" role="status">{tr("您的申请和材料已安全保存。", "Your application and materials are safely stored.")}</p>
                                    <dl class="facts pairs">
                                        <dt>{tr("受理编号", "Reference")}</dt><dd class="ref-no">{d.ref_no.clone()}</dd>
                                        <dt>{tr("事项", "Service")}</dt><dd>{d.service_name.clone()}</dd>
                                        <dt>{tr("申请人", "Applicant")}</dt><dd>{d.applicant.name.clone()}" ("{d.applicant.id_masked.clone()}")"</dd>
                                        <dt>{tr("办理部门", "Department")}</dt><dd>{d.department.clone()}</dd>
                                        <dt>{tr("提交时间", "Submitted")}</dt><dd>{d.submitted.clone()}</dd>
                                        <dt>{tr("承诺办结", "Promised by")}</dt><dd>{d.deadline.clone()}</dd>
                                        <dt>{tr("当前状态", "Status")}</dt><dd>{d.status_label.clone()}</dd>
                                    </dl>
                                    <figure class="qr">
                                        <div role="img" aria-label=tr("扫码查看申请进度的二维码", "QR code that opens this application") inner_html=r.qr_svg></div>
                                        <figcaption>{tr("扫码查看进度：", "Scan to follow it: ")}{r.link}</figcaption>
                                    </figure>
                                    {d.undo_until.clone().map(|until| view! {
                                        <form method="post" action=format!("/me/applications/{}/undo", d.ref_no) class="inline-form no-print">
                                            <button type="submit" class="button">{tr("填错了？撤销本次提交", "A mistake? Undo this submission")}</button>
                                            <span class="hint">{tr(" 可撤销至 ", " possible until ")}{until}</span>
                                        </form>
                                    })}
                                    <p class="no-print"><a href=format!("/me/applications/{}", d.ref_no)>{tr("查看办理进度", "Follow its progress")}</a>
                                        " · "<a href="/me/applications">{tr("我的全部申请", "All my applications")}</a></p>
                                    <p class="hint no-print">{tr("需要纸质回执时，请使用浏览器的“打印”。", "For a paper copy, use your browser's Print.")}</p>
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
