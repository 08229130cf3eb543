//! The seeded catalogue: real community services of a district, kept as data (`services.json`)
//! so adding a service needs no code. Stored idempotently at every start.
use super::search::pinyin_keys;
use super::facets::DEPARTMENTS;
use super::{Channel, ServiceDetail};
use crate::storage::{DepartmentRow, ServiceRow, Store, StoreResult};
use serde::Deserialize;


#[derive(Debug, Deserialize)]
pub struct SeedService {
    pub code: String,
    pub dept: String,
    pub name: String,
    pub name_en: String,
    pub category: String,
    pub events: Vec<String>,
    pub groups: Vec<String>,
    pub channel: Channel,
    pub days: i64,
    #[serde(flatten)]
    pub detail: ServiceDetail,
}

pub fn seed_services() -> Vec<SeedService> {
    serde_json::from_str(include_str!("services.json")).expect("services.json is valid")
}

pub fn to_row(s: &SeedService) -> ServiceRow {
    let terms = std::iter::once(s.name.as_str()).chain(s.detail.keywords.iter().map(String::as_str));
    let (pinyin_full, pinyin_initials) = pinyin_keys(terms);
    let search_text = super::search::search_text(&s.name, s.detail.keywords.iter().map(String::as_str), &s.detail.summary);
    ServiceRow {
        code: s.code.clone(),
        department_code: s.dept.clone(),
        name: s.name.clone(),
        name_en: s.name_en.clone(),
        category: s.category.clone(),
        life_events: s.events.join(","),
        target_groups: s.groups.join(","),
        channel: s.channel.as_str().to_string(),
        time_limit_days: s.days,
        summary: s.detail.summary.clone(),
        summary_en: s.detail.en.as_ref().map(|e| e.summary.clone()).unwrap_or_default(),
        category_en: s.detail.en.as_ref().map(|e| e.category.clone()).unwrap_or_default(),
        search_text,
        pinyin_full,
        pinyin_initials,
        detail_json: serde_json::to_string(&s.detail).expect("detail serialises"),
    }
}

pub async fn seed_catalogue(store: &dyn Store) -> StoreResult<usize> {
    for (code, name, name_en) in DEPARTMENTS {
        store
            .upsert_department(&DepartmentRow { code: code.to_string(), name: name.to_string(), name_en: name_en.to_string() })
            .await?;
    }
    let services = seed_services();
    for s in &services {
        store.upsert_service(&to_row(s)).await?;
    }
    Ok(services.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::facets::{LIFE_EVENTS, TARGET_GROUPS};

    #[test]
    fn seed_is_complete_and_consistent() {
        let services = seed_services();
        assert!(services.len() >= 40, "only {} services", services.len());
        let mut codes = std::collections::HashSet::new();
        for s in &services {
            assert!(codes.insert(s.code.clone()), "duplicate code {}", s.code);
            assert!(DEPARTMENTS.iter().any(|d| d.0 == s.dept), "{}: unknown department {}", s.code, s.dept);
            for e in &s.events {
                assert!(LIFE_EVENTS.iter().any(|x| x.0 == e), "{}: unknown life event {e}", s.code);
            }
            for g in &s.groups {
                assert!(TARGET_GROUPS.iter().any(|x| x.0 == g), "{}: unknown group {g}", s.code);
            }
            let d = &s.detail;
            assert!(!d.summary.is_empty() && !d.conditions.is_empty() && !d.materials.is_empty(), "{} incomplete", s.code);
            assert!(!d.steps.is_empty() && !d.fee.is_empty() && !d.faqs.is_empty(), "{} incomplete", s.code);
            assert!(s.channel == Channel::Online || !d.offline.is_empty(), "{}: where to go?", s.code);
        }
        let depts: std::collections::HashSet<_> = services.iter().map(|s| s.dept.as_str()).collect();
        assert!(depts.len() >= 9);
    }
}
