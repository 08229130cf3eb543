//! Open311 GeoReport v2 at `/open311/v2`: discovery, services and their definitions, requests
//! (POST with an admin-issued api_key; GET by id or by filters) in `.json` and `.xml`, plus the
//! FixMyStreet `servicerequestupdates` extension. A request posted here is an ordinary feedback
//! item: same owner, deadline, reminders and board. Only public-space categories (报事) are
//! offered, and only those items are listed, so nothing personal leaves through this API.
#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod format;
#[cfg(feature = "ssr")]
pub(crate) mod posting;
#[cfg(feature = "ssr")]
pub mod schema;
pub mod keys;
