//! Server functions of the catalogue: thin, they call into `ssr`.
use super::{Service, ServiceList, ServiceQuery};
use leptos::prelude::*;

#[server(endpoint = "catalogue/list")]
pub async fn list_services(query: ServiceQuery) -> Result<ServiceList, ServerFnError> {
    let state = crate::state::app_state()?;
    let catalogue = state.catalogue.get(&*state.store).await.map_err(|e| {
        tracing::error!(error = %e, "reading the catalogue failed");
        ServerFnError::new("internal error")
    })?;
    let list = ssr::list(&catalogue, &query, crate::prefs::server_viewer().lang);
    // A search alone that found nothing is demand the catalogue does not meet (需求分析).
    let search_only = query.dept.is_empty() && query.event.is_empty() && query.group.is_empty();
    if list.total == 0 && search_only && !query.q.trim().is_empty() {
        crate::insights::details::ssr::note_search_miss(&state, &query.q).await;
    }
    Ok(list)
}

#[server(endpoint = "catalogue/item")]
pub async fn get_service(code: String) -> Result<Option<Service>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = crate::prefs::server_viewer().lang;
    let found = match state.catalogue.get(&*state.store).await {
        Ok(catalogue) => ssr::one(&*state.store, &catalogue, &code, lang).await,
        Err(e) => Err(e),
    };
    found.map_err(|e| {
        tracing::error!(error = %e, "loading a service failed");
        ServerFnError::new("internal error")
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::{search, Channel, Department, Service, ServiceDetail, ServiceList, ServiceQuery, ServiceSummary, PAGE_SIZE};
    use crate::prefs::Lang;
    use super::super::snapshot::Catalogue;
    use crate::storage::{DepartmentRow, ServiceRow, Store, StoreResult};

    fn department(code: &str, departments: &[DepartmentRow]) -> Department {
        departments
            .iter()
            .find(|d| d.code == code)
            .map(|d| Department { code: d.code.clone(), name: d.name.clone(), name_en: d.name_en.clone() })
            .unwrap_or_else(|| Department { code: code.into(), name: code.into(), name_en: code.into() })
    }

    fn split(csv: &str) -> Vec<String> {
        csv.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
    }

    pub fn to_service(row: &ServiceRow, departments: &[DepartmentRow]) -> Service {
        let detail: ServiceDetail = serde_json::from_str(&row.detail_json).unwrap_or_else(|e| {
            tracing::error!(code = %row.code, error = %e, "stored service detail is not valid");
            ServiceDetail::default()
        });
        Service {
            code: row.code.clone(),
            name: row.name.clone(),
            name_en: row.name_en.clone(),
            department: department(&row.department_code, departments),
            category: row.category.clone(),
            life_events: split(&row.life_events),
            target_groups: split(&row.target_groups),
            channel: Channel::parse(&row.channel).unwrap_or(Channel::Offline),
            time_limit_days: row.time_limit_days,
            detail,
            promised_by: String::new(),
        }
    }

    fn summary(row: &ServiceRow, departments: &[DepartmentRow], lang: Lang) -> ServiceSummary {
        let english = lang == Lang::En && !row.summary_en.is_empty();
        let department = department(&row.department_code, departments);
        ServiceSummary {
            code: row.code.clone(),
            name: row.name.clone(),
            name_en: row.name_en.clone(),
            department: department.name,
            department_en: department.name_en,
            category: if english { row.category_en.clone() } else { row.category.clone() },
            channel: Channel::parse(&row.channel).unwrap_or(Channel::Offline),
            time_limit_days: row.time_limit_days,
            summary: if english { row.summary_en.clone() } else { row.summary.clone() },
        }
    }

    fn has(csv: &str, code: &str) -> bool {
        code.is_empty() || csv.split(',').any(|c| c == code)
    }

    /// Filters by department, life event and group, then ranks by the search query.
    pub fn list(catalogue: &Catalogue, query: &ServiceQuery, lang: Lang) -> ServiceList {
        let (departments, rows) = (&catalogue.departments, &catalogue.services);
        let q: String = query.q.chars().take(50).collect();
        let mut hits: Vec<(u32, &ServiceRow)> = rows
            .iter()
            .filter(|r| query.dept.is_empty() || r.department_code == query.dept)
            .filter(|r| has(&r.life_events, &query.event) && has(&r.target_groups, &query.group))
            .filter_map(|r| {
                search::score(&q, &r.name, &r.search_text, &r.pinyin_full, &r.pinyin_initials).map(|s| (s, r))
            })
            .collect();
        // Best match first; ties keep catalogue order (department, code).
        hits.sort_by(|a, b| b.0.cmp(&a.0));
        let total = hits.len();
        let pages = total.div_ceil(PAGE_SIZE).max(1) as u32;
        let page = query.page.clamp(1, pages);
        let items: Vec<ServiceSummary> = hits
            .into_iter()
            .skip((page as usize - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|(_, r)| summary(r, departments, lang))
            .collect();
        ServiceList {
            total,
            page,
            pages,
            items,
            departments: departments
                .iter()
                .map(|d| Department { code: d.code.clone(), name: d.name.clone(), name_en: d.name_en.clone() })
                .collect(),
        }
    }

    pub async fn one(store: &dyn Store, catalogue: &Catalogue, code: &str, lang: Lang) -> StoreResult<Option<Service>> {
        // The held rows carry summaries; the guide's whole document is read by its key.
        let Some(row) = store.service(code).await? else { return Ok(None) };
        let mut service = to_service(&row, &catalogue.departments);
        if lang == Lang::En && !row.category_en.is_empty() {
            service.category = row.category_en.clone();
        }
        service.detail = std::mem::take(&mut service.detail).in_language(lang);
        service.promised_by = crate::calendar::ssr::deadline_from_today(store, service.time_limit_days).await?;
        Ok(Some(service))
    }
}
