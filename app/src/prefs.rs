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

pub use linli_types::{Lang, Role};

/// The signed-in person, as much as every page needs to know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewerUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Unread messages in the inbox, for the tab bar's count (pages only; 0 otherwise).
    #[serde(default)]
    pub unread: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub mode: Mode,
    pub lang: Lang,
    pub user: Option<ViewerUser>,
    /// The self-service terminal's name, when the page is drawn on one.
    #[serde(default)]
    pub kiosk: Option<String>,
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
