//! Passwords (argon2id), session cookies (HttpOnly, SameSite=Lax, random tokens stored only as
//! SHA-256 hashes) and the middleware that works out who is asking and how they read.
use crate::prefs::{Lang, Mode, Viewer, ViewerUser};
use crate::state::AppState;
use crate::storage::UserRecord;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};

pub const SESSION_COOKIE: &str = "linli_session";
pub const MODE_COOKIE: &str = "linli_mode";
pub const LANG_COOKIE: &str = "linli_lang";
pub const SESSION_SECONDS: i64 = 7 * 24 * 3600;
const PREF_SECONDS: i64 = 365 * 24 * 3600;

/// The signed-in account behind this request, for handlers and server functions.
pub use crate::web::CurrentUser as SignedIn;

/// How long a session found is trusted without asking the database again.
const SESSION_HELD_SECONDS: i64 = 5;

/// Sessions lately found, by token hash and the deployment's five-second span. A page and its
/// pictures, scripts and server calls ask who is signed in a dozen times in a second; one answer
/// serves them all. A session ended here (signing out, a new password, an account closed: any
/// accepted post but signing in) drops them all at once (`AppState::sessions_changed`); one ended
/// through another server is honoured there at once and here within five seconds.
pub type HeldSessions = crate::web::Recent<(String, i64), Option<UserRecord>>;

pub fn held_sessions() -> HeldSessions {
    HeldSessions::new(|_| std::time::Duration::from_secs(SESSION_HELD_SECONDS as u64), 10_000)
}

/// The account signed in with the session `hash`, from those held or else the database (which
/// then also notes the session was used: the idle timeouts read that).
async fn session_user(state: &AppState, hash: &str, now: i64) -> crate::storage::StoreResult<Option<UserRecord>> {
    let idle_since = now - super::second_factor::PRIVILEGED_IDLE_SECONDS;
    let found = async {
        let user = state.store.session_user(hash, now, idle_since).await?;
        if user.is_some() {
            if let Err(e) = state.store.touch_session(hash, now).await {
                tracing::error!(error = %e, "session touch failed");
            }
        }
        Ok::<_, crate::storage::StoreError>(user)
    };
    let key = (hash.to_string(), now.div_euclid(SESSION_HELD_SECONDS));
    state.sessions.found_or(key, found).await
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default() // argon2id, v19, OWASP-recommended memory and passes
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with default parameters")
        .to_string()
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Spends the same effort as a real check, so unknown numbers cannot be told apart by timing.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("linli-timing-equaliser-1"));
    let _ = verify_password(hash, password);
}

type ArgonJob = Box<dyn FnOnce() + Send>;

/// Argon2 takes about 19 MiB and tens of milliseconds of a core per check. Checks run on one
/// thread per core, in the order they come, so a burst of sign-ins costs time, never gigabytes:
/// the same few threads reuse the same memory (a thread per check would leave an allocator arena
/// holding it behind each). A check whose asker has gone (its deadline passed) is skipped.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, tokio::sync::oneshot::error::RecvError> {
    static QUEUE: OnceLock<std::sync::mpsc::Sender<ArgonJob>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<ArgonJob>();
        let receiver = Arc::new(std::sync::Mutex::new(receiver));
        for n in 0..std::thread::available_parallelism().map_or(2, |n| n.get()) {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || loop {
                    let job = receiver.lock().map(|r| r.recv());
                    match job {
                        Ok(Ok(job)) => job(),
                        _ => break,
                    }
                })
                .expect("a password-check thread starts");
        }
        sender
    });
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: ArgonJob = Box::new(move || {
        if !answer.is_closed() {
            let _ = answer.send(work());
        }
    });
    if queue.send(job).is_err() {
        tracing::error!("password-check threads are gone");
    }
    answered.await
}

/// `hash_password`, waiting its turn.
pub async fn hash_in_turn(password: String) -> Result<String, tokio::sync::oneshot::error::RecvError> {
    in_turn(move || hash_password(&password)).await
}

/// Whether any account could have this password; longer ones are refused without hashing.
fn could_be_a_password(password: &str) -> bool {
    password.chars().count() <= super::validate::PASSWORD_MAX
}

