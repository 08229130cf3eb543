//! Who is looking and how they want to read: display mode (standard or 长辈版) and language.
//! Resolved once per request on the server and handed to the browser inside the page, so the
//! hydrated app renders exactly what the server did (no flash of the standard layout).
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    #[default]
    Standard,
    Elder,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Standard => "standard",
            Mode::Elder => "elder",
        }
    }
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "standard" => Some(Mode::Standard),
            "elder" => Some(Mode::Elder),
            _ => None,
        }
    }
    pub fn is_elder(self) -> bool {
        self == Mode::Elder
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The value of the HTML `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" | "zh-CN" | "zh-cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Roles of the one real-name account (统一身份认证).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Resident,
    Staff,
    Officer,
    Provider,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Staff => "staff",
            Role::Officer => "officer",
            Role::Provider => "provider",
            Role::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "resident" => Role::Resident,
            "staff" => Role::Staff,
            "officer" => Role::Officer,
            "provider" => Role::Provider,
            "admin" => Role::Admin,
            _ => return None,
        })
    }
}

impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(s: String) -> Result<Role, String> {
        Role::parse(&s).ok_or_else(|| format!("unknown role {s:?}"))
    }
}

/// The signed-in person, as much as every page needs to know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewerUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub mode: Mode,
    pub lang: Lang,
    pub user: Option<ViewerUser>,
}

/// The viewer as the server resolved it for this request (see `accounts::session`).
#[cfg(feature = "ssr")]
pub fn server_viewer() -> Viewer {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
pub fn server_viewer() -> Viewer {
    Viewer::default()
}

/// The viewer provided by `App` for this render.
pub fn use_viewer() -> Viewer {
    leptos::prelude::use_context::<Viewer>().unwrap_or_default()
}
