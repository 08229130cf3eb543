//! The public pages — home, the catalogue and its guides, the market, notices, the board and the
//! report list — kept rendered. Rendering costs many times what sending the bytes does; once
//! drawn, the same page serves every reader it is the same for until something changes.
//!
//! What may change a page, and how long a held copy lives:
//! - any accepted post, put or delete on this server drops every held page at once;
//! - the deployment's clock turning a minute (dates, "today", scheduled notices) makes new ones;
//! - a change made elsewhere (another server, a command, a background job) shows within a minute.
//!
//! A held page is handed only to readers for whom it is the same: the key is the address with its
//! query, the display mode and the language, and for a signed-in reader their role and unread
//! count (the menu and the tab bar show those). Where nothing else on the page is the reader's (the
//! catalogue, a guide, the board, the market of a community they chose) that is the whole key;
//! a page that shows their own things (home with what waits for them, the notices addressed to
//! their building, the market of their home, their reports) is held for them alone, apart, so
//! that many readers cannot push the pages everyone reads out. Every message sent to the reader
//! changes their unread count, so an application moved by an officer anywhere shows at once.
//! A catalogue search that found nothing is counted for the community's unmet needs (需求分析)
//! each time its held copy is handed out, under that reader's community. A terminal's page, an
//! answer that sets a cookie and anything but a 200 are never held. Each answer gets its own CSP
//! nonce: the held page's nonce is replaced wherever it appears.
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use linli_app::prefs::Viewer;
use linli_app::state::AppState;
use linli_app::web::Recent;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A change made where this server cannot see it shows within this long.
const KEEP_FOR: Duration = Duration::from_secs(60);
/// Pages held at most: a client may ask for any query, and each costs memory (some 20–40 KB).
const MOST_PAGES: usize = 256;
/// Pages held for one reader each, at most: some 20–40 MB at the most.
const MOST_OWN_PAGES: usize = 1024;
/// A page larger than this is drawn every time rather than held.
const LARGEST_HELD: usize = 512 * 1024;

#[derive(PartialEq, Eq, Hash, Clone)]
struct PageKey {
    uri: String,
    mode: &'static str,
    lang: &'static str,
    /// The deployment's minute: a page shows dates, and a test's clock moves by hand.
    minute: i64,
    /// A signed-in reader's role and unread count (their menu and tab bar); none for a visitor.
    reader: Option<(&'static str, i64)>,
    /// The reader whose own things the page shows; none where it is the same for every reader.
    own: Option<i64>,
}

/// A page as drawn once, with where its nonce sits so each answer can carry a fresh one.
pub struct HeldPage {
    headers: HeaderMap,
    body: Bytes,
    nonce: Option<String>,
    nonce_at: Vec<usize>,
    /// The search that found nothing on this page, as marked by the catalogue (percent-encoded).
    missed: Option<String>,
}

#[derive(Clone)]
pub struct PageCache {
    shared: Arc<Recent<PageKey, HeldPage>>,
    own: Arc<Recent<PageKey, HeldPage>>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache { shared: Arc::new(Recent::new(|_| KEEP_FOR, MOST_PAGES)), own: Arc::new(Recent::new(|_| KEEP_FOR, MOST_OWN_PAGES)) }
    }
}

impl PageCache {
    /// Something a page may show changed on this server.
    pub fn forget(&self) {
        self.shared.forget();
        self.own.forget();
    }
}

/// To whom a drawn page may be handed again.
#[derive(Debug, PartialEq, Eq)]
enum HeldFor {
    /// Everyone with the same mode, language, role and unread count.
    Everyone,
    /// Only the reader it was drawn for.
    TheReader,
    /// No one: drawn for each request.
    NoOne,
}

/// The pages that may be held (`held_for` says for whom). Forms, account pages and anything with
/// a token in it are not among them.
fn is_public_page(path: &str) -> bool {
    let guide = path.strip_prefix("/services/").is_some_and(|code| !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric()));
    guide || matches!(path, "/" | "/services" | "/market" | "/notices" | "/board" | "/feedback")
}

/// Whether a public page is held, and for whom. A signed-in reader sees nothing of their own but
/// the menu and tab bar on the catalogue and its guides, the board, and the market of a community
/// named in the address (without one, the market shows the reader's home community).
fn held_for(uri: &Uri, signed_in: bool) -> HeldFor {
    let path = uri.path();
    let given = |name| crate::security::gives(uri, name);
    if !is_public_page(path) {
        HeldFor::NoOne
    } else if !signed_in || path.starts_with("/services") || path == "/board" || (path == "/market" && given("community")) {
        HeldFor::Everyone
    } else {
        HeldFor::TheReader
    }
}

