//! Server functions behind the feedback pages. `None` means "not found" (or not signed in where
//! that is needed); a signed-in stranger gets a 404 for an item that is neither public nor theirs.
use super::view::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::applications::server::{failed, not_theirs};

#[server(endpoint = "feedback/new")]
pub async fn load_new_feedback(category: Option<String>, building: Option<i64>, lat: Option<String>, lng: Option<String>,
    for_id: Option<i64>, who: Option<String>) -> Result<Option<NewFeedbackView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    let place = (category, building, lat.unwrap_or_default(), lng.unwrap_or_default());
    ssr::new_form(&state, &user, place, for_id, who.unwrap_or_default()).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "feedback/list")]
pub async fn load_feedback_list(category: Option<String>, status: Option<String>) -> Result<FeedbackList, ServerFnError> {
    let state = crate::state::app_state()?;
    ssr::public_list(&state, category.unwrap_or_default(), status.unwrap_or_default()).await.map_err(failed)
}

#[server(endpoint = "feedback/item")]
pub async fn load_feedback(ref_no: String) -> Result<Option<FeedbackDetail>, ServerFnError> {
    let state = crate::state::app_state()?;
    let user = crate::accounts::server::ssr::current_user();
    let found = ssr::detail(&state, user.as_deref(), &ref_no).await.map_err(failed)?;
    // A signed-out visitor gets the sign-in prompt for a private item, a stranger a 404.
    Ok(if user.is_some() { not_theirs(found) } else { found })
}

#[server(endpoint = "feedback/mine")]
pub async fn load_my_feedback() -> Result<Option<Vec<FeedbackSummary>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::mine(&state, &user).await.map(Some).map_err(failed)
}