/// `verify_password`, waiting its turn; `false` for a password no account can have.
pub async fn check_in_turn(hash: String, password: String) -> bool {
    could_be_a_password(&password) && in_turn(move || verify_password(&hash, &password)).await.unwrap_or(false)
}

/// `verify_against_nothing`, waiting its turn like a real check.
pub async fn check_nothing_in_turn(password: String) {
    if could_be_a_password(&password) {
        let _ = in_turn(move || verify_against_nothing(&password)).await;
    }
}

/// A fresh session token (sent once, in the cookie) and the hash that is stored.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored hash of the session cookie this request carries, if any.
pub fn session_hash(headers: &HeaderMap, secure: bool) -> Option<String> {
    read_cookie(headers, SESSION_COOKIE, secure).map(|t| token_hash(&t))
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A cookie's name on the wire. Over HTTPS (the default outside loopback) it carries the
/// `__Host-` prefix: the browser then takes it only from this exact host, with `Secure` and
/// `Path=/`, so a sibling subdomain cannot plant a session on a resident.
fn wire_name(name: &str, secure: bool) -> String {
    if secure { format!("__Host-{name}") } else { name.to_string() }
}

pub fn cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let (name, flag) = (wire_name(name, secure), if secure { "; Secure" } else { "" });
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{flag}"))
        .expect("cookie values are ASCII")
}

/// The value of cookie `name` as this deployment names it (see `wire_name`).
pub fn read_cookie(headers: &HeaderMap, name: &str, secure: bool) -> Option<String> {
    let name = wire_name(name, secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn query_param(query: Option<&str>, key: &str) -> Option<String> {
    query?
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
}

pub fn viewer_user(user: &UserRecord) -> ViewerUser {
    ViewerUser { id: user.id, name: user.name.clone(), role: user.role, unread: 0 }
}

/// Resolves the session and the display preferences: `?mode=`/`?lang=` on any URL win and are
/// remembered (cookie, and the account when signed in), then the cookie, then the account.
pub async fn resolve_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let (now, secure) = (state.now(), state.config.secure_cookies);
    let token = session_hash(req.headers(), secure);
    let user = match &token {
        // A session that cannot be read (the database restarting) is not a signed-out one: a 503
        // says "try again"; treating it as signed out would send a form post to the sign-in page.
        Some(hash) => match session_user(&state, hash, now).await {
            Ok(user) => user,
            Err(e) => return crate::web::AppError::Unavailable(format!("session lookup failed: {e}")).into_response(),
        },
        None => None,
    };
    let query = req.uri().query().map(str::to_string);
    let asked_mode = query_param(query.as_deref(), "mode").and_then(|m| Mode::parse(&m));
    let asked_lang = query_param(query.as_deref(), "lang").and_then(|l| Lang::parse(&l));
    let cookie_mode = read_cookie(req.headers(), MODE_COOKIE, secure).and_then(|m| Mode::parse(&m));
    let cookie_lang = read_cookie(req.headers(), LANG_COOKIE, secure).and_then(|l| Lang::parse(&l));
    let kiosk = req.extensions().get::<crate::kiosk::Kiosk>().map(|k| k.name.clone());
    // A terminal is large-print for everyone (the next person must not meet the last one's choice).
    let mode = if kiosk.is_some() {
        Mode::Elder
    } else {
        asked_mode.or(cookie_mode).or(user.as_ref().and_then(|u| Mode::parse(&u.mode))).unwrap_or_default()
    };
    let lang = asked_lang
        .or(cookie_lang)
        .or(user.as_ref().and_then(|u| Lang::parse(&u.lang)))
        .unwrap_or_default();

    if let Some(u) = &user {
        if kiosk.is_none() && (asked_mode.is_some() || asked_lang.is_some()) && (u.mode != mode.as_str() || u.lang != lang.as_str()) {
            if let Err(e) = state.store.set_user_prefs(u.id, mode.as_str(), lang.as_str()).await {
                tracing::error!(error = %e, "saving display preferences failed");
            }
            // The account held for this session still has the old choice.
            state.sessions.forget_where(|(hash, _)| token.as_ref() == Some(hash));
        }
    }
    let signed_in = user.is_some();
    let role = user.as_ref().map(|u| u.role);
    let path = req.uri().path().to_string();
    let mut shown = user.as_ref().map(viewer_user);
    // Only a page shows the unread count (its tab bar): a browser navigating asks for HTML.
    // Posts, files (CSS, the WASM), the API and server functions skip the query.
    let page = req.method() == axum::http::Method::GET
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    if let Some(v) = shown.as_mut().filter(|_| page) {
        v.unread = state.store.unread_count(v.id).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "unread count failed");
            0
        });
    }
    let at_kiosk = kiosk.is_some();
    let acts_at_kiosk = at_kiosk && req.method() == axum::http::Method::POST;
    let user_id = user.as_ref().map(|u| u.id);
    req.extensions_mut().insert(Viewer { mode, lang, user: shown, kiosk });
    // Handlers that only need the language take `Lang` itself (see `linli_types`).
    req.extensions_mut().insert(lang);
    if let Some(u) = user {
        req.extensions_mut().insert(SignedIn(Arc::new(u)));
    }

    let mut response = next.run(req).await;
    if signed_in {
        keep_private(&mut response);
    }
    // Whatever is done at a terminal names it (the audit row's origin carries the terminal),
    // whether or not the action writes an audit row of its own.
    if acts_at_kiosk && response.status().as_u16() < 400 {
        if let Err(e) = state.store.audit(now, user_id, user_id, "kiosk_action", &format!("POST {path}")).await {
            tracing::error!(error = %e, "kiosk action audit failed");
        }
    }
    // Nothing drawn on a terminal is kept for offline reading.
    let offline = crate::offline::mark(&path, role, token.as_deref()).filter(|_| page && !at_kiosk && response.status() == axum::http::StatusCode::OK);
    if let Some(value) = offline.and_then(|m| HeaderValue::from_str(&m).ok()) {
        response.headers_mut().insert(crate::offline::HEADER, value);
    }
    if let Some(m) = asked_mode {
        response.headers_mut().append(header::SET_COOKIE, preference_cookie(MODE_COOKIE, m.as_str(), secure));
    }
    if let Some(l) = asked_lang {
        response.headers_mut().append(header::SET_COOKIE, preference_cookie(LANG_COOKIE, l.as_str(), secure));
    }
    response
}

