//! Storage for residents' rights over their data (个人信息保护法): the files an account owns
//! (for the export) and closing an account (注销), which deletes or anonymises in one transaction.
use super::{FileRow, StoreResult};
use async_trait::async_trait;

/// What closing an account needs besides its id.
#[derive(Clone, Debug)]
pub struct Closure {
    pub user_id: i64,
    /// The keyed hash of the account's phone: its codes and sign-in failures go too.
    pub phone_key: String,
    /// Order and application states that count as finished (from the lifecycle tables).
    pub finished_orders: Vec<&'static str>,
}

/// Staff, holding the card, move an ID number from the account that holds it to the account
/// that claims it.
#[derive(Clone, Debug)]
pub struct IdMove {
    pub claimant_id: i64,
    pub claim_key: String,
    /// The number itself, as typed from the card (its hash is `claim_key`).
    pub id_number: String,
    pub staff_id: i64,
    pub community: String,
    /// Application states that are still running (frozen on the account that loses the number).
    pub open_states: Vec<&'static str>,
    /// For both people and the departments of the frozen applications.
    pub notices: Vec<super::Notice>,
}

#[async_trait]
pub trait PrivacyStore: Send + Sync {
    /// Every file the account owns: its wallet, the materials it sent, its feedback photos.
    async fn files_owned_by(&self, owner_id: i64) -> StoreResult<Vec<FileRow>>;
    /// 注销: the account can no longer sign in and no longer names anyone. Its sessions, inbox,
    /// notification settings, delegations, invitations, codes and wallet files (those no
    /// application holds) are deleted; finished orders lose their address and phone; feedback
    /// loses its reporter's name and contact; message bodies sent to it are blanked. What
    /// departments must keep (applications, their materials, the audit log) stays, linked to
    /// the anonymised account. Returns the stored names of the files deleted, for the disk.
    async fn close_account(&self, closure: &Closure, now: i64) -> StoreResult<Vec<String>>;
    /// Settles a dispute in one transaction: the holder loses the number (and its confirmed
    /// identity) and its open applications are frozen with an event; the claimant gets the
    /// number, confirmed in person; both are audited and told. False when the claim is gone.
    async fn move_id_number(&self, m: &IdMove, now: i64) -> StoreResult<bool>;
}
