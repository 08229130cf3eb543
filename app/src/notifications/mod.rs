//! 消息通知: an in-app inbox for every status change, reminder and request for corrections; SMS and
//! e-mail through one `Sender` trait. Messages are queued in the outbox table in the same
//! transaction as the change they announce, then delivered by the configured sender.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod sender;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxItem {
    pub at: String,
    pub text: String,
    pub ref_no: Option<String>,
    /// Where the message points when it is not an application (feedback, a rectification case).
    pub link: Option<String>,
    pub unread: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub sms: bool,
    pub email: bool,
    pub email_address: String,
    pub phone_masked: String,
    pub is_officer: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub at: String,
    pub channel: String,
    pub recipient: String,
    pub body: String,
    pub status: String,
    pub sender: String,
}

#[server(endpoint = "notifications/inbox")]
pub async fn load_inbox() -> Result<Option<Inbox>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    let lang = crate::prefs::server_viewer().lang;
    let failed = |e: crate::storage::StoreError| {
        tracing::error!(error = %e, "loading the inbox failed");
        ServerFnError::new("internal error")
    };
    let rows = state.store.inbox(user.id, 100).await.map_err(failed)?;
    let prefs = state.store.notify_prefs(user.id).await.map_err(failed)?;
    Ok(Some(Inbox {
        items: rows
            .into_iter()
            .map(|n| InboxItem {
                at: crate::time::format_local(n.at),
                text: if lang == crate::prefs::Lang::En { n.text_en } else { n.text_zh },
                ref_no: n.ref_no,
                link: n.link,
                unread: n.read_at.is_none(),
            })
            .collect(),
        sms: prefs.sms == 1,
        email: prefs.email == 1,
        email_address: prefs.email_address,
        phone_masked: crate::accounts::validate::mask_phone(&user.phone),
        is_officer: user.role == crate::prefs::Role::Officer,
    }))
}

/// The outbox, for administrators. Recipients are masked.
#[server(endpoint = "notifications/outbox")]
pub async fn load_outbox() -> Result<Option<Vec<OutboxItem>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let admin = match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => u,
        _ => return Ok(None),
    };
    // Bodies hold codes and addresses: every look is on the record.
    if let Err(e) = crate::web::with_origin(state.store.audit(state.now(), Some(admin.id), None, "outbox_viewed", "")).await {
        tracing::error!(error = %e, "audit write failed");
        return Err(ServerFnError::new("internal error"));
    }
    let rows = state.store.outbox(200).await.map_err(|e| {
        tracing::error!(error = %e, "loading the outbox failed");
        ServerFnError::new("internal error")
    })?;
    Ok(Some(
        rows.into_iter()
            .map(|o| OutboxItem {
                at: crate::time::format_local(o.at),
                recipient: sender::masked_recipient(&o),
                channel: o.channel,
                body: o.body,
                status: o.status,
                sender: o.sender,
            })
            .collect(),
    ))
}

pub fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// What one deadline sweep did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sweep {
    pub reminded: usize,
    pub alerted: usize,
    pub completed: usize,
}