/// What was drawn for a signed-in person is theirs alone: no shared cache keeps it, and the
/// browser does not keep it after they sign out (files and pictures keep their own rules).
fn keep_private(response: &mut Response) {
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let personal = ["text/html", "application/json", "text/csv", "text/calendar", "application/xml"].iter().any(|t| content_type.starts_with(t));
    if personal {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
}

/// A display preference remembered on this device for a year.
pub fn preference_cookie(name: &str, value: &str, secure: bool) -> HeaderValue {
    cookie(name, value, PREF_SECONDS, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("linli2026");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "linli2026"));
        assert!(!verify_password(&hash, "linli2027"));
    }

    #[test]
    fn tokens_are_random_and_only_hashes_are_kept() {
        let (a, ha) = new_session_token();
        let (b, _) = new_session_token();
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), ha);
        assert_ne!(a, ha);
    }

    #[test]
    fn reads_one_cookie_among_many() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; linli_mode=elder; b=2"));
        assert_eq!(read_cookie(&h, MODE_COOKIE, false).as_deref(), Some("elder"));
        assert_eq!(read_cookie(&h, SESSION_COOKIE, false), None);
    }

    #[test]
    fn over_https_only_host_cookies_count() {
        let set = cookie(SESSION_COOKIE, "t0k", 60, true);
        assert_eq!(set.to_str().unwrap(), "__Host-linli_session=t0k; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
        let mut h = HeaderMap::new();
        // A sibling subdomain can set `linli_session` for the parent domain, never `__Host-…`.
        h.insert(header::COOKIE, HeaderValue::from_static("linli_session=planted; __Host-linli_mode=elder"));
        assert_eq!(read_cookie(&h, SESSION_COOKIE, true), None);
        assert_eq!(read_cookie(&h, MODE_COOKIE, true).as_deref(), Some("elder"));
    }
}
