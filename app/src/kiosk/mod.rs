//! 自助终端 (kiosks): the terminal at the community centre for residents without a smartphone.
//! An administrator registers a terminal for a community and is shown its device secret once;
//! the terminal's browser is paired by entering it (`/kiosk/pair`), which leaves a device cookie.
//! A paired terminal draws every page large (长辈版), with no promotions and no offline copies,
//! and with the same two buttons in the same place: 结束并退出 and 呼叫工作人员. After 60 s
//! without a touch it asks "还需要更多时间吗？" and counts down 20 s; then the session ends, the
//! browser is told to clear what it kept (`Clear-Site-Data`) and the start screen returns. A
//! session begun at a terminal names it and ends server-side after two idle minutes anyway.
//! Everything filed there is recorded as `channel = kiosk`, and its audit rows name the terminal.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
pub mod photo;
#[cfg(feature = "ssr")]
mod photo_handlers;
pub mod sign_in;
#[cfg(feature = "ssr")]
mod sign_in_handlers;
pub mod sign_in_pages;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The terminal a request came from, as resolved from its device cookie.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kiosk {
    pub id: i64,
    pub name: String,
    pub community_code: String,
}

pub const COOKIE: &str = "linli_kiosk";

/// The seconds a terminal waits without a touch before asking, and then before ending.
pub const IDLE_SECONDS: u32 = 60;
pub const COUNTDOWN_SECONDS: u32 = 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskHome {
    pub name: String,
    /// The community's office, for a queue number (取号).
    pub office: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskAdminRow {
    pub id: i64,
    pub name: String,
    pub community: String,
    pub created: String,
    pub revoked: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskAdmin {
    pub kiosks: Vec<KioskAdminRow>,
    pub communities: Vec<(String, String)>,
}

#[server(endpoint = "kiosk/home")]
pub async fn load_kiosk_home() -> Result<Option<KioskHome>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(kiosk) = ssr::current() else { return Ok(None) };
    let office = state.store.offices().await.map_err(crate::applications::server::failed)?
        .into_iter()
        .find(|o| o.community_code.as_deref() == Some(kiosk.community_code.as_str()))
        .map(|o| o.code);
    Ok(Some(KioskHome { name: kiosk.name, office }))
}

/// The QR a terminal shows for "在手机上继续".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    pub qr_svg: String,
    pub link: String,
}

#[server(endpoint = "kiosk/handoff")]
pub async fn load_handoff(token: String) -> Result<Option<Handoff>, ServerFnError> {
    let state = crate::state::app_state()?;
    use crate::applications::server::failed;
    let Some(kiosk) = ssr::current() else { return Ok(crate::applications::server::not_theirs(None)) };
    let waiting = state.store.handoff_waiting(&ssr::secret_hash(&token), kiosk.id, state.now()).await.map_err(failed)?;
    if !waiting {
        return Ok(crate::applications::server::not_theirs(None));
    }
    let link = format!("{}/h/{token}", crate::applications::server::ssr::public_origin(&state));
    let qr_svg = crate::components::qr_svg(&link).map_err(failed)?;
    Ok(Some(Handoff { qr_svg, link }))
}

#[server(endpoint = "kiosk/admin")]
pub async fn load_kiosk_admin() -> Result<Option<KioskAdmin>, ServerFnError> {
    let state = crate::state::app_state()?;
    match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => {}
        _ => return Ok(crate::applications::server::not_theirs(None)),
    }
    let failed = crate::applications::server::failed;
    let lang = crate::prefs::server_viewer().lang;
    let communities: Vec<(String, String)> = crate::units::all(&*state.store).await.map_err(failed)?
        .into_iter()
        .filter(|u| u.0 == "community")
        .map(|u| (u.1, if lang == crate::prefs::Lang::En { u.3 } else { u.2 }))
        .collect();
    let kiosks = state.store.kiosks().await.map_err(failed)?
        .into_iter()
        .map(|k| KioskAdminRow {
            id: k.id,
            community: communities.iter().find(|c| c.0 == k.community_code).map(|c| c.1.clone()).unwrap_or(k.community_code),
            name: k.name,
            created: crate::time::format_local(k.created_at),
            revoked: k.revoked_at.map(crate::time::format_local),
        })
        .collect();
    Ok(Some(KioskAdmin { kiosks, communities }))
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::state::AppState;
    use axum::http::HeaderMap;

    /// The terminal the request being rendered came from.
    pub fn current() -> Option<Kiosk> {
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Kiosk>().cloned())
    }

    pub fn secret_hash(secret: &str) -> String {
        crate::open311::keys::hash(&format!("kiosk:{secret}"))
    }

    /// A new device secret: 20 random bytes, in groups of four letters and digits to type.
    pub fn new_secret() -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let chars: Vec<char> = (0..20).map(|_| ALPHABET[rand::random::<u8>() as usize % ALPHABET.len()] as char).collect();
        chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
    }

    /// The secret as typed: case, spaces and dashes do not matter.
    pub fn normalise(typed: &str) -> String {
        let plain: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
        plain.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
    }

    /// The terminal a request's device cookie names, if it is registered and not withdrawn.
    pub async fn resolve(state: &AppState, headers: &HeaderMap) -> Option<Kiosk> {
        let secret = crate::accounts::session::read_cookie(headers, COOKIE, state.config.secure_cookies)?;
        match state.store.kiosk_by_secret(&secret_hash(&secret)).await {
            Ok(found) => found.map(|k| Kiosk { id: k.id, name: k.name, community_code: k.community_code }),
            Err(e) => {
                tracing::error!(error = %e, "kiosk lookup failed");
                None
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_secret_is_typed_in_groups_and_read_back_however_it_is_typed() {
            let s = new_secret();
            assert_eq!(s.len(), 24);
            assert_eq!(normalise(&s.to_lowercase().replace('-', " ")), s);
            assert_ne!(new_secret(), s);
        }
    }
}
