//! How long each kind of personal data is kept, as one table, and the job that applies it. The
//! admin page (`/admin/retention`) draws the same table, so what is promised is what runs.
use serde::{Deserialize, Serialize};

const DAY: i64 = 24 * 3600;

/// One kind of data and its period. `seconds` of `None`: kept as long as its record (see `basis`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub kind: Kind,
    pub seconds: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Sessions,
    Codes,
    CodeMessages,
    NoticeMessages,
    SecurityMessages,
    UnattachedUploads,
    Audit,
    CertificateShares,
}

impl Kind {
    /// The message ids naming the kind and the reason for its period.
    pub fn label_and_basis(self) -> (&'static str, &'static str) {
        match self {
            Kind::Sessions => ("retention-sessions", "retention-sessions-basis"),
            Kind::Codes => ("retention-codes", "retention-codes-basis"),
            Kind::CodeMessages => ("retention-code-messages", "retention-code-messages-basis"),
            Kind::NoticeMessages => ("retention-notice-messages", "retention-notice-messages-basis"),
            Kind::SecurityMessages => ("retention-security-messages", "retention-security-messages-basis"),
            Kind::UnattachedUploads => ("retention-uploads", "retention-uploads-basis"),
            Kind::Audit => ("retention-audit", "retention-audit-basis"),
            Kind::CertificateShares => ("retention-certificate-shares", "retention-certificate-shares-basis"),
        }
    }
}

pub const RULES: [Rule; 8] = [
    Rule { kind: Kind::Sessions, seconds: Some(0) },
    Rule { kind: Kind::Codes, seconds: Some(2 * DAY) },
    Rule { kind: Kind::CodeMessages, seconds: Some(DAY) },
    Rule { kind: Kind::NoticeMessages, seconds: Some(180 * DAY) },
    Rule { kind: Kind::SecurityMessages, seconds: Some(180 * DAY) },
    Rule { kind: Kind::UnattachedUploads, seconds: Some(3600) },
    // 《网络安全法》第二十一条: network logs at least six months; kept three years so that a
    // resident's complaint, review or lawsuit about a case can still see who looked at it.
    Rule { kind: Kind::Audit, seconds: Some(3 * 365 * DAY) },
    // A share link's record (which certificate, what it showed) goes when the link runs out;
    // each look through it stays in the audit log.
    Rule { kind: Kind::CertificateShares, seconds: Some(0) },
];

/// What one run removed, per kind (stored for the admin page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub at: i64,
    pub removed: Vec<(Kind, u64)>,
}

#[cfg(feature = "ssr")]
pub const LAST_RUN_SETTING: &str = "retention_last_run";

/// Applies every rule once (uploads are swept by `uploads::sweep`, on its own schedule).
#[cfg(feature = "ssr")]
pub async fn run_once(store: &dyn crate::storage::Store, now: i64) -> crate::storage::StoreResult<Report> {
    let mut removed = Vec::new();
    for rule in RULES {
        let Some(period) = rule.seconds else { continue };
        let before = now - period;
        let n = match rule.kind {
            Kind::Sessions => store.purge_expired_sessions(now).await?,
            Kind::Codes => store.purge_trust_records(before).await?,
            Kind::CodeMessages => store.purge_outbox_bodies("code", before).await?,
            Kind::NoticeMessages => store.purge_outbox_bodies("notice", before).await?,
            Kind::SecurityMessages => store.purge_outbox_bodies("security", before).await?,
            Kind::UnattachedUploads => continue,
            Kind::Audit => store.purge_audit(before).await?,
            Kind::CertificateShares => store.purge_expired_certificate_shares(before).await?,
        };
        removed.push((rule.kind, n));
    }
    let report = Report { at: now, removed };
    let json = serde_json::to_string(&report).unwrap_or_default();
    store.set_setting(LAST_RUN_SETTING, &json).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_rule_and_the_audit_outlives_six_months() {
        let mut kinds: Vec<String> = RULES.iter().map(|r| format!("{:?}", r.kind)).collect();
        kinds.dedup();
        assert_eq!(kinds.len(), RULES.len());
        let audit = RULES.iter().find(|r| r.kind == Kind::Audit).and_then(|r| r.seconds).unwrap();
        assert!(audit >= 183 * DAY, "the Cybersecurity Law asks for at least six months of logs");
        let codes = RULES.iter().find(|r| r.kind == Kind::CodeMessages).and_then(|r| r.seconds).unwrap();
        assert!(codes <= DAY, "a code's text is useless after five minutes");
    }
}
