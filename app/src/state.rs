//! What every handler and server function can reach (through axum state or Leptos context).
use crate::storage::SharedStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Config {
    /// Send cookies with `Secure` (behind HTTPS in production).
    pub secure_cookies: bool,
    /// Where uploaded materials live (a local directory, or S3-compatible object storage).
    pub files: crate::uploads::FileStore,
    /// Keyed hashes of phones, addresses and one-time codes.
    pub keys: crate::secrets::Keyring,
    /// What a gateway's delivery receipt must carry as its bearer token (none: no receipts).
    pub receipt_token: Option<String>,
    /// Confirms identities online (L2); none: in person only.
    pub identity: Option<Arc<dyn crate::accounts::identity::IdentityVerifier>>,
}

/// Cloned for every middleware layer a request passes (tower clones the stack below each layer on
/// each call, so a request made some hundred clones): a clone is one reference count, not a copy
/// of every part and the Leptos options' strings.
#[derive(Clone)]
pub struct AppState(Arc<AppStateParts>);

pub struct AppStateParts {
    pub store: SharedStore,
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub clock: crate::time::SharedClock,
    /// Per-address limits (sign-in, registration, codes, search, uploads, Open311).
    pub limits: Arc<crate::web::RateLimits>,
    /// The service catalogue, held in memory (see `catalogue::snapshot`).
    pub catalogue: Arc<crate::catalogue::snapshot::Snapshot>,
    /// Boards lately computed (see `board::ssr::BoardCache`).
    pub board: Arc<crate::board::ssr::BoardCache>,
    /// The public report list lately computed (see `feedback::server::ssr::PublicLists`).
    pub public_feedback: Arc<crate::feedback::server::ssr::PublicLists>,
    /// Open311 lists lately answered (see `open311::api::RecentLists`).
    pub open311_lists: Arc<crate::open311::api::RecentLists>,
    /// Residents' materials lately opened from their seal (see `uploads::OpenedFiles`).
    pub opened_files: Arc<crate::uploads::OpenedFiles>,
    /// Departments' queue counts lately counted (see `workbench::QueueCounts`).
    pub queue_counts: Arc<crate::workbench::QueueCounts>,
    /// Market lists and searches lately drawn up (see `market::held`).
    pub market_lists: Arc<crate::market::held::MarketLists>,
    /// Sessions lately found (see `accounts::session::HeldSessions`).
    pub sessions: Arc<crate::accounts::session::HeldSessions>,
}

impl AppState {
    pub fn new(parts: AppStateParts) -> Self {
        AppState(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = AppStateParts;
    fn deref(&self) -> &AppStateParts {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a component rendering on the server.
pub fn app_state() -> Result<AppState, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| leptos::prelude::ServerFnError::new("application state missing"))
}

impl AppState {
    /// Now, by the deployment's clock (a test sets it; see `time::Clock`).
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Something was written through this server (an accepted post): counts it shows are
    /// counted again, files' rows read again and market lists drawn up again.
    pub fn changed_here(&self) {
        self.queue_counts.forget();
        self.opened_files.forget_rows();
        self.market_lists.forget();
    }

    /// A post that may end or change a session or an account was accepted here (any but signing
    /// in or registering): who is signed in is asked of the database again.
    pub fn sessions_changed(&self) {
        self.sessions.forget();
    }

    /// An item or a rating changed on this server: what the board and the public list show is
    /// computed again. A past month's board stays: it is drawn again every half hour
    /// (`board::ssr::keep_last_month_drawn`), and changes to it are late answers or a rating set
    /// aside, which that shows.
    pub fn feedback_changed(&self) {
        let this_month = crate::board::ssr::this_month();
        self.board.forget_where(|(month, _)| *month == this_month);
        self.public_feedback.forget();
        self.open311_lists.forget();
    }

    /// Today in Shanghai by the deployment's clock: the day deadlines count from.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}