#[server(endpoint = "feedback/unit")]
pub async fn load_unit_feedback(status: Option<String>, overdue_only: Option<bool>) -> Result<Option<Vec<FeedbackSummary>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::unit_queue(&state, &user, status.unwrap_or_default(), overdue_only.unwrap_or(false)).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "feedback/categories")]
pub async fn load_category_admin() -> Result<Option<(Vec<CategoryAdminRow>, i64)>, ServerFnError> {
    let state = crate::state::app_state()?;
    match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => {
            let rows = ssr::category_admin(&state).await.map_err(failed)?;
            let days = crate::ratings::handlers::rectification_days(&*state.store).await.map_err(failed)?;
            Ok(Some((rows, days)))
        }
        _ => Ok(not_theirs(None)),
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::{event_label, kind_label, status_label, REPLY_TEMPLATES};
    use crate::units;
    use crate::channel::Channel;
    use crate::i18n::text;
    use super::*;
    use crate::applications::steps;
    use crate::prefs::Lang;
    use crate::state::AppState;
    use crate::storage::{CategoryRow, FeedbackQuery, FeedbackRow, StoreResult, UserRecord};

    fn lang() -> Lang {
        crate::prefs::server_viewer().lang
    }

    pub fn category_option(c: &CategoryRow, lang: Lang) -> CategoryOption {
        CategoryOption {
            code: c.code.clone(),
            kind: c.kind.clone(),
            name: if lang == Lang::En { c.name_en.clone() } else { c.name.clone() },
            kind_label: kind_label(&c.kind, lang).into(),
            deadline_days: c.deadline_days,
        }
    }

    /// Open now and past its deadline, or late at any time before (it stays counted).
    pub fn is_overdue(f: &FeedbackRow, today: chrono::NaiveDate) -> bool {
        f.was_overdue == 1 || (crate::feedback::lifecycle::is_running(&f.status) && steps::parse_day(&f.deadline).is_some_and(|d| today > d))
    }

    pub fn summary(f: &FeedbackRow, unit_names: &[(String, String, String, String)], lang: Lang) -> FeedbackSummary {
        FeedbackSummary {
            ref_no: f.ref_no.clone(),
            title: f.title.clone(),
            category: if lang == Lang::En { f.category_name_en.clone() } else { f.category_name.clone() },
            kind_label: kind_label(&f.kind, lang).into(),
            status: f.status.clone(),
            status_label: status_label(&f.status, lang).into(),
            submitted: crate::time::format_local(f.submitted_at),
            deadline: f.deadline.clone(),
            overdue: is_overdue(f, steps::today()),
            address: f.address.clone(),
            unit: units::name_in(unit_names, &f.unit_kind, &f.unit_code, lang),
        }
    }

    /// The form for the viewer, a relative they look after, or (staff) a resident they found;
    /// `None` for anyone else named.
    pub async fn new_form(state: &AppState, user: &UserRecord, (category, building, lat, lng): (Option<String>, Option<i64>, String, String),
        for_id: Option<i64>, who: String) -> StoreResult<Option<NewFeedbackView>> {
        let store = &*state.store;
        let lang = lang();
        let is_staff = user.role == crate::prefs::Role::Staff;
        let acting = crate::applications::access::acting_for(store, user, for_id).await?;
        if acting.is_none() && !(is_staff && for_id.is_none()) {
            return Ok(None);
        }
        let found = crate::applications::server::ssr::choices(state, user, &who).await?;
        let choices = crate::applications::server::ssr::with_chosen(found, acting.as_ref().map(|(p, _)| p));
        let person = acting.map(|(p, _)| p);
        let cats = store.feedback_categories().await?;
        let buildings = store.buildings().await?;
        let chosen = category.and_then(|c| cats.iter().find(|x| x.code == c).cloned());
        let home = person.as_ref().and_then(|p| p.building_id);
        let building_id = building.or(home).filter(|b| buildings.iter().any(|x| x.id == *b));
        let mut nearby = Vec::new();
        if let Some(c) = chosen.as_ref().filter(|c| c.kind == "report") {
            let here = lat.parse::<f64>().ok().zip(lng.parse::<f64>().ok());
            let open = store.find_feedback(&FeedbackQuery {
                public_only: true, categories: vec![c.code.clone()], statuses: crate::feedback::lifecycle::FeedbackStatus::RUNNING.to_vec(), limit: 500, ..Default::default()
            }).await?;
            let names = units::all(store).await?;
            nearby = open
                .iter()
                .filter(|f| {
                    let same_building = building_id.is_some() && f.building_id == building_id;
                    let close = match (here, f.lat.zip(f.lng)) {
                        (Some(a), Some(b)) => super::super::distance_m(a, b) <= super::super::NEARBY_METRES,
                        _ => false,
                    };
                    same_building || close
                })
                .take(5)
                .map(|f| summary(f, &names, lang))
                .collect();
        }
        Ok(Some(NewFeedbackView {
            categories: cats.iter().map(|c| category_option(c, lang)).collect(),
            buildings: buildings
                .into_iter()
                .map(|b| crate::community::BuildingOption::of(&b, lang))
                .collect(),
            category: chosen.map(|c| category_option(&c, lang)),
            building_id,
            lat,
            lng,
            nearby,
            is_staff,
            choices,
            chosen: person.map(|p| p.id).unwrap_or(0),
            who,
        }))
    }

    /// Public lists as computed lately, per filter and language (see `web::recent`): ten
    /// seconds, and forgotten when an item changes on this server.
    pub type PublicLists = crate::web::Recent<(String, String, Lang), FeedbackList>;

    pub fn public_lists() -> PublicLists {
        PublicLists::new(|_| std::time::Duration::from_secs(10), 64)
    }

    /// The public reports, newest first (at most 200), by category and open or closed.
    pub async fn public_list(state: &AppState, category: String, status: String) -> StoreResult<FeedbackList> {
        let lang = lang();
        let key = (category.clone(), status.clone(), lang);
        let list = state.public_feedback.get_or(key, compute_public_list(state, category, status, lang)).await?;
        Ok(FeedbackList::clone(&list))
    }

    async fn compute_public_list(state: &AppState, category: String, status: String, lang: Lang) -> StoreResult<FeedbackList> {
        let store = &*state.store;
        let cats: Vec<CategoryRow> = store.feedback_categories().await?.into_iter().filter(|c| c.kind == "report").collect();
        let statuses: Vec<&'static str> = match status.as_str() {
            "open" => crate::feedback::lifecycle::FeedbackStatus::RUNNING.to_vec(),
            "closed" => crate::feedback::lifecycle::FeedbackStatus::FINISHED.to_vec(),
            _ => vec![],
        };
        let rows = store.find_feedback(&FeedbackQuery {
            public_only: true,
            categories: cats.iter().filter(|c| c.code == category).map(|c| c.code.clone()).collect(),
            statuses,
            limit: 200,
            ..Default::default()
        }).await?;
        let names = units::all(store).await?;
        Ok(FeedbackList {
            items: rows.iter().map(|f| summary(f, &names, lang)).collect(),
            categories: cats.iter().map(|c| category_option(c, lang)).collect(),
            category,
            status,
        })
    }

    /// Whether this person speaks for the item's resident (the resident or an authorised relative).
    pub async fn speaks_for(state: &AppState, user: &UserRecord, f: &FeedbackRow) -> StoreResult<bool> {
        Ok(match f.resident_id {
            Some(r) if r == user.id => true,
            Some(r) if user.role == crate::prefs::Role::Resident => state.store.is_delegate(r, user.id).await?,
            _ => false,
        })
    }

    pub async fn detail(state: &AppState, user: Option<&UserRecord>, ref_no: &str) -> StoreResult<Option<FeedbackDetail>> {
        let store = &*state.store;
        let lang = lang();
        let Some(f) = store.feedback_by_ref(ref_no).await? else { return Ok(None) };
        let viewpoint = match user {
            Some(u) if units::works_for(u, &f.unit_kind, &f.unit_code) => Viewpoint::Unit,
            Some(u) if speaks_for(state, u, &f).await? => Viewpoint::Resident,
            _ if f.is_public == 1 => Viewpoint::Public,
            _ => return Ok(None),
        };
        let names = units::all(store).await?;
        let resident = match (viewpoint, user) {
            (Viewpoint::Unit, Some(viewer)) => reporter(state, &f, viewer).await?,
            _ => None,
        };
        let entries = entries(store, &f, viewpoint, &names, lang).await?;
        let photos = store
            .feedback_photos(f.id)
            .await?
            .iter()
            .map(|p| PhotoView {
                url: format!("/feedback/{}/photos/{}", f.ref_no, p.id),
                thumb: format!("/feedback/{}/photos/{}/thumb", f.ref_no, p.id),
            })
            .collect();
        let followers = store.feedback_followers(f.id).await?;
        let closed = crate::feedback::lifecycle::FeedbackStatus::FINISHED.contains(&f.status.as_str());
        let is_resident = f.resident_id.is_some_and(|r| user.is_some_and(|u| u.id == r));
        let rated = store.evaluation_for("feedback", f.id).await?;
        let transfer_targets = if viewpoint == Viewpoint::Unit {
            names
                .iter()
                .filter(|u| !(u.0 == f.unit_kind && u.1 == f.unit_code))
                .map(|u| (format!("{}:{}", u.0, u.1), if lang == Lang::En { u.3.clone() } else { u.2.clone() }))
                .collect()
        } else {
            vec![]
        };
        let channel = match Channel::parse(&f.channel) {
            _ if viewpoint == Viewpoint::Public => None,
            Some(c) if c != Channel::Online => Some(text(lang, c.label_id()).to_string()),
            _ if f.filed_by_id != f.resident_id => Some(text(lang, "feedback-filed-by-relative").to_string()),
            _ => None,
        };
        Ok(Some(FeedbackDetail {
            channel,
            summary: summary(&f, &names, lang),
            body: f.body.clone(),
            viewpoint,
            is_public: f.is_public == 1,
            resident,
            coordinates: f.lat.zip(f.lng).map(|(a, b)| format!("{a:.5}, {b:.5}")),
            photos,
            entries,
            followers: followers.len(),
            following: user.is_some_and(|u| followers.contains(&u.id)),
            signed_in_resident: user.is_some_and(|u| u.role == crate::prefs::Role::Resident),
            rate_link: (closed && is_resident).then(|| format!("/rate/feedback/{}", f.ref_no)),
            rated: rated.map(|e| crate::ratings::level_label(e.overall, lang).to_string()),
            transfer_targets,
            templates: if viewpoint == Viewpoint::Unit {
                REPLY_TEMPLATES.iter().map(|(t, b)| (t.to_string(), b.to_string())).collect()
            } else {
                vec![]
            },
            order_link: match f.order_id {
                Some(id) if viewpoint != Viewpoint::Public => store.order_ref(id).await?.map(|r| format!("/market/orders/{r}")),
                _ => None,
            },
        }))
    }

    /// Who reported an item and how to call them back, for the unit handling it; every such
    /// look is audited.
    async fn reporter(state: &AppState, f: &FeedbackRow, viewer: &UserRecord) -> StoreResult<Option<String>> {
        let store = &*state.store;
        Ok(match f.resident_id {
            Some(id) => {
                let u = store.user_by_id(id).await?;
                if let Some(u) = &u {
                    crate::web::with_origin(store.audit(state.now(), Some(viewer.id), Some(u.id), "feedback_viewed", &f.ref_no)).await?;
                }
                u.map(|u| format!("{} {}", u.name, u.phone))
            }
            None => Some(format!("{} {}", f.reporter_name, f.reporter_contact).trim().to_string()),
        })
    }

    /// The item's history as this viewpoint may see it: the unit everything, the resident all
    /// but private notes, the public only what is marked visible.
    async fn entries(store: &dyn crate::storage::Store, f: &FeedbackRow, viewpoint: Viewpoint, names: &[(String, String, String, String)], lang: Lang) -> StoreResult<Vec<FeedbackEntry>> {
        Ok(store
            .feedback_events(f.id)
            .await?
            .into_iter()
            .filter(|e| match viewpoint {
                Viewpoint::Unit => true,
                Viewpoint::Resident => e.private == 0,
                Viewpoint::Public => e.visible == 1,
            })
            .map(|e| FeedbackEntry {
                at: crate::time::format_local(e.at),
                label: event_label(&e.kind, lang).into(),
                by: match e.actor_role.as_deref() {
                    Some("officer") => units::name_in(names, "department", &e.unit_code, lang),
                    Some("staff") => units::name_in(names, "community", &e.unit_code, lang),
                    Some(_) => crate::i18n::text(lang, "feedback-resident").to_string(),
                    None => String::new(),
                },
                note: e.note,
                private: e.private == 1,
            })
            .collect())
    }

    pub async fn mine(state: &AppState, user: &UserRecord) -> StoreResult<Vec<FeedbackSummary>> {
        let store = &*state.store;
        let mut rows = store.find_feedback(&FeedbackQuery { resident_id: Some(user.id), limit: 200, ..Default::default() }).await?;
        rows.extend(store.followed_feedback(user.id).await?);
        let names = units::all(store).await?;
        Ok(rows.iter().map(|f| summary(f, &names, lang())).collect())
    }

    pub async fn unit_queue(state: &AppState, user: &UserRecord, status: String, overdue_only: bool) -> StoreResult<Option<Vec<FeedbackSummary>>> {
        let Some(unit) = units::unit_of(user) else { return Ok(None) };
        let store = &*state.store;
        let statuses: Vec<&'static str> = match status.as_str() {
            "open" => vec!["open"],
            "asked" => vec!["asked"],
            "closed" => crate::feedback::lifecycle::FeedbackStatus::FINISHED.to_vec(),
            "all" => vec![],
            _ => crate::feedback::lifecycle::FeedbackStatus::RUNNING.to_vec(),
        };
        let mut rows = store.find_feedback(&FeedbackQuery { unit: Some(unit), statuses, limit: 500, ..Default::default() }).await?;
        // Oldest deadline first: what is due soonest is handled first.
        rows.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.submitted_at.cmp(&b.submitted_at)));
        let names = units::all(store).await?;
        let today = steps::today();
        Ok(Some(rows.iter().filter(|f| !overdue_only || is_overdue(f, today)).map(|f| summary(f, &names, lang())).collect()))
    }

    pub async fn category_admin(state: &AppState) -> StoreResult<Vec<CategoryAdminRow>> {
        let store = &*state.store;
        let lang = lang();
        let names = units::all(store).await?;
        Ok(store
            .feedback_categories()
            .await?
            .iter()
            .map(|c| CategoryAdminRow {
                code: c.code.clone(),
                name: if lang == Lang::En { c.name_en.clone() } else { c.name.clone() },
                kind_label: kind_label(&c.kind, lang).into(),
                owner: {
                    let dept = units::name_in(&names, "department", &c.department_code, lang);
                    if c.by_community == 1 {
                        format!("{}{dept}", crate::i18n::text(lang, "feedback-the-places-community-otherwise").to_string())
                    } else {
                        dept
                    }
                },
                deadline_days: c.deadline_days,
            })
            .collect())
    }
}
