//! Units that own feedback and ratings: a department (its officers) or a community (its staff).
use crate::prefs::Role;
use crate::storage::{Store, StoreResult, UserRecord};

/// The unit a staff member or officer works for: ("department", code) or ("community", code).
pub fn unit_of(user: &UserRecord) -> Option<(String, String)> {
    match user.role {
        Role::Officer => user.department_code.clone().map(|d| ("department".into(), d)),
        Role::Staff => user.community_code.clone().map(|c| ("community".into(), c)),
        _ => None,
    }
}

pub fn works_for(user: &UserRecord, kind: &str, code: &str) -> bool {
    unit_of(user).is_some_and(|(k, c)| k == kind && c == code)
}

/// Everyone of a unit, or only its supervisors. Community staff are few and all of them answer
/// for the community, so each is told.
pub async fn members(store: &dyn Store, kind: &str, code: &str, supervisors_only: bool) -> StoreResult<Vec<i64>> {
    let users = if kind == "department" { store.officers(code, supervisors_only).await? } else { store.community_staff(code).await? };
    Ok(users.into_iter().map(|u| u.id).collect())
}

/// Every unit by (kind, code) with its Chinese and English names.
pub async fn all(store: &dyn Store) -> StoreResult<Vec<(String, String, String, String)>> {
    let mut out: Vec<(String, String, String, String)> = store
        .departments()
        .await?
        .into_iter()
        .map(|d| ("department".into(), d.code, d.name, d.name_en))
        .collect();
    for b in store.first_building_of_each_community().await? {
        let (zh, en) = (b.community_label(crate::prefs::Lang::Zh).replace(' ', ""), b.community_label(crate::prefs::Lang::En));
        out.push(("community".into(), b.community_code, zh, en));
    }
    Ok(out)
}

pub fn name_in(units: &[(String, String, String, String)], kind: &str, code: &str, lang: crate::prefs::Lang) -> String {
    units
        .iter()
        .find(|u| u.0 == kind && u.1 == code)
        .map(|u| if lang == crate::prefs::Lang::En { u.3.clone() } else { u.2.clone() })
        .unwrap_or_else(|| code.to_string())
}

/// Who owns a new item of this category at this place: the community when the category is
/// community-owned and the place has one, otherwise the category's department.
pub fn owner(category: &crate::storage::CategoryRow, community: Option<&str>) -> (String, String) {
    match community {
        Some(c) if category.by_community == 1 => ("community".into(), c.to_string()),
        _ => ("department".into(), category.department_code.clone()),
    }
}
