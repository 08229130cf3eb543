//! 电子证照: an item whose result is a certificate (残疾人证, 居住证, a benefit approval …) issues
//! it on approval, signed with the department's Ed25519 key, into the resident's wallet
//! (`/me/certificates`). Anyone can check one: the QR on it opens `/verify/{serial}` (genuine,
//! current, expired or revoked, and nothing about the holder); a downloaded document is checked
//! at `/verify` against the keys published at `/.well-known/linli-keys.json`; and the holder can
//! show chosen facts for a limited time through a share link (`/verify/s/{token}`). The issuing
//! department can revoke; revocation and expiry are honoured on every one of those pages.
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod issue;
#[cfg(feature = "ssr")]
pub mod load;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod signing;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A certificate's state on a given day, from its record: the order matters (a revoked
/// certificate that has also expired reads as revoked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Current,
    Expired,
    Revoked,
}

impl Standing {
    /// `valid_until` and `today` are `YYYY-MM-DD`, which order as text.
    pub fn of(revoked: bool, valid_until: &str, today: &str) -> Self {
        if revoked {
            Standing::Revoked
        } else if today > valid_until {
            Standing::Expired
        } else {
            Standing::Current
        }
    }

    /// What a verifier is told, given whether the signature holds.
    pub fn verdict_id(self, genuine: bool) -> &'static str {
        match (genuine, self) {
            (false, _) => "certificates-verdict-not-genuine",
            (true, Standing::Current) => "certificates-verdict-genuine-current",
            (true, Standing::Expired) => "certificates-verdict-expired",
            (true, Standing::Revoked) => "certificates-verdict-revoked",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Standing::Current => "certificates-current",
            Standing::Expired => "certificates-expired",
            Standing::Revoked => "certificates-revoked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateCard {
    pub serial: String,
    pub title: String,
    pub issuer: String,
    pub issued_on: String,
    pub valid_until: String,
    pub standing: Standing,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
}

/// A share link still open: what it shows and until when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareView {
    pub id: i64,
    pub shows: String,
    pub until: String,
}

/// One certificate as its holder, or an officer of the issuing department, sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    pub card: CertificateCard,
    pub holder_name: String,
    pub holder_id_masked: String,
    pub facts: Vec<FactView>,
    /// Whether the stored signature still verifies under the published key.
    pub genuine: bool,
    pub revoke_reason: String,
    /// The public status page, and its QR code (SVG) for paper and screens.
    pub verify_link: String,
    pub verify_qr: String,
    pub shares: Vec<ShareView>,
    /// The application that issued it, for the page's back link.
    pub ref_no: Option<String>,
    /// Seen by an officer of the issuing department (who may revoke), not by the holder.
    pub officer: bool,
}

/// What a verifier sees: genuineness and standing always; the holder's facts only through a
/// share link, and only those the holder chose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerifyView {
    pub card: CertificateCard,
    pub genuine: bool,
    pub shown: Vec<FactView>,
    /// For a share link: until when it opens.
    pub share_until: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyView {
    pub kid: String,
    pub department: String,
    pub department_code: String,
    pub created: String,
    pub retired: Option<String>,
}

/// What a share link may show besides the certificate itself.
pub const SHOWABLE: [(&str, &str); 3] =
    [("name", "certificates-show-name"), ("id", "certificates-show-id"), ("facts", "certificates-show-facts")];

/// How long a share link may last, in minutes, with each choice's label.
pub const SHARE_MINUTES: [(i64, &str); 3] =
    [(10, "certificates-for-10-minutes"), (60, "certificates-for-an-hour"), (1440, "certificates-for-a-day")];

#[cfg(feature = "ssr")]
fn failed(e: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(error = %e, "loading a certificate page failed");
    ServerFnError::new("internal error")
}

#[server(endpoint = "certificates/mine")]
pub async fn load_my_certificates() -> Result<Option<Vec<CertificateCard>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    load::cards(&state, &user).await.map(Some).map_err(failed)
}

/// The holder's certificate (`officer` false) or, for an officer of the issuing department, the
/// same with the revoke form; `None` to anyone else.
#[server(endpoint = "certificates/one")]
pub async fn load_certificate(serial: String, officer: bool) -> Result<Option<CertificateView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    load::one(&state, &user, &serial, officer).await.map_err(failed)
}

/// The public status of a certificate, by serial (rate limited per address).
#[server(endpoint = "certificates/verify")]
pub async fn load_verification(serial: String) -> Result<Option<VerifyView>, ServerFnError> {
    // `/verify` without a serial shows only the paste box: nothing to look up or count.
    if serial.trim().is_empty() {
        return Ok(None);
    }
    let state = crate::state::app_state()?;
    load::within_limit(&state).await?;
    load::verification(&state, &serial).await.map_err(failed)
}

/// A holder's share link: what they chose to show, while it is open (each look audited).
#[server(endpoint = "certificates/shared")]
pub async fn load_share(token: String) -> Result<Option<VerifyView>, ServerFnError> {
    let state = crate::state::app_state()?;
    load::within_limit(&state).await?;
    load::shared(&state, &token).await.map_err(failed)
}

/// Every department's signing keys, for an admin.
#[server(endpoint = "certificates/keys")]
pub async fn load_keys() -> Result<Option<Vec<KeyView>>, ServerFnError> {
    let state = crate::state::app_state()?;
    match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => load::keys(&state).await.map(Some).map_err(failed),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::Standing;

    #[test]
    fn standing_follows_revocation_then_the_last_valid_day() {
        assert_eq!(Standing::of(false, "2027-12-01", "2026-12-02"), Standing::Current);
        assert_eq!(Standing::of(false, "2026-12-02", "2026-12-02"), Standing::Current, "valid through its last day");
        assert_eq!(Standing::of(false, "2026-12-01", "2026-12-02"), Standing::Expired);
        assert_eq!(Standing::of(true, "2026-12-01", "2026-12-02"), Standing::Revoked);
        assert_eq!(Standing::of(true, "2030-01-01", "2026-12-02"), Standing::Revoked);
    }
}
