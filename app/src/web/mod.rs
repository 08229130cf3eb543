//! The HTTP plumbing every capability shares: one error type that every handler returns with `?`,
//! and extractors for who is asking and what they sent. It depends on storage, `prefs` and
//! `forms` only, never on a capability, so any capability can use it without a cycle.
pub mod error;
pub mod extract;
pub mod health;
pub mod limits;
pub mod origin;
pub mod recent;

pub use error::{redraw, AppError, AppResult, Refusal};
pub use origin::{origin_of, user_agent, with_origin};
pub use recent::Recent;
pub use limits::{ClientAddr, Limit, RateLimits, TrustedProxies};
pub use extract::{Admin, CurrentUser, FormPairs, MaybeUser, Officer, PostForm, Resident, Staff};

