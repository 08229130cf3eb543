//! The provider's and the vetting staff's form posts: apply (with the business licence), vet,
//! suspend, list services with photos and weekly slots, run promotions; and the files behind
//! them, served only to whoever may see them.
use super::vetting::{self, ProviderStatus, VetAction, Vetter};
use super::access::staff_covers;
use super::{codes, join_codes, parse_yuan, uscc_is_valid, CATEGORIES, MAX_PHOTOS, SUITS};
use crate::applications::steps;
use crate::forms::{Message, FormState};
use crate::prefs::{Lang, Role};
use crate::state::AppState;
use crate::storage::{AuditEntry, CommunityApproval, ListingInput, ProviderEffects, NewFile, NewProvider, ProviderRow, ProviderStep, StoreError, UserRecord, Store, StoreResult};
use crate::uploads::{choose_again, discard, store_files, uploads, Upload};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{FromRequest, Path, Request, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/provider/apply", uploads(apply))
        .route("/provider/licence", get(own_licence))
        .route("/provider/listings/new", uploads(new_listing))
        .route("/provider/listings/{id}", uploads(edit_listing))
        .route("/provider/listings/{id}/active", post(set_active))
        .route("/provider/listings/{id}/slots", post(add_slot))
        .route("/provider/listings/{id}/slots/{slot}/delete", post(delete_slot))
        .route("/work/providers/{id}/licence", get(staff_licence))
        .route("/work/providers/{id}/community/{open}", post(open_in_community))
        .route("/work/providers/{id}/{action}", post(vet))
        .route("/market/listings/{id}/photos/{file}", get(listing_photo))
        .route("/market/listings/{id}/photos/{file}/thumb", get(listing_thumb))
}

/// Checks and cleans the uploaded files of one field; refuses `name` on a bad one.
pub(super) async fn files_of(state: &AppState, upload: &Upload, name: &str, max: usize, form: &mut FormState) -> AppResult<Vec<NewFile>> {
    let chosen: Vec<_> = upload.files_for(name).map(|(_, n, b)| (name.to_string(), n.clone(), b.clone())).collect();
    if let Some(p) = upload.problems.get(name) {
        form.refuse(name, p.message());
        return Ok(Vec::new());
    }
    if chosen.len() > max {
        form.refuse(name, Message::new("upload-at-most-files").with("max", max));
        return Ok(Vec::new());
    }
    if !form.is_ok() || chosen.is_empty() {
        return Ok(Vec::new());
    }
    let mut slot_form = FormState::default();
    let files = store_files(state, chosen, false, &mut slot_form).await?;
    if let Some(e) = slot_form.errors.into_values().next() {
        form.refuse(name, e);
    }
    Ok(files)
}

/// Staff of every community the provider names or is based in.
pub(super) async fn vetting_staff(state: &AppState, communities: &str, base_building_id: Option<i64>) -> Result<Vec<i64>, StoreError> {
    let store = &*state.store;
    let mut communities: Vec<String> = codes(communities).map(str::to_string).collect();
    if let Some(b) = base_building_id {
        communities.extend(store.building(b).await?.map(|b| b.community_code));
    }
    let mut ids = Vec::new();
    for c in communities {
        ids.extend(store.community_staff(&c).await?.into_iter().map(|u| u.id));
    }
    Ok(ids)
}

