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

/// A field's message after a refused post: (message, its element id for aria-describedby, refused?).
pub fn error_of(form: &FormState, name: &str) -> (Option<String>, Option<String>, bool) {
    let e = form.error(name);
    let id = e.as_ref().map(|_| format!("{name}-error"));
    let has = e.is_some();
    (e, id, has)
}

/// The outcome of the form post that produced this page, if any.
pub fn use_form_state() -> FormState {
    leptos::prelude::SharedValue::new(|| leptos::prelude::use_context::<FormState>().unwrap_or_default())
        .into_inner()
}

#[cfg(feature = "ssr")]
pub use render::{field, internal, lang_of, not_found, read_form, render_at, render_page, signed_in, Pairs};

/// A message for a refused field, in the viewer's language.
pub fn msg(lang: crate::prefs::Lang, zh: &str, en: &str) -> String {
    if lang == crate::prefs::Lang::En { en.into() } else { zh.into() }
}

#[cfg(feature = "ssr")]
mod render {
    use super::FormState;
    use crate::state::AppState;
    use crate::accounts::session::SignedIn;
    use crate::prefs::{Lang, Viewer};
    use axum::body::{to_bytes, Body};
    use axum::extract::Request as AxumRequest;
    use axum::http::{request::Parts, Request, StatusCode};
    use axum::response::{IntoResponse, Response};
    use leptos::prelude::provide_context;

    const FORM_LIMIT: usize = 16 * 1024;

    /// A decoded form post, field by field, in order (names may repeat).
    pub type Pairs = Vec<(String, String)>;

    /// The first value of a field, trimmed; empty when absent.
    pub fn field(pairs: &Pairs, key: &str) -> String {
        pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }

    /// Internal failures are logged, never shown.
    pub fn internal(e: impl std::fmt::Display) -> Response {
        tracing::error!(error = %e, "request failed");
        (StatusCode::INTERNAL_SERVER_ERROR, "服务暂时不可用 / Service unavailable").into_response()
    }

    /// For someone who may not know the record exists: the same answer as for no record at all.
    pub fn not_found() -> Response {
        (StatusCode::NOT_FOUND, "未找到 / Not found").into_response()
    }

    /// Splits a form post into its parts (kept for re-rendering) and the decoded fields.
    pub async fn read_form<T: serde::de::DeserializeOwned>(req: AxumRequest) -> Result<(Parts, T), Response> {
        let (parts, body) = req.into_parts();
        let bytes = to_bytes(body, FORM_LIMIT)
            .await
            .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "表单过大 / Form too large").into_response())?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| (StatusCode::BAD_REQUEST, "表单无法识别 / Malformed form").into_response())?;
        Ok((parts, form))
    }

    pub fn lang_of(parts: &Parts) -> Lang {
        parts.extensions.get::<Viewer>().map(|v| v.lang).unwrap_or_default()
    }

    pub fn signed_in(parts: &Parts) -> Option<SignedIn> {
        parts.extensions.get::<SignedIn>().cloned()
    }

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

    /// Renders the page at `path` (an action posted elsewhere, e.g. `/work/{ref}/reject`,
    /// re-renders its case page), answering with `status`.
    pub async fn render_at(state: AppState, mut parts: Parts, path: &str, form: FormState, status: StatusCode) -> Response {
        match path.parse() {
            Ok(uri) => parts.uri = uri,
            Err(e) => return internal(e),
        }
        parts.method = axum::http::Method::GET;
        render_page(state, parts, form, status).await
    }
}
