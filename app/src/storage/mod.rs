//! The database, as every capability sees it: the `linli-storage` crate (the `Store` interface,
//! one implementation per engine, migrations), kept in its own crate so that changing a page
//! does not recompile the SQL, plus the helpers the tests of both crates share.
pub use linli_storage::*;
pub mod testing;
#[cfg(test)]
mod sealed_tests;
#[cfg(test)]
mod search_terms_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod queue_tests;
