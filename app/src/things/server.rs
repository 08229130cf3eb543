//! Server functions behind the bundle pages. `None` means "not found" to the page, whether the
//! bundle does not exist or is not the viewer's to see.
use super::view::*;
use leptos::prelude::*;

#[server(endpoint = "things/list")]
pub async fn load_things() -> Result<(Vec<ThingCard>, Vec<BundleSummary>), ServerFnError> {
    use crate::applications::server::failed;
    let state = crate::state::app_state()?;
    let lang = crate::prefs::server_viewer().lang;
    let cards = ssr::cards(&state, lang).await.map_err(failed)?;
    let mine = match crate::accounts::server::ssr::current_user() {
        Some(user) => ssr::mine(&state, &user, lang).await.map_err(failed)?,
        None => Vec::new(),
    };
    Ok((cards, mine))
}

#[server(endpoint = "things/form")]
pub async fn load_thing_form(code: String, for_id: Option<i64>, who: Option<String>) -> Result<Option<ThingForm>, ServerFnError> {
    use crate::applications::server::{failed, not_theirs};
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::form(&state, &user, &code, for_id, who.as_deref().unwrap_or_default()).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "things/bundle")]
pub async fn load_bundle(ref_no: String) -> Result<Option<BundleView>, ServerFnError> {
    use crate::applications::server::{failed, not_theirs};
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::bundle(&state, &user, &ref_no).await.map(not_theirs).map_err(failed)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::{all, find, plan, chain_days, Planned, Thing};
    use super::*;
    use crate::applications::access::{acting_for, application_access, Access};
    use crate::applications::build::{self, department_name};
    use crate::applications::server::ssr::{choices, origin_of, with_certificates, with_chosen};
    use crate::applications::{event_label, steps, Status};
    use crate::catalogue::{ApplyForm, ServiceDetail};
    use crate::prefs::Lang;
    use crate::state::AppState;
    use crate::storage::{ServiceRow, Store, StoreResult, UserRecord};
    use crate::time::format_local;

    /// A bundle's items with their catalogue rows and forms, in the bundle's order.
    pub struct Item {
        pub service: ServiceRow,
        pub form: ApplyForm,
        pub certificate_material: Option<String>,
    }

    pub async fn items(store: &dyn Store, thing: &Thing, lang: Lang) -> StoreResult<Option<Vec<Item>>> {
        let mut out = Vec::new();
        for part in &thing.parts {
            let Some(service) = store.service(&part.service).await?.filter(|s| s.channel != "offline") else { return Ok(None) };
            let detail = serde_json::from_str::<ServiceDetail>(&service.detail_json).unwrap_or_default().in_language(lang);
            let Some(form) = detail.form else { return Ok(None) };
            out.push(Item { service, form, certificate_material: detail.certificate.map(|c| c.material).filter(|m| !m.is_empty()) });
        }
        Ok(Some(out))
    }

    fn name_of(service: &ServiceRow, lang: Lang) -> String {
        if lang == Lang::En { service.name_en.clone() } else { service.name.clone() }
    }

    /// Each material slot once, labelled by the first item asking for it; a slot is left out
    /// of a part whose prerequisite's e-certificate will fill it. `required` counts only
    /// the parts given by `counts`.
    pub fn union_slots(planned: &[Planned], items: &[&Item], counts: impl Fn(usize) -> bool) -> Vec<(String, String, bool)> {
        let mut out: Vec<(String, String, bool)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            for m in &item.form.materials {
                if carried(planned, items, i, &m.kind) {
                    continue;
                }
                let required = m.required && counts(i);
                match out.iter_mut().find(|s| s.0 == m.kind) {
                    Some(s) => s.2 |= required,
                    None => out.push((m.kind.clone(), m.label.clone(), required)),
                }
            }
        }
        out
    }

    /// Whether part `i`'s slot `kind` is filled by the e-certificate its prerequisite issues.
    pub fn carried(planned: &[Planned], items: &[&Item], i: usize, kind: &str) -> bool {
        planned[i].after.is_some_and(|a| items[a].certificate_material.as_deref() == Some(kind))
    }

    /// Each field once, as the first item asking for it defines it; required as `counts` says.
    pub fn union_fields(items: &[&Item], counts: impl Fn(usize) -> bool) -> Vec<(crate::catalogue::FormField, bool)> {
        let mut out: Vec<(crate::catalogue::FormField, bool)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            for f in &item.form.fields {
                let required = f.required && counts(i);
                match out.iter_mut().find(|(g, _)| g.key == f.key) {
                    Some((_, r)) => *r |= required,
                    None => out.push((f.clone(), required)),
                }
            }
        }
        out
    }

    pub async fn cards(state: &AppState, lang: Lang) -> StoreResult<Vec<ThingCard>> {
        // The catalogue as held in memory (refreshed each minute), not read again per visit.
        let catalogue = state.catalogue.get(&*state.store).await?;
        let services = &catalogue.services;
        Ok(all()
            .iter()
            .map(|t| ThingCard {
                code: t.code.clone(),
                name: t.name_in(lang).to_string(),
                summary: t.summary_in(lang).to_string(),
                items: t.parts.iter().filter_map(|p| services.iter().find(|s| s.code == p.service)).map(|s| name_of(s, lang))
                    .collect::<Vec<_>>().join(if lang == Lang::En { ", " } else { "、" }),
            })
            .collect())
    }

    pub async fn form(state: &AppState, user: &UserRecord, code: &str, for_id: Option<i64>, who: &str) -> StoreResult<Option<ThingForm>> {
        let store = &*state.store;
        let Some(thing) = find(code) else { return Ok(None) };
        let Some(items) = items(store, thing, lang_now()).await? else { return Ok(None) };
        let lang = lang_now();
        let acting = acting_for(store, user, for_id).await?;
        let (principal, acting_as) = match acting {
            Some((p, how)) => (Some(p), how),
            None if user.role == crate::prefs::Role::Staff && for_id.is_none() => (None, "staff"),
            None => return Ok(None),
        };
        let planned = plan(thing, |_| true);
        let refs: Vec<&Item> = items.iter().collect();
        let required_part = |i: usize| thing.parts[i].question.is_none();
        let depts = store.departments().await?;
        let days: Vec<i64> = items.iter().map(|i| i.service.time_limit_days).collect();
        let longest_days = chain_days(&planned, &days).into_iter().max().unwrap_or(0);
        let assurance = items.iter().map(|i| i.form.assurance).max().unwrap_or_default();
        let (wallet, gate, applicant, prefilled) = match &principal {
            Some(p) => (
                store.wallet(p.id).await?,
                crate::accounts::assurance::ssr::gate(state, p, assurance, acting_as != "self", lang).await?,
                build::applicant_view(store, p, lang).await?,
                prefill(store, p.id, &refs).await?,
            ),
            None => (Vec::new(), None, build::applicant_view(store, user, lang).await.map(|mut a| { a.id = 0; a })?, Vec::new()),
        };
        let fields = union_fields(&refs, required_part)
            .into_iter()
            .map(|(f, required)| {
                let mut view = build::field_views(&ApplyForm { fields: vec![f], ..Default::default() }, lang).remove(0);
                view.required = required;
                view
            })
            .collect();
        let slots = build::slots(&union_slots(&planned, &refs, required_part), &wallet, lang);
        Ok(Some(ThingForm {
            code: thing.code.clone(),
            name: thing.name_in(lang).to_string(),
            summary: thing.summary_in(lang).to_string(),
            parts: thing.parts.iter().zip(&items).map(|(p, item)| PartChoice {
                service_code: p.service.clone(),
                name: name_of(&item.service, lang),
                department: department_name(&depts, &item.service.department_code, lang),
                days: item.service.time_limit_days,
                question: p.question_in(lang).map(str::to_string),
                after: p.after.as_ref().and_then(|a| items.iter().find(|i| &i.service.code == a)).map(|i| name_of(&i.service, lang)),
            }).collect(),
            longest_days,
            promised_by: crate::calendar::ssr::deadline_from_today(store, longest_days).await?,
            fields,
            slots: with_certificates(state, slots, principal.as_ref().map(|p| p.id)).await?,
            applicant,
            acting_as: acting_as.to_string(),
            choices: with_chosen(choices(state, user, who).await?, principal.as_ref()),
            who: who.to_string(),
            gate,
            prefilled,
        }))
    }

    fn lang_now() -> Lang {
        crate::prefs::server_viewer().lang
    }

    /// The answers the applicant gave before to the same questions (newest first), so a fact
    /// is typed once: not the free-text explanation, which is about each application.
    async fn prefill(store: &dyn Store, applicant: i64, items: &[&Item]) -> StoreResult<Vec<(String, String)>> {
        let keys: Vec<&str> = items.iter().flat_map(|i| i.form.fields.iter()).filter(|f| f.kind != "textarea").map(|f| f.key.as_str()).collect();
        let mut out: Vec<(String, String)> = Vec::new();
        for app in store.applications_of(applicant).await? {
            let values: std::collections::BTreeMap<String, String> = serde_json::from_str(&app.fields_json).unwrap_or_default();
            for (k, v) in values {
                let name = format!("f_{k}");
                if keys.contains(&k.as_str()) && !out.iter().any(|(n, _)| *n == name) {
                    out.push((name, v));
                }
            }
        }
        Ok(out)
    }

    pub async fn mine(state: &AppState, user: &UserRecord, lang: Lang) -> StoreResult<Vec<BundleSummary>> {
        let store = &*state.store;
        let mut out = Vec::new();
        for b in store.bundles_of(user.id).await? {
            let parts = store.bundle_parts(b.id).await?;
            out.push(BundleSummary {
                ref_no: b.ref_no.clone(),
                thing_name: find(&b.thing_code).map(|t| t.name_in(lang).to_string()).unwrap_or(b.thing_code.clone()),
                submitted: format_local(b.submitted_at),
                promised_by: b.promised_by.clone(),
                parts: parts.len(),
                finished: parts.iter().filter(|p| !Status::parse(&p.status).is_some_and(|s| s.is_open())).count(),
            });
        }
        Ok(out)
    }

    pub async fn bundle(state: &AppState, user: &UserRecord, ref_no: &str) -> StoreResult<Option<BundleView>> {
        let store = &*state.store;
        let lang = lang_now();
        let Some(b) = store.bundle_by_ref(ref_no).await? else { return Ok(None) };
        let parts = store.bundle_parts(b.id).await?;
        let Some(first) = parts.first() else { return Ok(None) };
        // The applicant's side only: officers work their own part from the workbench.
        let access = application_access(store, user, first).await?.filter(|a| a.speaks_for_applicant());
        let Some(access) = access else { return Ok(None) };
        if access == Access::Filer {
            crate::web::with_origin(store.audit(state.now(), Some(user.id), Some(b.applicant_id), "staff_viewed_application", &b.ref_no)).await?;
        }
        let depts = store.departments().await?;
        let calendar = crate::calendar::ssr::load(store).await?;
        let today = steps::today();
        // When each part is (expected to be) done, in filing order: prerequisites come first.
        let mut ends: Vec<Option<chrono::NaiveDate>> = Vec::new();
        let mut progress = Vec::new();
        for p in &parts {
            let status = Status::parse(&p.status).unwrap_or(Status::Submitted);
            let before = p.after_id.and_then(|a| parts.iter().position(|q| q.id == a));
            let deadline = if p.waiting == 1 {
                let start = before.and_then(|i| ends[i]).unwrap_or(today).max(today);
                calendar.deadline(start, p.time_limit_days.clamp(0, 3650) as u32).to_string()
            } else {
                p.deadline.clone()
            };
            ends.push(match status {
                Status::Approved => p.finished_at.map(crate::time::day_of),
                Status::Rejected | Status::Withdrawn => None,
                _ => steps::parse_day(&deadline),
            });
            let waiting_for = (p.waiting == 1).then(|| before.map(|i| name_of_row(&parts[i], lang))).flatten();
            let status_label = match &waiting_for {
                Some(_) => crate::i18n::text(lang, "things-waiting").to_string(),
                None => status.label(lang).to_string(),
            };
            progress.push(PartProgress {
                ref_no: p.ref_no.clone(),
                service_name: name_of_row(p, lang),
                department: department_name(&depts, &p.department_code, lang),
                status: if p.waiting == 1 { "waiting".into() } else { p.status.clone() },
                status_label,
                overdue: p.waiting == 0 && steps::is_overdue(status, &p.deadline, p.finished_at, today),
                deadline,
                waiting_for,
            });
        }
        let mut timeline = Vec::new();
        for p in &parts {
            for e in store.events(p.id).await?.into_iter().filter(|e| e.private == 0) {
                timeline.push((e.at, e.id, BundleEvent {
                    at: format_local(e.at),
                    service_name: name_of_row(p, lang),
                    label: event_label(&e.kind, lang).to_string(),
                    note: e.note,
                }));
            }
        }
        timeline.sort_by_key(|(at, id, _)| (*at, *id));
        let expected_by = ends.iter().flatten().max().map(|d| d.to_string()).unwrap_or_else(|| b.promised_by.clone());
        let link = format!("{}/me/things/{}", origin_of(state, leptos::prelude::use_context::<http::request::Parts>().as_ref().map(|p| &p.headers)), b.ref_no);
        Ok(Some(BundleView {
            ref_no: b.ref_no.clone(),
            thing_name: find(&b.thing_code).map(|t| t.name_in(lang).to_string()).unwrap_or(b.thing_code.clone()),
            applicant_name: first.applicant_name.clone(),
            submitted: format_local(b.submitted_at),
            promised_by: b.promised_by.clone(),
            expected_by,
            done: parts.iter().all(|p| !Status::parse(&p.status).is_some_and(|s| s.is_open())),
            parts: progress,
            timeline: timeline.into_iter().map(|(_, _, e)| e).collect(),
            qr_svg: crate::components::qr_svg(&link).unwrap_or_default(),
            link,
        }))
    }

    fn name_of_row(p: &crate::storage::ApplicationRow, lang: Lang) -> String {
        if lang == Lang::En { p.service_name_en.clone() } else { p.service_name.clone() }
    }
}
