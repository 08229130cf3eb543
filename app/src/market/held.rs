//! Market lists lately drawn up. A search ranks every listing that holds its words (1,668 for
//! 保洁 among the bench's 10,000) before the first 60 are read whole; the answer is the same for every
//! resident of one community, so it is held for a minute rather than ranked on every request.
//!
//! Any accepted post on this server drops every held list (`AppState::changed_here`): a listing
//! edited, a provider suspended or an order that fills a slot shows at once here, and within a
//! minute through another server, as the pages held for anonymous readers do.
use super::view::MarketView;
use crate::prefs::Lang;
use std::time::Duration;

/// What a list depends on besides the listings themselves.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    pub lang: Lang,
    pub q: String,
    pub category: String,
    /// The community asked for (empty: the reader's home, or every community).
    pub community: String,
    /// The reader's home community and building's place (the list's distance order), as bits.
    pub home: Option<String>,
    pub place: Option<(u64, u64)>,
    /// The deployment's minute: a test's clock moves it too.
    pub minute: i64,
}

pub type MarketLists = crate::web::Recent<ListKey, MarketView>;

/// Lists held at most: each is a page of 60 cards, some 30 KB.
const MOST_LISTS: usize = 256;

pub fn market_lists() -> MarketLists {
    MarketLists::new(|_| Duration::from_secs(60), MOST_LISTS)
}
