//! Plain HTML form posts (they work without JavaScript). A refused submission is answered with
//! the same page, a 4xx status, the values typed so far and a message beside each bad field.
//! The outcome travels to the browser inside the page, so hydration shows the same messages.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub notice: Option<String>,
}

impl FormState {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }
    pub fn refuse(&mut self, field: &str, message: String) {
        self.errors.entry(field.to_string()).or_insert(message);
    }
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The outcome of the form post that produced this page, if any.
pub fn use_form_state() -> FormState {
    leptos::prelude::SharedValue::new(|| leptos::prelude::use_context::<FormState>().unwrap_or_default())
        .into_inner()
}

#[cfg(feature = "ssr")]
pub use render::render_page;

#[cfg(feature = "ssr")]
mod render {
    use super::FormState;
    use crate::state::AppState;
    use axum::body::Body;
    use axum::http::{request::Parts, Request, StatusCode};
    use axum::response::Response;
    use leptos::prelude::provide_context;

    /// Renders the page at the request's path with `form` in context, answering with `status`.
    pub async fn render_page(state: AppState, parts: Parts, form: FormState, status: StatusCode) -> Response {
        let options = state.leptos_options.clone();
        let handler = leptos_axum::render_app_async_with_context(
            move || {
                provide_context(state.clone());
                provide_context(form.clone());
            },
            move || crate::shell(options.clone()),
        );
        let mut response = handler(Request::from_parts(parts, Body::empty())).await;
        *response.status_mut() = status;
        response
    }
}
