//! The origin of a request (client address and browser) for its audit rows. The server sets it
//! around each request; server functions run in tasks of their own while a page renders, so an
//! audit written there is wrapped in `with_origin`, which reads the request from the context.
use super::limits::ClientAddr;
use axum::http::{header, request::Parts, HeaderMap};
use linli_storage::origin::{Origin, ORIGIN};

pub fn origin_of(parts: &Parts) -> Origin {
    // At a terminal every audit row names it (its browser says nothing useful).
    let addr = ClientAddr::from_parts(parts).0.to_string();
    match parts.extensions.get::<crate::kiosk::Kiosk>() {
        Some(k) => Origin { addr, user_agent: format!("kiosk:{} {}", k.id, k.name), kiosk: Some(k.id) },
        None => Origin { addr, user_agent: user_agent(&parts.headers), kiosk: None },
    }
}

/// The browser's own description, shortened: enough to tell devices apart.
pub fn user_agent(headers: &HeaderMap) -> String {
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    ua.chars().take(200).collect()
}

/// Runs `work` (an audit write) with the origin of the request being rendered.
pub async fn with_origin<F: std::future::Future>(work: F) -> F::Output {
    let origin = leptos::prelude::use_context::<Parts>().map(|p| origin_of(&p)).unwrap_or_default();
    ORIGIN.scope(origin, work).await
}