/// The provider application's fields, checked; each problem is refused beside its field.
async fn provider_form(store: &dyn Store, upload: &Upload, lang: Lang, form: &mut FormState, owner_id: i64) -> StoreResult<NewProvider> {
    let list = |key: &str| upload.list(key);
    form.values.insert("categories".into(), list("categories").join(","));
    form.values.insert("communities".into(), list("communities").join(","));
    let name = upload.text("name");
    if !(2..=60).contains(&name.chars().count()) {
        form.refuse("name", Message::new("market-enter-the-name-on-the-business"));
    }
    let uscc = upload.text("uscc").to_ascii_uppercase().replace([' ', '-'], "");
    if uscc.len() != 18 {
        form.refuse("uscc", Message::new("market-the-unified-social-credit-code-has"));
    } else if !uscc_is_valid(&uscc) {
        form.refuse("uscc", Message::new("market-this-code-does-not-pass-the"));
    }
    let contact_name = match crate::accounts::validate::real_name(&upload.text("contact_name")) {
        Ok(n) => n,
        Err(p) => {
            form.refuse("contact_name", p.message());
            String::new()
        }
    };
    let contact_phone = match crate::accounts::validate::mobile(&upload.text("contact_phone")) {
        Ok(n) => n,
        Err(p) => {
            form.refuse("contact_phone", p.message());
            String::new()
        }
    };
    let categories: Vec<String> = list("categories").into_iter().filter(|c| CATEGORIES.iter().any(|x| x.0 == c)).collect();
    if categories.is_empty() {
        form.refuse("categories", Message::new("market-choose-at-least-one-kind-of"));
    }
    let known = super::access::community_names(store, lang).await?;
    let communities: Vec<String> = list("communities").into_iter().filter(|c| known.iter().any(|k| &k.code == c)).collect();
    let base_building = upload.text("base_building").parse::<i64>().ok();
    let radius_text = upload.text("radius_km");
    let radius_km = if radius_text.is_empty() { Some(0.0) } else { radius_text.parse::<f64>().ok().filter(|r| (0.5..=50.0).contains(r)) };
    if radius_km.is_none() {
        form.refuse("radius_km", Message::new("market-give-a-radius-between-0-5"));
    }
    let radius_km = radius_km.unwrap_or(0.0);
    if radius_km > 0.0 && base_building.is_none() {
        form.refuse("base_building", Message::new("market-choose-the-address-the-radius-is"));
    }
    if communities.is_empty() && radius_km == 0.0 {
        form.refuse("communities", Message::new("market-choose-the-communities-you-serve-or"));
    }
    if let Some(b) = base_building {
        if store.building(b).await?.is_none() {
            form.refuse("base_building", Message::new("market-choose-an-address-from-the-list"));
        }
    }
    Ok(NewProvider {
        owner_id,
        name,
        uscc,
        contact_name,
        contact_phone,
        categories: join_codes(categories.iter().map(String::as_str)),
        communities: join_codes(communities.iter().map(String::as_str)),
        base_building_id: base_building,
        radius_km,
    })
}

/// POST `/provider/apply` (multipart): a new application, or the same one sent again.
async fn apply(State(state): State<AppState>, user: CurrentUser, lang: Lang, req: Request) -> AppResult {
    // Separation of duties: whoever vets, handles cases or runs Linli does not also sell on it.
    // Refused before the upload is read.
    if !matches!(user.role, Role::Resident | Role::Provider) {
        let mut form = FormState::default();
        form.notice = Some(Message::new("market-staff-accounts-cannot-run-a-provider"));
        return Err(AppError::Refused { form, status: axum::http::StatusCode::FORBIDDEN, page: None });
    }
    let upload = Upload::from_request(req, &state).await?;
    let store = &*state.store;
    let existing = store.provider_by_owner(user.id).await?;
    if existing.as_ref().is_some_and(|p| !vetting::allows(VetAction::Resubmit, &p.status)) {
        // The page then says it was sent already and links its progress.
        return Err(AppError::conflict(FormState::default()));
    }
    let mut form = FormState::default();
    for key in ["name", "uscc", "contact_name", "contact_phone", "base_building", "radius_km"] {
        form.values.insert(key.into(), upload.text(key).chars().take(100).collect());
    }
    let p = provider_form(store, &upload, lang, &mut form, user.id).await?;
    let licences = files_of(&state, &upload, "licence", 1, &mut form).await?;
    if licences.is_empty() && existing.is_none() {
        form.refuse("licence", Message::new("market-upload-the-business-licence-photo-or"));
    }
    if !form.is_ok() {
        discard(&state, &licences).await;
        return Err(AppError::invalid(choose_again(&upload, form)));
    }
    let result = async {
        let staff = vetting_staff(&state, &p.communities, p.base_building_id).await?;
        let notices = steps::notices(store, &staff, "provider_applied", &Message::new("notice-provider-applied").with("name", &p.name)).await?;
        match &existing {
            None => store.create_provider(&p, &licences[0], &notices, state.now()).await.map(|_| true),
            Some(e) => store.resubmit_provider(e.id, &p, licences.first(), vetting::rule(VetAction::Resubmit).from, &notices, state.now()).await,
        }
    };
    match result.await {
        Ok(true) => Ok(Redirect::to("/provider?applied=1").into_response()),
        Ok(false) => {
            discard(&state, &licences).await;
            Err(AppError::conflict(FormState::default()))
        }
        Err(StoreError::Conflict(which)) => {
            discard(&state, &licences).await;
            let m = if which == "uscc" {
                Message::new("market-a-provider-with-this-code-has")
            } else {
                Message::new("market-this-account-has-already-applied")
            };
            form.refuse("uscc", m);
            Err(AppError::conflict(choose_again(&upload, form)))
        }
        Err(e) => {
            discard(&state, &licences).await;
            Err(e.into())
        }
    }
}

