//! Wrong passwords slow an account down; they never lock it. Failures are counted per phone and
//! address (both as keyed hashes, so an unknown phone is counted and answered exactly like a
//! known one). From the third failure from one address, that address waits before its next try,
//! twice as long each time; once five failures have come from anywhere, signing in also needs a
//! one-time code sent to the phone, which the owner receives and an attacker does not. The owner
//! is told when that happens. A correct sign-in clears the count.
use crate::state::AppState;
use crate::storage::{FailureRow, StoreResult, FAILURE_WINDOW_SECONDS};
use std::net::IpAddr;

/// Failures from one address before it has to wait.
pub const DELAY_FROM: i64 = 3;
/// Failures from anywhere before a code is needed as well as the password.
pub const CODE_AFTER: i64 = 5;
/// The longest wait between tries from one address.
pub const MAX_DELAY: i64 = 300;

/// Seconds an address waits after its `failures`-th failure: 2, 4, 8, … up to five minutes.
pub fn delay_after(failures: i64) -> i64 {
    if failures < DELAY_FROM {
        return 0;
    }
    let doublings = (failures - DELAY_FROM + 1).min(20) as u32;
    (1i64 << doublings).min(MAX_DELAY)
}

/// Where a phone stands for a sign-in from one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Seconds this address must still wait, if any.
    pub wait: Option<i64>,
    /// Whether a one-time code is needed as well as the password.
    pub code_needed: bool,
    /// Failures from every address.
    pub total: i64,
}

pub fn standing(rows: &[FailureRow], addr_key: &str, now: i64) -> Standing {
    let total = rows.iter().map(|r| r.failures).sum();
    let wait = rows
        .iter()
        .find(|r| r.addr_key == addr_key)
        .map(|r| r.last_at + delay_after(r.failures) - now)
        .filter(|w| *w > 0);
    Standing { wait, code_needed: total >= CODE_AFTER, total }
}

/// One try at a phone from an address: their keyed hashes, and where they stand now. Signing in
/// and the second factor count failures the same way.
pub struct Attempt {
    phone_key: String,
    addr_key: String,
    pub standing: Standing,
}

impl Attempt {
    pub async fn load(state: &AppState, phone: &str, addr: &IpAddr) -> StoreResult<Attempt> {
        let (phone_key, addr_key) = (state.config.keys.phone_key(phone), state.config.keys.addr_key(addr));
        let now = state.now();
        let failures = state.store.sign_in_failures(&phone_key, now - FAILURE_WINDOW_SECONDS).await?;
        let standing = standing(&failures, &addr_key, now);
        Ok(Attempt { phone_key, addr_key, standing })
    }

    pub async fn failed(&self, state: &AppState) -> StoreResult<i64> {
        state.store.record_sign_in_failure(&self.phone_key, &self.addr_key, state.now()).await
    }

    pub async fn succeeded(&self, state: &AppState) -> StoreResult<()> {
        state.store.clear_sign_in_failures(&self.phone_key).await
    }
}

/// Whether this failure is the one that makes a code necessary: the owner is told once.
pub fn crosses_into_code(total_before: i64) -> bool {
    total_before + 1 == CODE_AFTER
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(addr: &str, failures: i64, last_at: i64) -> FailureRow {
        FailureRow { addr_key: addr.into(), failures, last_at }
    }

    #[test]
    fn the_delay_doubles_from_the_third_failure_and_stops_at_five_minutes() {
        let delays: Vec<i64> = (1..=12).map(delay_after).collect();
        assert_eq!(delays, [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(delay_after(10_000), MAX_DELAY);
    }

    #[test]
    fn an_address_waits_for_its_own_failures_only() {
        let rows = [row("attacker", 4, 1_000), row("owner", 0, 0)];
        assert_eq!(standing(&rows, "attacker", 1_001).wait, Some(3));
        assert_eq!(standing(&rows, "attacker", 1_004).wait, None);
        assert_eq!(standing(&rows, "owner", 1_001).wait, None, "the owner's own address is not slowed");
    }

    #[test]
    fn failures_from_anywhere_ask_for_a_code_not_a_lock() {
        let rows = [row("a", 2, 10), row("b", 2, 10)];
        let s = standing(&rows, "c", 11);
        assert_eq!((s.code_needed, s.total, s.wait), (false, 4, None));
        assert!(crosses_into_code(s.total));
        let rows = [row("a", 2, 10), row("b", 3, 10)];
        assert!(standing(&rows, "c", 11).code_needed);
        assert!(!crosses_into_code(5), "the owner is told once");
        assert_eq!(standing(&[], "c", 11), Standing { wait: None, code_needed: false, total: 0 });
    }
}
