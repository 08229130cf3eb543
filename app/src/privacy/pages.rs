//! `/admin/retention`: each kind of personal data, how long it is kept and why, and what the
//! last run removed.
use super::load_retention;
use crate::components::NotYours;
use crate::i18n::{t, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RetentionPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_retention());
    view! {
        <Title text=t("retention-title")/>
        <h1>{t("retention-title")}</h1>
        <p>{t("retention-intro")}</p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! {
                        <p>{t("retention-last-run")}" "{v.last_run.unwrap_or_else(|| t("retention-never").to_string())}</p>
                        <table class="retention">
                            <thead><tr><th scope="col">{t("retention-kind")}</th><th scope="col">{t("retention-period")}</th>
                                <th scope="col">{t("retention-basis")}</th><th scope="col">{t("retention-removed")}</th></tr></thead>
                            <tbody>
                                {v.rows.into_iter().map(|r| view! {
                                    <tr><td>{r.label}</td><td>{r.period}</td><td>{r.basis}</td>
                                        <td>{r.removed_last_run.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Ok(None) => view! { <NotYours/> }.into_any(),
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}
