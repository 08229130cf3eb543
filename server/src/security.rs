//! Defaults every response gets, and the refusal of state changes from other origins (CSRF).
use axum::extract::{FromRequestParts, Request, State};
use linli_app::state::AppState;
use linli_app::web::{ClientAddr, Limit};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Pages set their own policy with a per-request nonce; everything else gets the strict one.
const DEFAULT_CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// `https`: the deployment is served over HTTPS (secure cookies), so browsers are also told to
/// never use plain HTTP for it again (HSTS, a year).
pub async fn security_headers(State(https): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(self), geolocation=(self), microphone=()"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DEFAULT_CSP));
    }
    res
}

/// The host[:port] part of an Origin or Referer value.
fn authority(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// A state-changing request must come from this site: browsers send `Origin` (or at least
/// `Referer`, and `Sec-Fetch-Site`) with every cross-site POST, so a mismatch is refused.
pub async fn same_origin_only(req: Request, next: Next) -> Response {
    // Open311 clients live on other sites by design; they authenticate with an api_key, never
    // with the session cookie, so a cross-site post there cannot act as a signed-in resident.
    // Delivery receipts come from the SMS gateway's servers, with its bearer token.
    let machine_path = req.uri().path().starts_with("/open311/") || req.uri().path().starts_with("/gateway/");
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || machine_path {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let refused = || (StatusCode::FORBIDDEN, "跨站请求已拒绝 / Cross-site request refused").into_response();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return refused();
    }
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .map(|v| v.to_str().ok().and_then(authority));
    if let Some(claimed) = claimed {
        if claimed != Some(host) || host.is_empty() {
            return refused();
        }
    } else if carries_session(headers) && !headers.contains_key("sec-fetch-site") {
        // Every browser names where a post comes from one of these three ways; a post that
        // acts as a signed-in person and names none is not from a page of ours.
        return refused();
    }
    next.run(req).await
}

/// Whether the request presents a session cookie (under either of its names).
fn carries_session(headers: &axum::http::HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).any(|c| c.contains("linli_session="))
}

#[cfg(test)]
mod tests {
    #[test]
    fn authority_of_urls() {
        assert_eq!(super::authority("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(super::authority("https://linli.example/register?x"), Some("linli.example"));
        assert_eq!(super::authority("null"), None);
    }
}

/// Per-address limits on what costs the server most and needs no account: searches (a page
/// asked for with `q=`) and uploads (multipart posts). Sign-in, registration, codes, reset and
/// Open311 posts are limited in their handlers, where the answer can be their own page.
pub async fn limit_costly(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limit) = costly(&req) else { return next.run(req).await };
    let (mut parts, body) = req.into_parts();
    let Ok(ClientAddr(addr)) = ClientAddr::from_request_parts(&mut parts, &state).await;
    if let Err(refusal) = state.limits.check(limit, addr).await {
        return refusal.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

/// Whether the address's query gives `name` a value that is not empty (`q=…`, not `q=`).
pub(crate) fn gives(uri: &axum::http::Uri, name: &str) -> bool {
    uri.query().is_some_and(|q| q.split('&').any(|pair| pair.strip_prefix(name).is_some_and(|v| v.starts_with('=') && v.len() > 1)))
}

fn costly(req: &Request) -> Option<Limit> {
    let multipart = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/"));
    let searching = gives(req.uri(), "q");
    match *req.method() {
        Method::GET if searching => Some(Limit::Search),
        Method::POST if multipart => Some(Limit::Upload),
        _ => None,
    }
}