/// Serves a held page, or draws it and holds it.
pub async fn serve_held(State((state, cache)): State<(AppState, PageCache)>, req: Request, next: Next) -> Response {
    let viewer = req.extensions().get::<Viewer>().filter(|v| v.kiosk.is_none() && req.method() == Method::GET);
    let holding = viewer.map_or(HeldFor::NoOne, |v| held_for(req.uri(), v.user.is_some()));
    let Some(viewer) = viewer.filter(|_| holding != HeldFor::NoOne) else {
        return unmarked(next.run(req).await);
    };
    let key = PageKey {
        uri: req.uri().to_string(),
        mode: viewer.mode.as_str(),
        lang: viewer.lang.as_str(),
        minute: state.now().div_euclid(60),
        reader: viewer.user.as_ref().map(|u| (u.role.as_str(), u.unread)),
        own: viewer.user.as_ref().filter(|_| holding == HeldFor::TheReader).map(|u| u.id),
    };
    let held = if key.own.is_some() { &cache.own } else { &cache.shared };
    let reader = req.extensions().get::<linli_app::web::CurrentUser>().map(|u| u.0.clone());
    let drew = AtomicBool::new(false);
    let drawn = held.get_or(key, async { drew.store(true, Ordering::Relaxed); hold(next.run(req).await).await }).await;
    match drawn {
        Ok(page) => {
            // The reader whose request drew the page was counted as it was drawn.
            if let Some(missed) = page.missed.as_deref().filter(|_| !drew.load(Ordering::Relaxed)) {
                linli_app::insights::details::ssr::note_held_miss(&state, reader.as_deref(), missed).await;
            }
            answer(&page)
        }
        Err(not_held) => unmarked(not_held),
    }
}

/// The response without the marks meant for this layer alone.
fn unmarked(mut response: Response) -> Response {
    response.headers_mut().remove(linli_app::insights::details::ssr::SEARCH_MISS_HEADER);
    response
}

/// The drawn page kept, or given back as it is when it must not be held.
async fn hold(response: Response) -> Result<HeldPage, Response> {
    let shareable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !shareable {
        return Err(response);
    }
    let (mut parts, body) = response.into_parts();
    let missed = parts.headers.remove(linli_app::insights::details::ssr::SEARCH_MISS_HEADER).and_then(|v| v.to_str().ok().map(str::to_string));
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => return Err(linli_app::web::AppError::Internal(format!("reading a drawn page: {e}")).into_response()),
    };
    if body.len() > LARGEST_HELD {
        return Err(Response::from_parts(parts, Body::from(body)));
    }
    let nonce = parts.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).and_then(nonce_of);
    let nonce_at = nonce.as_deref().map(|n| places_of(&body, n.as_bytes())).unwrap_or_default();
    Ok(HeldPage { headers: parts.headers, body, nonce, nonce_at, missed })
}

/// The held page with a nonce of its own.
fn answer(page: &HeldPage) -> Response {
    let mut headers = page.headers.clone();
    let Some(old) = &page.nonce else {
        return (StatusCode::OK, headers, page.body.clone()).into_response();
    };
    let fresh = linli_app::secrets::random_token();
    if let Some(policy) = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) {
        if let Ok(value) = HeaderValue::from_str(&policy.replace(old.as_str(), &fresh)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    let mut body = Vec::with_capacity(page.body.len() + page.nonce_at.len() * fresh.len());
    let mut from = 0;
    for &at in &page.nonce_at {
        body.extend_from_slice(&page.body[from..at]);
        body.extend_from_slice(fresh.as_bytes());
        from = at + old.len();
    }
    body.extend_from_slice(&page.body[from..]);
    (StatusCode::OK, headers, body).into_response()
}

/// The nonce a content security policy allows scripts by.
fn nonce_of(policy: &str) -> Option<String> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(policy[start..start + len].to_string()).filter(|n| n.len() >= 16)
}

/// Where `needle` starts in `haystack`, without overlaps.
fn places_of(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut places = Vec::new();
    let mut at = 0;
    while let Some(found) = haystack[at..].windows(needle.len()).position(|w| w == needle) {
        places.push(at + found);
        at += found + needle.len();
    }
    places
}

