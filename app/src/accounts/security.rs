//! `/me/security` and `/login/totp`: what the pages show, loaded on the server. Device addresses
//! and browsers are the owner's own; the TOTP secret is shown only while it is being enrolled.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecondFactorView {
    /// First sign-in: the secret is shown to be added to an authenticator app.
    pub enrol: bool,
    /// The secret in groups of four, for typing (only while enrolling).
    pub secret: Option<String>,
    pub qr_svg: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceItem {
    /// The session's stored hash: names it in "sign out this device" (not the cookie's token).
    pub id: String,
    pub started: String,
    pub last_seen: String,
    pub addr: String,
    pub device: String,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityView {
    pub phone_masked: String,
    pub second_factor_since: Option<String>,
    pub privileged: bool,
    pub devices: Vec<DeviceItem>,
}

/// `None` when no sign-in is waiting for its second factor (the page sends the browser back).
#[server(endpoint = "accounts/second-factor")]
pub async fn get_second_factor() -> Result<Option<SecondFactorView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(hash) = ssr::session_hash(&state) else { return Ok(None) };
    let user = state.store.second_factor_user(&hash, state.now()).await.map_err(ssr::failed)?;
    let Some(user) = user else { return Ok(None) };
    if user.totp_enabled_at.is_some() {
        return Ok(Some(SecondFactorView { enrol: false, secret: None, qr_svg: None }));
    }
    let secret = user.totp_secret.clone().unwrap_or_default();
    let account = super::validate::mask_phone(&user.phone);
    let qr = crate::components::qr_svg(&super::second_factor::otpauth_uri(&secret, &account)).map_err(ssr::failed)?;
    let grouped = secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ");
    Ok(Some(SecondFactorView { enrol: true, secret: Some(grouped), qr_svg: Some(qr) }))
}

#[server(endpoint = "accounts/security")]
pub async fn get_security() -> Result<Option<SecurityView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = super::server::ssr::current_user() else { return Ok(None) };
    let current = ssr::session_hash(&state);
    let sessions = state.store.sessions_of(user.id, state.now()).await.map_err(ssr::failed)?;
    let devices = sessions
        .into_iter()
        .map(|s| DeviceItem {
            current: current.as_deref() == Some(s.token_hash.as_str()),
            id: s.token_hash,
            started: crate::time::format_local(s.created_at),
            last_seen: crate::time::format_local(s.last_seen_at),
            addr: s.addr,
            device: ssr::device_name(&s.user_agent),
        })
        .collect();
    Ok(Some(SecurityView {
        phone_masked: super::validate::mask_phone(&user.phone),
        second_factor_since: user.totp_enabled_at.map(crate::time::format_local),
        privileged: super::second_factor::needs_second_factor(user.role),
        devices,
    }))
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::state::AppState;
    use leptos::prelude::{use_context, ServerFnError};

    pub fn failed(e: impl std::fmt::Display) -> ServerFnError {
        tracing::error!(error = %e, "loading account security failed");
        ServerFnError::new("internal error")
    }

    /// The stored hash of this request's session cookie.
    pub fn session_hash(state: &AppState) -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        super::super::session::session_hash(&parts.headers, state.config.secure_cookies)
    }

    /// A short name for a browser, from its own description.
    pub fn device_name(user_agent: &str) -> String {
        let system = [("iPhone", "iPhone"), ("iPad", "iPad"), ("HarmonyOS", "HarmonyOS"), ("Android", "Android"), ("Windows", "Windows"), ("Mac OS", "Mac"), ("Linux", "Linux")]
            .into_iter()
            .find(|(needle, _)| user_agent.contains(needle))
            .map(|(_, name)| name);
        let app = [("MicroMessenger", "微信 WeChat"), ("AlipayClient", "支付宝 Alipay"), ("Edg/", "Edge"), ("Firefox", "Firefox"), ("Chrome", "Chrome"), ("Safari", "Safari")]
            .into_iter()
            .find(|(needle, _)| user_agent.contains(needle))
            .map(|(_, name)| name);
        match (system, app) {
            (Some(s), Some(a)) => format!("{s} · {a}"),
            (Some(one), None) | (None, Some(one)) => one.to_string(),
            (None, None) if user_agent.is_empty() => "—".into(),
            (None, None) => user_agent.chars().take(40).collect(),
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn devices_are_named_by_system_and_browser() {
            let wechat = "Mozilla/5.0 (Linux; Android 12; V2055A) AppleWebKit/537.36 Chrome/86.0 MicroMessenger/8.0.40";
            assert_eq!(super::device_name(wechat), "Android · 微信 WeChat");
            assert_eq!(super::device_name("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"), "iPhone · Safari");
            assert_eq!(super::device_name(""), "—");
        }
    }
}
