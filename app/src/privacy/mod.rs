//! 个人信息保护: how long each kind of personal data is kept (`retention`), shown to admins at
//! `/admin/retention` together with what the last run removed; and each resident's own data at
//! `/me/data` (download, 注销).
#[cfg(feature = "ssr")]
pub mod my_data;
pub mod my_data_pages;
pub mod pages;
pub mod retention;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetentionRow {
    pub label: String,
    pub period: String,
    pub basis: String,
    pub removed_last_run: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetentionView {
    pub rows: Vec<RetentionRow>,
    pub last_run: Option<String>,
}

/// `None` unless the viewer is an admin.
#[server(endpoint = "privacy/retention")]
pub async fn load_retention() -> Result<Option<RetentionView>, ServerFnError> {
    let state = crate::state::app_state()?;
    match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => {}
        _ => return Ok(None),
    }
    let lang = crate::prefs::server_viewer().lang;
    let last = state.store.setting(retention::LAST_RUN_SETTING).await.map_err(|e| {
        tracing::error!(error = %e, "loading the retention report failed");
        ServerFnError::new("internal error")
    })?;
    let report: Option<retention::Report> = last.and_then(|json| serde_json::from_str(&json).ok());
    let rows = retention::RULES
        .iter()
        .map(|rule| {
            let (label, basis) = rule.kind.label_and_basis();
            RetentionRow {
                label: crate::i18n::text(lang, label).to_string(),
                period: ssr::period_text(rule.seconds, lang),
                basis: crate::i18n::text(lang, basis).to_string(),
                removed_last_run: report.as_ref().and_then(|r| r.removed.iter().find(|(k, _)| *k == rule.kind).map(|(_, n)| *n)),
            }
        })
        .collect();
    Ok(Some(RetentionView { rows, last_run: report.map(|r| crate::time::format_local(r.at)) }))
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::prefs::Lang;

    pub fn period_text(seconds: Option<i64>, lang: Lang) -> String {
        match seconds {
            None => crate::i18n::text(lang, "retention-with-record").to_string(),
            Some(0) => crate::i18n::text(lang, "retention-at-expiry").to_string(),
            Some(s) if s % 86_400 == 0 => crate::i18n::text_with(lang, "retention-days", [("n", (s / 86_400).into())]),
            Some(s) => crate::i18n::text_with(lang, "retention-hours", [("n", (s / 3_600).max(1).into())]),
        }
    }
}