/// Every accepted change on this server drops the held pages.
pub async fn forget_on_change(State((cache, state)): State<(PageCache, AppState)>, req: Request, next: Next) -> Response {
    let posted = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let path = req.uri().path();
    let (changes, ends_sessions) = (posted && !changes_nothing_public(path), posted && !starts_a_session(path));
    let response = next.run(req).await;
    if response.status().as_u16() < 400 {
        if changes {
            cache.forget();
            state.changed_here();
        }
        if ends_sessions {
            state.sessions_changed();
        }
    }
    response
}

/// Posts that may add a session but change none that exists: every other accepted post may
/// end one (signing out, a new password, a second factor turned on, an account closed).
fn starts_a_session(path: &str) -> bool {
    matches!(path, "/login" | "/register") || path.starts_with("/__bench/")
}

/// Posts that only touch who is signed in (or the bench's own bytes): under load, sign-ins are
/// most of a server's posts, and dropping every held page for each would hold almost nothing.
fn changes_nothing_public(path: &str) -> bool {
    matches!(path, "/login" | "/login/totp" | "/logout" | "/register" | "/reset" | "/settings") || path.starts_with("/__bench/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_held_are_the_public_ones() {
        for path in ["/", "/services", "/services/RS003", "/market", "/notices", "/board", "/feedback"] {
            assert!(is_public_page(path), "{path}");
        }
        for path in ["/me", "/services/RS003/apply", "/services/", "/login", "/market/12/book", "/work", "/services/a.b"] {
            assert!(!is_public_page(path), "{path}");
        }
    }

    #[test]
    fn a_signed_in_reader_shares_held_pages_only_where_nothing_is_theirs() {
        let signed_in = |uri: &str| held_for(&uri.parse().unwrap(), true);
        for uri in ["/services", "/services?dept=rs&q=", "/services/RS003", "/board?month=2026-11", "/market?community=cy-xfl&q=baojie"] {
            assert_eq!(signed_in(uri), HeldFor::Everyone, "{uri}");
        }
        for uri in ["/", "/notices", "/feedback", "/market", "/market?q=baojie", "/market?community=&q=baojie", "/market?xcommunity=cy-xfl"] {
            assert_eq!(signed_in(uri), HeldFor::TheReader, "{uri}");
        }
        for uri in ["/services?q=chongwu", "/services?dept=rs&q=%E5%AE%A0"] {
            assert_eq!(signed_in(uri), HeldFor::Everyone, "{uri}: a miss is counted by the page cache");
        }
        for uri in ["/me", "/services/RS003/apply"] {
            assert_eq!(signed_in(uri), HeldFor::NoOne, "{uri}");
        }
        for uri in ["/", "/notices", "/market", "/services?q=chongwu"] {
            assert_eq!(held_for(&uri.parse().unwrap(), false), HeldFor::Everyone, "a visitor's {uri}");
        }
        assert_eq!(held_for(&"/me".parse().unwrap(), false), HeldFor::NoOne);
    }

    #[test]
    fn signing_in_drops_no_held_page_and_publishing_does() {
        for path in ["/login", "/login/totp", "/logout", "/__bench/echo"] {
            assert!(changes_nothing_public(path), "{path}");
        }
        for path in ["/work/notices", "/market/12/book", "/feedback", "/login/x", "/loginx", "/me/applications"] {
            assert!(!changes_nothing_public(path), "{path}");
        }
    }

    #[test]
    fn the_nonce_is_found_and_every_place_of_it() {
        let policy = "default-src 'self'; script-src 'self' 'nonce-AbCdEfGhIjKlMnOpQrSt_1' 'wasm-unsafe-eval'";
        assert_eq!(nonce_of(policy).as_deref(), Some("AbCdEfGhIjKlMnOpQrSt_1"));
        assert_eq!(nonce_of("default-src 'self'"), None);
        assert_eq!(places_of(b"a NN b NN NNN", b"NN"), vec![2, 7, 10]);
    }

    #[test]
    fn each_answer_carries_its_own_nonce() {
        let old = "AbCdEfGhIjKlMnOpQrSt_1";
        let body = format!("<script nonce=\"{old}\">1</script><script nonce=\"{old}\">2</script>");
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&format!("script-src 'nonce-{old}'")).unwrap());
        let page = HeldPage { nonce_at: places_of(body.as_bytes(), old.as_bytes()), headers, body: Bytes::from(body), nonce: Some(old.into()), missed: None };
        let (first, second) = (answer(&page), answer(&page));
        let policy = |r: &Response| r.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert_ne!(policy(&first), policy(&second));
        assert!(!policy(&first).contains(old));
    }
}
