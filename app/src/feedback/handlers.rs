//! The feedback posts: a resident files (multipart, with photos), follows, answers, confirms or
//! reopens; the owning unit replies, asks, closes, transfers or notes. Each step is one guarded
//! transaction, so two people acting at once cannot both succeed.
use super::server::ssr::speaks_for;
use super::{MAX_PHOTOS, REPLY_TEMPLATES};
use crate::channel::Channel;
use crate::units;
use crate::applications::steps;
use crate::forms::{FormState, Message};
use crate::prefs::Role;
use crate::state::AppState;
use crate::storage::{AuditEntry, FeedbackRow, NewFeedback, NewFile, StoreError, UserRecord};
use crate::uploads::{discard, store_files, uploads, Upload};
use crate::web::{Admin, AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/feedback/new", uploads(submit))
        .route("/feedback/{ref_no}/follow", post(follow))
        .route("/feedback/{ref_no}/photos/{id}", get(photo))
        .route("/feedback/{ref_no}/photos/{id}/thumb", get(photo_thumb))
        .route("/feedback/{ref_no}/{action}", post(super::act::act))
        .route("/admin/feedback/{code}", post(set_deadline))
}

/// 诉求编号: F, the date in Shanghai and six random digits (unique; retried on a clash).
pub fn new_ref_no() -> String {
    let (y, m, d) = crate::time::today();
    format!("F{y:04}{m:02}{d:02}{:06}", rand::random::<u32>() % 1_000_000)
}

/// A new item as the web form or an Open311 client describes it: `check` it, then `file` it.
pub struct Filing {
    pub category: String,
    pub title: String,
    pub body: String,
    pub building_id: Option<i64>,
    pub address_detail: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub resident: Option<UserRecord>,
    /// Who filed it when not the resident: a relative, or staff recording a call or a visit.
    pub filed_by: Option<i64>,
    pub channel: Channel,
    /// How the resident agreed, when staff recorded it for them.
    pub consent_note: String,
    pub api_key_id: Option<i64>,
    pub reporter_name: String,
    pub reporter_contact: String,
    pub media_url: String,
    /// A complaint about a marketplace order.
    pub order_id: Option<i64>,
}

