//! `/me/data`: what Linli holds about the signed-in person, a download of all of it, and 注销.
use crate::components::{Field, FormBanner};
use crate::forms::{use_form_state, FormState};
use crate::i18n::{t, t_with, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyDataView {
    pub applications: usize,
    pub files: usize,
    pub orders: usize,
    /// Still running: 注销 waits until they are finished.
    pub open_applications: usize,
    pub open_orders: usize,
    /// Only residents close their own accounts; staff and providers go through an administrator.
    pub can_close: bool,
}

#[server(endpoint = "privacy/my-data")]
pub async fn load_my_data() -> Result<Option<MyDataView>, ServerFnError> {
    use super::my_data::{applications_and_orders, still_running};
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    let failed = |e: crate::storage::StoreError| {
        tracing::error!(error = %e, "loading the data summary failed");
        ServerFnError::new("internal error")
    };
    let (applications, orders) = applications_and_orders(&*state.store, user.id).await.map_err(failed)?;
    let (open_applications, open_orders) = still_running(&applications, &orders);
    let files = state.store.files_owned_by(user.id).await.map_err(failed)?;
    Ok(Some(MyDataView {
        applications: applications.len(),
        files: files.len(),
        orders: orders.len(),
        open_applications,
        open_orders,
        can_close: user.role == crate::prefs::Role::Resident,
    }))
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let s = use_strings();
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_my_data());
    view! {
        <Title text=t("my-data-title")/>
        <h1>{t("my-data-title")}</h1>
        <FormBanner form=form.clone() message=s.form_has_errors/>
        <Suspense fallback=move || view! { <p>{s.loading}</p> }>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(v)) => view! { <MyDataBody v form/> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login?next=/me/data"/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn MyDataBody(v: MyDataView, form: FormState) -> impl IntoView {
    let held = t_with("my-data-held", [
        ("applications", (v.applications as i64).into()),
        ("files", (v.files as i64).into()),
        ("orders", (v.orders as i64).into()),
    ]);
    let running = v.open_applications + v.open_orders > 0;
    view! {
        <section aria-labelledby="download-title">
            <h2 id="download-title">{t("my-data-download-title")}</h2>
            <p>{held}</p>
            <p>{t("my-data-download-intro")}</p>
            <p><a class="button primary" href="/me/data/export.zip" download="linli-my-data.zip">{t("my-data-download")}</a></p>
        </section>
        {v.can_close.then(|| view! {
            <section aria-labelledby="close-title" class="danger-zone">
                <h2 id="close-title">{t("my-data-close-title")}</h2>
                <ul>
                    <li>{t("my-data-close-deleted")}</li>
                    <li>{t("my-data-close-kept")}</li>
                    <li>{t("my-data-close-again")}</li>
                </ul>
                {if running {
                    view! { <p class="banner banner-error">{t_with("my-data-still-running", [
                        ("applications", (v.open_applications as i64).into()), ("orders", (v.open_orders as i64).into())])}</p> }.into_any()
                } else {
                    view! {
                        <form method="post" action="/me/data/close" class="stack">
                            <Field form=form.clone() name="password" kind="password" label=t("my-data-password")
                                autocomplete="current-password" no_echo=true/>
                            <Field form=form.clone() name="confirm" label=t("my-data-confirm") hint=t("my-data-confirm-hint") maxlength=10/>
                            <button type="submit" class="button danger">{t("my-data-close")}</button>
                        </form>
                    }.into_any()
                }}
            </section>
        })}
    }
}