pub(super) async fn provider_for(state: &AppState, id: i64) -> AppResult<ProviderRow> {
    state.store.provider(id).await?.ok_or(AppError::NotFound)
}

/// The provider, if this user vets it (staff of a community it serves; admins).
async fn vetted_by(state: &AppState, user: &UserRecord, id: i64) -> AppResult<ProviderRow> {
    let p = provider_for(state, id).await?;
    // Nobody vets a provider they own or stand for as its contact.
    let own = p.owner_id == user.id || p.contact_phone == user.phone;
    if own || !staff_covers(&*state.store, user, &p).await? {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

/// POST `/work/providers/{id}/{approve|reject|ask|suspend|reinstate}` by staff who vet it.
async fn vet(State(state): State<AppState>, user: Option<CurrentUser>, Path((id, action)): Path<(i64, String)>, pairs: FormPairs) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let p = vetted_by(&state, &user, id).await?;
    let reason: String = pairs.get("reason").chars().take(500).collect();
    let rule = VetAction::from_path(&action).map(vetting::rule).filter(|r| r.actor == Vetter::Staff).ok_or(AppError::NotFound)?;
    let told = match rule.action {
        VetAction::Approve => Message::new("notice-provider-approve"),
        VetAction::Reject => Message::new("notice-provider-reject"),
        VetAction::AskMore => Message::new("notice-provider-ask-more"),
        VetAction::Suspend => Message::new("notice-provider-suspend"),
        VetAction::Reinstate => Message::new("notice-provider-reinstate"),
        VetAction::Resubmit => return Err(AppError::NotFound),
    };
    let page = format!("/work/providers/{id}");
    if rule.action.needs_reason() && reason.is_empty() {
        let mut form = FormState::default();
        form.refuse(&format!("reason-{action}"), Message::new("market-give-the-reason-the-provider-will"));
        return Err(AppError::invalid(form).on_page(page));
    }
    let store = &*state.store;
    let because: crate::forms::Arg = if reason.is_empty() { "".into() } else { Message::new("notice-reason").with("reason", &reason).into() };
    let notices = steps::notices(store, &[p.owner_id], "provider_vetted", &told.with("name", &p.name).with("reason", because)).await?;
    let kind = rule.action.event();
    let step = ProviderStep {
        notices,
        audit: vec![AuditEntry { actor_id: user.id, subject_id: p.owner_id, action: format!("provider_{kind}"), detail: format!("{} {reason}", p.name) }],
        ..ProviderStep::new(p.id, rule.from, rule.to.map(ProviderStatus::as_str), kind).by(user.id).note(reason.clone())
            // Staff approve for their own community; every other community decides for itself.
            .effects(ProviderEffects { open_in: user.community_code.clone().filter(|_| rule.action == VetAction::Approve && user.role == crate::prefs::Role::Staff) })
    };
    if !store.provider_step(&step, state.now()).await? {
        let mut form = FormState::default();
        form.notice = Some(Message::new("market-someone-else-changed-this-provider-first"));
        return Err(AppError::conflict(form).on_page(page));
    }
    Ok(Redirect::to(&page).into_response())
}

/// POST `/work/providers/{id}/community/{open|close}`: staff open an approved provider in their
/// own community, or close it there; other communities are untouched.
async fn open_in_community(State(state): State<AppState>, user: Option<CurrentUser>, Path((id, open)): Path<(i64, String)>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let p = vetted_by(&state, &user, id).await?;
    let community = user.community_code.clone().filter(|_| user.role == crate::prefs::Role::Staff).ok_or(AppError::NotFound)?;
    let open = match open.as_str() {
        "open" => true,
        "close" => false,
        _ => return Err(AppError::NotFound),
    };
    let store = &*state.store;
    let told = Message::new(if open { "notice-provider-community-opened" } else { "notice-provider-community-closed" }).with("name", &p.name);
    let told = match store.buildings().await?.into_iter().find(|b| b.community_code == community) {
        Some(b) => told.with_names("community", &b.community_name, &b.community_name_en),
        None => told.with("community", &community),
    };
    let notices = steps::notices(store, &[p.owner_id], "provider_vetted", &told).await?;
    let change = CommunityApproval { provider_id: p.id, community, open, by: Some(user.id) };
    let page = format!("/work/providers/{id}");
    if !store.set_community_approval(&change, &notices, state.now()).await? {
        let mut form = FormState::default();
        form.notice = Some(Message::new("market-someone-else-changed-this-provider-first"));
        return Err(AppError::conflict(form).on_page(page));
    }
    Ok(Redirect::to(&page).into_response())
}

/// The signed-in user's provider, if approved (listings and promotions need that).
pub(super) async fn approved_provider(state: &AppState, user: &UserRecord) -> AppResult<ProviderRow> {
    state.store.provider_by_owner(user.id).await?.filter(|p| vetting::is_approved(&p.status)).ok_or(AppError::NotFound)
}

/// POST `/provider/listings/new` (multipart).
async fn new_listing(State(state): State<AppState>, user: CurrentUser, upload: Upload) -> AppResult {
    save_listing(state, user, None, upload).await
}

/// POST `/provider/listings/{id}` (multipart).
async fn edit_listing(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, upload: Upload) -> AppResult {
    save_listing(state, user, Some(id), upload).await
}

async fn save_listing(state: AppState, user: CurrentUser, id: Option<i64>, upload: Upload) -> AppResult {
    let provider = approved_provider(&state, &user).await?;
    let mut form = FormState::default();
    for key in ["title", "description", "price_kind", "price", "duration", "cancel_hours"] {
        form.values.insert(key.into(), upload.text(key).chars().take(1000).collect());
    }
    let list = |key: &str| upload.list(key);
    let title = upload.text("title");
    if !(2..=40).contains(&title.chars().count()) {
        form.refuse("title", Message::new("market-the-title-needs-2-40-characters"));
    }
    let description = upload.text("description");
    if description.is_empty() || description.chars().count() > 1000 {
        form.refuse("description", Message::new("market-describe-the-service-at-most-1000"));
    }
    let categories: Vec<String> = list("categories").into_iter().filter(|c| CATEGORIES.iter().any(|x| x.0 == c)).collect();
    if categories.is_empty() {
        form.refuse("categories", Message::new("market-choose-at-least-one-category"));
    }
    let suits: Vec<String> = list("suits").into_iter().filter(|c| SUITS.iter().any(|x| x.0 == c)).collect();
    let price_kind = upload.text("price_kind");
    let price = match price_kind.as_str() {
        "quote" => Some(0),
        "fixed" | "from" => parse_yuan(&upload.text("price")).filter(|c| *c > 0),
        _ => {
            form.refuse("price_kind", Message::new("market-choose-how-it-is-priced"));
            Some(0)
        }
    };
    if price.is_none() {
        form.refuse("price", Message::new("market-enter-a-price-in-yuan-e"));
    }
    let duration = upload.text("duration").parse::<i64>().ok().filter(|d| (15..=600).contains(d));
    if duration.is_none() {
        form.refuse("duration", Message::new("market-duration-15-to-600-minutes"));
    }
    let cancel_hours = upload.text("cancel_hours").parse::<i64>().ok().filter(|h| (0..=72).contains(h));
    if cancel_hours.is_none() {
        form.refuse("cancel_hours", Message::new("market-free-cancellation-0-to-72-hours"));
    }
    let photos = files_of(&state, &upload, "photos", MAX_PHOTOS, &mut form).await?;
    if !form.is_ok() {
        discard(&state, &photos).await;
        return Err(AppError::invalid(choose_again(&upload, form)));
    }
    let labels_zh = super::labels(CATEGORIES, &join_codes(categories.iter().map(String::as_str)), Lang::Zh);
    let mut terms = vec![title.as_str()];
    terms.extend(labels_zh.iter().map(String::as_str));
    let (pinyin_full, pinyin_initials) = crate::catalogue::search::pinyin_keys(terms);
    let input = ListingInput {
        search_text: crate::catalogue::search::search_text(&title, labels_zh.iter().map(String::as_str).chain([provider.name.as_str()]), &description),
        title,
        description,
        categories: join_codes(categories.iter().map(String::as_str)),
        target_groups: join_codes(suits.iter().map(String::as_str)),
        price_kind,
        price_cents: price.unwrap_or(0),
        duration_minutes: duration.unwrap_or(60),
        cancel_hours: cancel_hours.unwrap_or(0),
        pinyin_full,
        pinyin_initials,
    };
    let saved = state.store.save_listing(provider.id, user.id, id, &input, &photos, state.now()).await;
    match saved {
        Ok(Some(saved)) => Ok(Redirect::to(&format!("/provider/listings/{saved}?saved=1")).into_response()),
        Ok(None) => {
            discard(&state, &photos).await;
            Err(AppError::NotFound)
        }
        Err(e) => {
            discard(&state, &photos).await;
            Err(e.into())
        }
    }
}

/// The listing, if it is the signed-in provider's own.
async fn own_listing(state: &AppState, user: Option<CurrentUser>, id: i64) -> AppResult<(ProviderRow, i64)> {
    let user = user.ok_or(AppError::NotFound)?;
    let p = approved_provider(state, &user).await?;
    match state.store.listing(id).await? {
        Some(l) if l.provider_id == p.id => Ok((p, l.id)),
        _ => Err(AppError::NotFound),
    }
}

/// POST `/provider/listings/{id}/active`: on sale (`active=1`) or taken down.
async fn set_active(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>, pairs: FormPairs) -> AppResult {
    let (p, id) = own_listing(&state, user, id).await?;
    state.store.set_listing_active(id, p.id, pairs.get("active") == "1", state.now()).await?;
    Ok(Redirect::to(&format!("/provider/listings/{id}")).into_response())
}

/// POST `/provider/listings/{id}/slots`: a weekly slot (weekday, start time, capacity).
async fn add_slot(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>, pairs: FormPairs) -> AppResult {
    let (_, id) = own_listing(&state, user, id).await?;
    let mut form = FormState::default();
    for key in ["weekday", "start", "capacity"] {
        form.values.insert(key.into(), pairs.get(key));
    }
    let weekday = pairs.get("weekday").parse::<i64>().ok().filter(|d| (1..=7).contains(d));
    if weekday.is_none() {
        form.refuse("weekday", Message::new("market-choose-the-day-of-the-week"));
    }
    let start = pairs.get("start");
    let minute = start.split_once(':').and_then(|(h, m)| Some((h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)))
        .filter(|(h, m)| (0..24).contains(h) && (0..60).contains(m)).map(|(h, m)| h * 60 + m);
    if minute.is_none() {
        form.refuse("start", Message::new("market-enter-the-start-time-e-g"));
    }
    let capacity = pairs.get("capacity").parse::<i64>().ok().filter(|c| (1..=50).contains(c));
    if capacity.is_none() {
        form.refuse("capacity", Message::new("market-each-slot-takes-1-to-50"));
    }
    let page = format!("/provider/listings/{id}");
    if let (Some(w), Some(m), Some(c)) = (weekday, minute, capacity) {
        if state.store.add_availability(id, w, m, c).await? {
            return Ok(Redirect::to(&page).into_response());
        }
        form.refuse("start", Message::new("market-this-slot-is-already-set"));
    }
    Err(AppError::invalid(form).on_page(page))
}

async fn delete_slot(State(state): State<AppState>, user: Option<CurrentUser>, Path((id, slot)): Path<(i64, i64)>) -> AppResult {
    let (_, id) = own_listing(&state, user, id).await?;
    state.store.delete_availability(slot, id).await?;
    Ok(Redirect::to(&format!("/provider/listings/{id}")).into_response())
}

pub(super) async fn send_file(state: &AppState, file_id: i64, thumb: bool) -> AppResult {
    let f = state.store.file(file_id).await?.ok_or(AppError::NotFound)?;
    crate::applications::files::send_stored(state, &f, thumb).await
}

async fn own_licence(State(state): State<AppState>, user: Option<CurrentUser>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let p = state.store.provider_by_owner(user.id).await?.ok_or(AppError::NotFound)?;
    send_file(&state, p.licence_file_id, false).await
}

async fn staff_licence(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let p = vetted_by(&state, &user, id).await?;
    state.store.audit(state.now(), Some(user.id), Some(p.owner_id), "licence_viewed", &p.name).await?;
    send_file(&state, p.licence_file_id, false).await
}

/// Whether someone may see a provider's public material: everyone while it is approved; else
/// the provider and the staff who vet it.
pub(super) async fn may_see(state: &AppState, user: Option<&UserRecord>, p: &ProviderRow, public: bool) -> AppResult<bool> {
    if public && vetting::is_approved(&p.status) {
        return Ok(true);
    }
    let Some(user) = user else { return Ok(false) };
    if user.id == p.owner_id {
        return Ok(true);
    }
    Ok(staff_covers(&*state.store, user, p).await?)
}

async fn listing_photo(state: State<AppState>, user: Option<CurrentUser>, path: Path<(i64, i64)>) -> AppResult {
    send_listing_photo(state, user, path, false).await
}

async fn listing_thumb(state: State<AppState>, user: Option<CurrentUser>, path: Path<(i64, i64)>) -> AppResult {
    send_listing_photo(state, user, path, true).await
}

async fn send_listing_photo(State(state): State<AppState>, user: Option<CurrentUser>, Path((id, file)): Path<(i64, i64)>, thumb: bool) -> AppResult {
    let listing = state.store.listing(id).await?.ok_or(AppError::NotFound)?;
    let photos = state.store.listing_photos(id).await?;
    let p = provider_for(&state, listing.provider_id).await?;
    if !may_see(&state, user.as_deref(), &p, listing.active == 1).await? {
        return Err(AppError::NotFound);
    }
    let f = photos.iter().find(|f| f.id == file).ok_or(AppError::NotFound)?;
    crate::applications::files::send_stored(&state, f, thumb).await
}
