//! Where the request being served came from, for the audit rows it writes: the client address
//! and its browser, set once per request by the server (`ORIGIN.scope`) so that every audit
//! insert, in any capability's transaction, carries them without each call passing them on.
//! Work outside a request (sweeps, the CLI) writes empty values.

#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub addr: String,
    pub user_agent: String,
    /// The self-service terminal the request came from, if any: sessions begun there name it.
    pub kiosk: Option<i64>,
}

tokio::task_local! {
    pub static ORIGIN: Origin;
}

pub fn addr() -> String {
    ORIGIN.try_with(|o| o.addr.clone()).unwrap_or_default()
}

pub fn user_agent() -> String {
    ORIGIN.try_with(|o| o.user_agent.clone()).unwrap_or_default()
}

pub fn kiosk() -> Option<i64> {
    ORIGIN.try_with(|o| o.kiosk).ok().flatten()
}