pub enum FilingError {
    Field(&'static str, Message),
    Store(StoreError),
}

impl From<StoreError> for FilingError {
    fn from(e: StoreError) -> Self {
        FilingError::Store(e)
    }
}

/// Checks a filing's fields; the first problem per field.
pub fn check(filing: &Filing) -> Vec<(&'static str, Message)> {
    let mut bad = Vec::new();
    let title_len = filing.title.chars().count();
    if title_len == 0 {
        bad.push(("title", Message::new("feedback-say-what-the-problem-is-in")));
    } else if title_len > 60 {
        bad.push(("title", Message::new("feedback-at-most-60-characters")));
    }
    let body_len = filing.body.chars().count();
    if body_len == 0 {
        bad.push(("body", Message::new("feedback-describe-what-happened")));
    } else if body_len > 2000 {
        bad.push(("body", Message::new("feedback-at-most-2000-characters")));
    }
    if filing.address_detail.chars().count() > 100 {
        bad.push(("address", Message::new("feedback-at-most-100-characters")));
    }
    match (filing.lat, filing.lng) {
        (Some(a), Some(b)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&b) => {}
        (None, None) => {}
        _ => bad.push(("lat", Message::new("feedback-give-both-latitude-and-longitude-e"))),
    }
    if filing.building_id.is_none() && filing.address_detail.is_empty() && filing.lat.is_none() {
        bad.push(("building", Message::new("feedback-choose-a-building-or-write-the")));
    }
    bad
}

pub async fn file(state: &AppState, filing: Filing, files: &[NewFile]) -> Result<String, FilingError> {
    let store = &*state.store;
    let Some(category) = store.feedback_categories().await?.into_iter().find(|c| c.code == filing.category) else {
        return Err(FilingError::Field("category", Message::new("feedback-choose-a-category")));
    };
    let building = match filing.building_id {
        Some(id) => match store.building(id).await? {
            Some(b) => Some(b),
            None => return Err(FilingError::Field("building", Message::new("feedback-choose-a-building-from-the-list"))),
        },
        None => None,
    };
    // Without a building, a point places the report in the community it falls in.
    let placed = match (&building, filing.lat, filing.lng) {
        (None, Some(lat), Some(lng)) => super::placement::community_at(store, (lat, lng)).await?,
        _ => None,
    };
    let community = building.as_ref().map(|b| b.community_code.clone()).or(placed);
    let (unit_kind, unit_code) = units::owner(&category, community.as_deref());
    let address = match &building {
        Some(b) => format!("{} {} {} {}", b.street_name, b.community_name, b.name, filing.address_detail).trim().to_string(),
        None => filing.address_detail.clone(),
    };
    let deadline = steps::deadline_from(store, state.today(), category.deadline_days).await?;
    let members = units::members(store, &unit_kind, &unit_code, false).await?;
    let actor = filing.resident.as_ref().map(|u| u.id);
    for ref_no in std::iter::repeat_with(new_ref_no).take(3) {
        let told = Message::new("notice-feedback-new").with("ref", &ref_no).with_names("category", &category.name, &category.name_en)
            .with("title", &filing.title).with("deadline", &deadline);
        let mut notices = steps::notices(store, &members, "new_feedback", &told).await?;
        let audit = match (&filing.resident, filing.filed_by) {
            (Some(resident), Some(by)) if by != resident.id => {
                notices.extend(told_resident(store, resident, &filing, &ref_no).await?);
                vec![AuditEntry { actor_id: by, subject_id: resident.id, action: "feedback_filed_for".into(),
                    detail: format!("{ref_no} {} {}", filing.channel.as_str(), filing.consent_note) }]
            }
            _ => Vec::new(),
        };
        let new = NewFeedback {
            ref_no: ref_no.clone(),
            category_code: category.code.clone(),
            kind: category.kind.clone(),
            resident_id: actor,
            filed_by_id: filing.filed_by.or(actor),
            source: if filing.channel == Channel::Open311 { "open311" } else { "web" },
            channel: filing.channel.as_str(),
            consent_note: filing.consent_note.clone(),
            api_key_id: filing.api_key_id,
            reporter_name: filing.reporter_name.clone(),
            reporter_contact: filing.reporter_contact.clone(),
            title: filing.title.clone(),
            body: filing.body.clone(),
            building_id: building.as_ref().map(|b| b.id),
            address: address.clone(),
            community_code: community.clone(),
            lat: filing.lat,
            lng: filing.lng,
            media_url: filing.media_url.clone(),
            order_id: filing.order_id,
            is_public: category.kind == "report",
            unit_kind: unit_kind.clone(),
            unit_code: unit_code.clone(),
            deadline: deadline.clone(),
        };
        match store.create_feedback(&new, files, &notices, &audit, state.now()).await {
            Ok(_) => {
                state.feedback_changed();
                return Ok(ref_no);
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Conflict("ref_no").into())
}

/// The resident hears that something was filed in their name, and may follow and rate it. One
/// who came by phone, at the counter or on paper is told by SMS whatever they chose, since that
/// may be the only way they read.
async fn told_resident(store: &dyn crate::storage::Store, resident: &UserRecord, filing: &Filing, ref_no: &str)
    -> crate::storage::StoreResult<Vec<crate::storage::Notice>> {
    let told = Message::new("notice-feedback-filed-for-you").with("ref", ref_no).with("title", &filing.title);
    let mut notices = steps::notices(store, &[resident.id], "new_feedback", &told).await?;
    if filing.channel.is_offline() {
        notices.iter_mut().for_each(|n| n.sms_to = Some(resident.phone.clone()));
    }
    Ok(notices)
}

/// POST `/feedback/new` (multipart: fields and up to six photos).
async fn submit(State(state): State<AppState>, user: CurrentUser, upload: Upload) -> AppResult {
    let coord = |k: &str| upload.text(k).parse::<f64>().ok();
    // For oneself, for an elder one looks after, or (staff) for a resident who phoned or came in.
    let for_id = upload.text("for").parse::<i64>().ok();
    let Some((person, how)) = crate::applications::access::acting_for(&*state.store, &user, for_id).await? else {
        if user.role == Role::Staff && for_id.is_none() {
            let mut form = FormState::default();
            form.refuse("for", Message::new("feedback-choose-the-resident"));
            return Err(AppError::invalid(form));
        }
        return Err(AppError::NotFound);
    };
    let mut form = FormState::default();
    let (consent_note, channel) = match how {
        "staff" => crate::applications::access::staff_channel(|k| upload.text(k), &user.name, &mut form),
        _ => (String::new(), Channel::self_service()),
    };
    let filing = Filing {
        category: upload.text("category"),
        title: upload.text("title"),
        body: upload.text("body"),
        building_id: upload.text("building").parse().ok(),
        address_detail: upload.text("address"),
        lat: coord("lat"),
        lng: coord("lng"),
        filed_by: (person.id != user.id).then_some(user.id),
        resident: Some(person),
        channel,
        consent_note,
        api_key_id: None,
        reporter_name: String::new(),
        reporter_contact: String::new(),
        media_url: String::new(),
        order_id: None,
    };
    for key in ["for", "category", "title", "body", "building", "address", "lat", "lng"] {
        form.values.insert(key.into(), upload.text(key).chars().take(2000).collect());
    }
    for (field, m) in check(&filing) {
        form.refuse(field, m);
    }
    let photos: Vec<_> = upload.files_for("photos").map(|(_, n, b)| ("photo".to_string(), n.clone(), b.clone())).collect();
    if let Some(p) = upload.problems.get("photos") {
        form.refuse("photos", p.message());
    } else if photos.len() > MAX_PHOTOS {
        form.refuse("photos", Message::new("feedback-at-most-6-photos"));
    }
    let refuse = |mut form: FormState| {
        if !upload.files.is_empty() {
            form.notice = Some(Message::new("feedback-for-your-privacy-please-choose-your"));
        }
        AppError::invalid(form)
    };
    if !form.is_ok() {
        return Err(refuse(form));
    }
    // Photos are recognised by their bytes and re-encoded (no EXIF/GPS) before anything is stored.
    let mut slot_form = FormState::default();
    let files = store_files(&state, photos, false, &mut slot_form).await?;
    if let Some(e) = slot_form.errors.into_values().next() {
        form.refuse("photos", e);
        return Err(refuse(form));
    }
    match file(&state, filing, &files).await {
        Ok(ref_no) => Ok(Redirect::to(&format!("/feedback/{ref_no}?filed=1")).into_response()),
        Err(FilingError::Field(field, m)) => {
            discard(&state, &files).await;
            form.refuse(field, m);
            Err(refuse(form))
        }
        Err(FilingError::Store(e)) => {
            discard(&state, &files).await;
            Err(e.into())
        }
    }
}

pub(super) async fn item(state: &AppState, ref_no: &str) -> AppResult<FeedbackRow> {
    state.store.feedback_by_ref(ref_no).await?.ok_or(AppError::NotFound)
}

/// POST `/feedback/{ref}/follow`: "follow this instead" of filing a duplicate.
async fn follow(State(state): State<AppState>, user: CurrentUser, Path(ref_no): Path<String>) -> AppResult {
    let f = item(&state, &ref_no).await?;
    if f.is_public != 1 {
        return Err(AppError::NotFound);
    }
    state.store.follow_feedback(f.id, user.id, state.now()).await?;
    Ok(Redirect::to(&format!("/feedback/{ref_no}?following=1")).into_response())
}

async fn photo(state: State<AppState>, user: Option<CurrentUser>, path: Path<(String, i64)>) -> AppResult {
    send_photo(state, user, path, false).await
}

async fn photo_thumb(state: State<AppState>, user: Option<CurrentUser>, path: Path<(String, i64)>) -> AppResult {
    send_photo(state, user, path, true).await
}

/// A report's photos are public with the report; other items' only to the resident and the unit.
async fn send_photo(State(state): State<AppState>, user: Option<CurrentUser>, Path((ref_no, id)): Path<(String, i64)>, thumb: bool) -> AppResult {
    let f = item(&state, &ref_no).await?;
    let allowed = f.is_public == 1
        || match &user {
            Some(u) if units::works_for(u, &f.unit_kind, &f.unit_code) => true,
            Some(u) => speaks_for(&state, u, &f).await?,
            None => false,
        };
    if !allowed {
        return Err(AppError::NotFound);
    }
    let photos = state.store.feedback_photos(f.id).await?;
    let p = photos.iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
    crate::applications::files::send_stored(&state, p, thumb).await
}

/// The typed note, or else the chosen template's text.
pub(super) fn note_or_template(pairs: &FormPairs) -> String {
    let typed = pairs.get("note");
    if !typed.is_empty() {
        return typed.chars().take(2000).collect();
    }
    pairs.get("template").parse::<usize>().ok().and_then(|i| REPLY_TEMPLATES.get(i)).map(|t| t.1.to_string()).unwrap_or_default()
}

/// POST `/admin/feedback/{code}`: an administrator changes a category's promised reply time.
async fn set_deadline(State(state): State<AppState>, admin: Admin, Path(code): Path<String>, pairs: FormPairs) -> AppResult {
    let raw = pairs.get("days");
    let Some(days) = raw.parse::<i64>().ok().filter(|d| (0..=60).contains(d)) else {
        let mut form = FormState::default();
        form.values.insert(format!("days_{code}"), raw);
        form.refuse(&format!("days_{code}"), Message::new("feedback-enter-working-days-from-0-to"));
        return Err(AppError::invalid(form).on_page("/admin/feedback"));
    };
    if !state.store.set_category_deadline(&code, days, admin.id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/admin/feedback?saved=1").into_response())
}
