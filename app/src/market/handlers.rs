//! The provider's and the vetting staff's form posts: apply (with the business licence), vet,
//! suspend, list services with photos and weekly slots, run promotions; and the files behind
//! them, served only to whoever may see them.
use super::access::staff_covers;
use super::{codes, join_codes, parse_yuan, uscc_is_valid, CATEGORIES, MAX_PHOTOS, SUITS};
use crate::applications::apply::{discard, read_upload, store_files, Upload};
use crate::applications::handlers::UPLOAD_REQUEST_LIMIT;
use crate::applications::steps;
use crate::forms::{field, internal, lang_of, msg, not_found, read_form, render_at, render_page, signed_in, FormState, Pairs};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{AuditEntry, ListingInput, NewFile, NewProvider, ProviderRow, ProviderStep, StoreError, UserRecord};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{request::Parts, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    let big = || DefaultBodyLimit::max(UPLOAD_REQUEST_LIMIT);
    Router::new()
        .route("/provider/apply", post(apply).layer(big()))
        .route("/provider/licence", get(own_licence))
        .route("/provider/listings/new", post(save_listing).layer(big()))
        .route("/provider/listings/{id}", post(save_listing).layer(big()))
        .route("/provider/listings/{id}/active", post(set_active))
        .route("/provider/listings/{id}/slots", post(add_slot))
        .route("/provider/listings/{id}/slots/{slot}/delete", post(delete_slot))
        .route("/work/providers/{id}/licence", get(staff_licence))
        .route("/work/providers/{id}/{action}", post(vet))
        .route("/market/listings/{id}/photos/{file}", get(listing_photo))
        .route("/market/listings/{id}/photos/{file}/thumb", get(listing_thumb))
}

/// Multipart posts of this module (they get the upload body limit).
pub fn is_upload_path(path: &str) -> bool {
    matches!(path, "/provider/apply" | "/provider/listings/new" | "/provider/promotions")
        || (path.starts_with("/provider/listings/") && path.matches('/').count() == 3)
}

pub(super) fn user_of(parts: &Parts) -> Option<Arc<UserRecord>> {
    signed_in(parts).map(|s| s.0)
}

/// Checks and cleans the uploaded files of one field; refuses `name` on a bad one.
pub(super) async fn files_of(state: &AppState, upload: &Upload, name: &str, max: usize, form: &mut FormState, lang: Lang) -> Result<Vec<NewFile>, Response> {
    let chosen: Vec<_> = upload.files_for(name).map(|(_, n, b)| (name.to_string(), n.clone(), b.clone())).collect();
    if let Some(p) = upload.problems.get(name) {
        form.refuse(name, p.message(lang));
        return Ok(Vec::new());
    }
    if chosen.len() > max {
        form.refuse(name, msg(lang, &format!("最多 {max} 个文件"), &format!("At most {max} files")));
        return Ok(Vec::new());
    }
    if !form.is_ok() || chosen.is_empty() {
        return Ok(Vec::new());
    }
    let mut slot_form = FormState::default();
    let files = store_files(state, chosen, false, &mut slot_form, lang).await?;
    if let Some(e) = slot_form.errors.into_values().next() {
        form.refuse(name, e);
    }
    Ok(files)
}

pub(super) fn refused(lang: Lang, upload: &Upload, mut form: FormState) -> FormState {
    if !upload.files.is_empty() {
        form.notice = Some(msg(lang, "为保护隐私，已选的文件需要重新选择", "For your privacy, please choose your files again"));
    }
    form
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

/// POST `/provider/apply` (multipart): a new application, or the same one sent again.
async fn apply(State(state): State<AppState>, req: Request) -> Response {
    let (parts, upload) = match read_upload(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(user) = user_of(&parts) else { return Redirect::to("/login").into_response() };
    let lang = lang_of(&parts);
    let store = &*state.store;
    let existing = match store.provider_by_owner(user.id).await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    if existing.as_ref().is_some_and(|p| !matches!(p.status.as_str(), "more_info" | "rejected")) {
        // The page then says it was sent already and links its progress.
        return render_page(state.clone(), parts, FormState::default(), StatusCode::CONFLICT).await;
    }
    let mut form = FormState::default();
    for key in ["name", "uscc", "contact_name", "contact_phone", "base_building", "radius_km"] {
        form.values.insert(key.into(), upload.text(key).chars().take(100).collect());
    }
    let list = |key: &str| upload.texts.get(key).cloned().unwrap_or_default();
    form.values.insert("categories".into(), list("categories").join(","));
    form.values.insert("communities".into(), list("communities").join(","));
    let name = upload.text("name");
    if !(2..=60).contains(&name.chars().count()) {
        form.refuse("name", msg(lang, "请填写营业执照上的名称（2–60 字）", "Enter the name on the business licence (2–60 characters)"));
    }
    let uscc = upload.text("uscc").to_ascii_uppercase().replace([' ', '-'], "");
    if uscc.len() != 18 {
        form.refuse("uscc", msg(lang, "统一社会信用代码为 18 位，请对照营业执照填写", "The unified social credit code has 18 characters; copy it from the licence"));
    } else if !uscc_is_valid(&uscc) {
        form.refuse("uscc", msg(lang, "统一社会信用代码校验不通过，请逐位核对", "This code does not pass the check character; compare it character by character"));
    }
    let contact_name = match crate::accounts::validate::real_name(&upload.text("contact_name")) {
        Ok(n) => n,
        Err(p) => {
            form.refuse("contact_name", p.message(lang));
            String::new()
        }
    };
    let contact_phone = match crate::accounts::validate::mobile(&upload.text("contact_phone")) {
        Ok(n) => n,
        Err(p) => {
            form.refuse("contact_phone", p.message(lang));
            String::new()
        }
    };
    let categories: Vec<String> = list("categories").into_iter().filter(|c| CATEGORIES.iter().any(|x| x.0 == c)).collect();
    if categories.is_empty() {
        form.refuse("categories", msg(lang, "请至少选择一个服务类别", "Choose at least one kind of service"));
    }
    let known = match super::access::community_names(store).await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let communities: Vec<String> = list("communities").into_iter().filter(|c| known.iter().any(|k| &k.code == c)).collect();
    let base_building = upload.text("base_building").parse::<i64>().ok();
    let radius_text = upload.text("radius_km");
    let radius_km = if radius_text.is_empty() { Some(0.0) } else { radius_text.parse::<f64>().ok().filter(|r| (0.5..=50.0).contains(r)) };
    if radius_km.is_none() {
        form.refuse("radius_km", msg(lang, "服务半径请填写 0.5 到 50 之间的公里数", "Give a radius between 0.5 and 50 km"));
    }
    let radius_km = radius_km.unwrap_or(0.0);
    if radius_km > 0.0 && base_building.is_none() {
        form.refuse("base_building", msg(lang, "按半径服务时，请选择出发地址", "Choose the address the radius is measured from"));
    }
    if communities.is_empty() && radius_km == 0.0 {
        form.refuse("communities", msg(lang, "请选择服务的社区，或填写服务半径", "Choose the communities you serve, or give a radius"));
    }
    if let Some(b) = base_building {
        match store.building(b).await {
            Ok(Some(_)) => {}
            Ok(None) => form.refuse("base_building", msg(lang, "请从列表中选择地址", "Choose an address from the list")),
            Err(e) => return internal(e),
        }
    }
    let licences = match files_of(&state, &upload, "licence", 1, &mut form, lang).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if licences.is_empty() && existing.is_none() {
        form.refuse("licence", msg(lang, "请上传营业执照（照片或 PDF）", "Upload the business licence (photo or PDF)"));
    }
    if !form.is_ok() {
        discard(&state, &licences);
        return render_page(state.clone(), parts, refused(lang, &upload, form), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let p = NewProvider {
        owner_id: user.id,
        name,
        uscc,
        contact_name,
        contact_phone,
        categories: join_codes(categories.iter().map(String::as_str)),
        communities: join_codes(communities.iter().map(String::as_str)),
        base_building_id: base_building,
        radius_km,
    };
    let result = async {
        let staff = vetting_staff(&state, &p.communities, p.base_building_id).await?;
        let notices = steps::notices(store, &staff, "provider_applied",
            &format!("便民服务商「{}」申请入驻，请审核。", p.name), &format!("Provider \"{}\" applied to join; please vet.", p.name)).await?;
        match &existing {
            None => store.create_provider(&p, &licences[0], &notices, crate::time::now_unix()).await.map(|_| true),
            Some(e) => store.resubmit_provider(e.id, &p, licences.first(), &notices, crate::time::now_unix()).await,
        }
    };
    match result.await {
        Ok(true) => Redirect::to("/provider?applied=1").into_response(),
        Ok(false) => {
            discard(&state, &licences);
            render_page(state.clone(), parts, FormState::default(), StatusCode::CONFLICT).await
        }
        Err(StoreError::Conflict(which)) => {
            discard(&state, &licences);
            let m = if which == "uscc" {
                msg(lang, "该统一社会信用代码已有商户入驻", "A provider with this code has already applied")
            } else {
                msg(lang, "此账号已提交过入驻申请", "This account has already applied")
            };
            form.refuse("uscc", m);
            render_page(state.clone(), parts, refused(lang, &upload, form), StatusCode::CONFLICT).await
        }
        Err(e) => {
            discard(&state, &licences);
            internal(e)
        }
    }
}

pub(super) async fn provider_for(state: &AppState, id: i64) -> Result<ProviderRow, Response> {
    match state.store.provider(id).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(not_found()),
        Err(e) => Err(internal(e)),
    }
}

/// POST `/work/providers/{id}/{approve|reject|ask|suspend|reinstate}` by staff who vet it.
async fn vet(State(state): State<AppState>, Path((id, action)): Path<(i64, String)>, req: Request) -> Response {
    let (parts, pairs) = match read_form::<Pairs>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(user) = user_of(&parts) else { return not_found() };
    let lang = lang_of(&parts);
    let p = match provider_for(&state, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match staff_covers(&*state.store, &user, &p).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return internal(e),
    }
    let reason: String = field(&pairs, "reason").chars().take(500).collect();
    let (from, to, kind, needs_reason, zh, en): (&'static [&'static str], _, _, _, _, _) = match action.as_str() {
        "approve" => (&["pending"], "approved", "approved", false, "审核通过，可以发布服务了", "approved: you can list services now"),
        "reject" => (&["pending"], "rejected", "rejected", true, "未通过审核", "was not approved"),
        "ask" => (&["pending"], "more_info", "asked", true, "需要补充材料", "needs more information"),
        "suspend" => (&["approved"], "suspended", "suspended", true, "已被暂停服务，服务已下架", "was suspended; its services are hidden"),
        "reinstate" => (&["suspended"], "approved", "reinstated", false, "已恢复服务", "was reinstated"),
        _ => return not_found(),
    };
    let page = format!("/work/providers/{id}");
    if needs_reason && reason.is_empty() {
        let mut form = FormState::default();
        form.refuse(&format!("reason-{action}"), msg(lang, "请写明原因，服务商会看到", "Give the reason; the provider will see it"));
        return render_at(state.clone(), parts, &page, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let store = &*state.store;
    let text = if reason.is_empty() { String::new() } else { format!("原因：{reason}") };
    let notices = match steps::notices(store, &[p.owner_id], "provider_vetted",
        &format!("您的服务商「{}」{zh}。{text}", p.name), &format!("Your provider \"{}\" {en}. {reason}", p.name)).await {
        Ok(n) => n,
        Err(e) => return internal(e),
    };
    let step = ProviderStep {
        provider_id: p.id,
        from,
        to,
        actor_id: user.id,
        event_kind: kind,
        reason: reason.clone(),
        notices,
        audit: vec![AuditEntry { actor_id: user.id, subject_id: p.owner_id, action: format!("provider_{kind}"), detail: format!("{} {reason}", p.name) }],
    };
    match store.provider_step(&step, crate::time::now_unix()).await {
        Ok(true) => Redirect::to(&page).into_response(),
        Ok(false) => {
            let mut form = FormState::default();
            form.notice = Some(msg(lang, "该服务商的状态已被他人更新，请查看最新状态", "Someone else changed this provider first; here is its current state"));
            render_at(state.clone(), parts, &page, form, StatusCode::CONFLICT).await
        }
        Err(e) => internal(e),
    }
}

/// The signed-in user's provider, if approved (listings and promotions need that).
pub(super) async fn approved_provider(state: &AppState, user: &UserRecord) -> Result<ProviderRow, Response> {
    match state.store.provider_by_owner(user.id).await {
        Ok(Some(p)) if p.status == "approved" => Ok(p),
        Ok(_) => Err(not_found()),
        Err(e) => Err(internal(e)),
    }
}

/// A multipart post by an approved provider: its parts, fields and files, the user and provider.
pub(super) async fn provider_upload(state: &AppState, req: Request) -> Result<(Parts, Upload, Arc<UserRecord>, ProviderRow), Response> {
    let (parts, upload) = read_upload(req).await?;
    let Some(user) = user_of(&parts) else { return Err(Redirect::to("/login").into_response()) };
    let provider = approved_provider(state, &user).await?;
    Ok((parts, upload, user, provider))
}

/// POST `/provider/listings/new` or `/provider/listings/{id}` (multipart).
async fn save_listing(State(state): State<AppState>, id: Option<Path<i64>>, req: Request) -> Response {
    let (parts, upload, user, provider) = match provider_upload(&state, req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let id = id.map(|Path(i)| i);
    let mut form = FormState::default();
    for key in ["title", "description", "price_kind", "price", "duration", "cancel_hours"] {
        form.values.insert(key.into(), upload.text(key).chars().take(1000).collect());
    }
    let list = |key: &str| upload.texts.get(key).cloned().unwrap_or_default();
    let title = upload.text("title");
    if !(2..=40).contains(&title.chars().count()) {
        form.refuse("title", msg(lang, "服务名称 2–40 字", "The title needs 2–40 characters"));
    }
    let description = upload.text("description");
    if description.is_empty() || description.chars().count() > 1000 {
        form.refuse("description", msg(lang, "请描述服务内容（最多 1000 字）", "Describe the service (at most 1000 characters)"));
    }
    let categories: Vec<String> = list("categories").into_iter().filter(|c| CATEGORIES.iter().any(|x| x.0 == c)).collect();
    if categories.is_empty() {
        form.refuse("categories", msg(lang, "请至少选择一个类别", "Choose at least one category"));
    }
    let suits: Vec<String> = list("suits").into_iter().filter(|c| SUITS.iter().any(|x| x.0 == c)).collect();
    let price_kind = upload.text("price_kind");
    let price = match price_kind.as_str() {
        "quote" => Some(0),
        "fixed" | "from" => parse_yuan(&upload.text("price")).filter(|c| *c > 0),
        _ => {
            form.refuse("price_kind", msg(lang, "请选择计价方式", "Choose how it is priced"));
            Some(0)
        }
    };
    if price.is_none() {
        form.refuse("price", msg(lang, "请填写价格（元），如 80 或 79.9", "Enter a price in yuan, e.g. 80 or 79.9"));
    }
    let duration = upload.text("duration").parse::<i64>().ok().filter(|d| (15..=600).contains(d));
    if duration.is_none() {
        form.refuse("duration", msg(lang, "服务时长请填 15 到 600 分钟", "Duration: 15 to 600 minutes"));
    }
    let cancel_hours = upload.text("cancel_hours").parse::<i64>().ok().filter(|h| (0..=72).contains(h));
    if cancel_hours.is_none() {
        form.refuse("cancel_hours", msg(lang, "免费取消时限请填 0 到 72 小时", "Free cancellation: 0 to 72 hours"));
    }
    let photos = match files_of(&state, &upload, "photos", MAX_PHOTOS, &mut form, lang).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if !form.is_ok() {
        discard(&state, &photos);
        return render_page(state.clone(), parts, refused(lang, &upload, form), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let labels_zh = super::labels(CATEGORIES, &join_codes(categories.iter().map(String::as_str)), Lang::Zh);
    let mut terms = vec![title.as_str()];
    terms.extend(labels_zh.iter().map(String::as_str));
    let (pinyin_full, pinyin_initials) = crate::catalogue::search::pinyin_keys(terms);
    let input = ListingInput {
        search_text: format!("{title} {} {description} {}", labels_zh.join(" "), provider.name),
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
    match state.store.save_listing(provider.id, user.id, id, &input, &photos, crate::time::now_unix()).await {
        Ok(Some(saved)) => Redirect::to(&format!("/provider/listings/{saved}?saved=1")).into_response(),
        Ok(None) => {
            discard(&state, &photos);
            not_found()
        }
        Err(e) => {
            discard(&state, &photos);
            internal(e)
        }
    }
}

/// The listing, if it is the signed-in provider's own.
async fn own_listing(state: &AppState, parts: &Parts, id: i64) -> Result<(ProviderRow, i64), Response> {
    let Some(user) = user_of(parts) else { return Err(not_found()) };
    let p = approved_provider(state, &user).await?;
    match state.store.listing(id).await {
        Ok(Some(l)) if l.provider_id == p.id => Ok((p, l.id)),
        Ok(_) => Err(not_found()),
        Err(e) => Err(internal(e)),
    }
}

/// POST `/provider/listings/{id}/active`: on sale (`active=1`) or taken down.
async fn set_active(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, pairs) = match read_form::<Pairs>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (p, id) = match own_listing(&state, &parts, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.store.set_listing_active(id, p.id, field(&pairs, "active") == "1", crate::time::now_unix()).await {
        Ok(_) => Redirect::to(&format!("/provider/listings/{id}")).into_response(),
        Err(e) => internal(e),
    }
}

/// POST `/provider/listings/{id}/slots`: a weekly slot (weekday, start time, capacity).
async fn add_slot(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, pairs) = match read_form::<Pairs>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (_, id) = match own_listing(&state, &parts, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let mut form = FormState::default();
    for key in ["weekday", "start", "capacity"] {
        form.values.insert(key.into(), field(&pairs, key));
    }
    let weekday = field(&pairs, "weekday").parse::<i64>().ok().filter(|d| (1..=7).contains(d));
    if weekday.is_none() {
        form.refuse("weekday", msg(lang, "请选择星期几", "Choose the day of the week"));
    }
    let start = field(&pairs, "start");
    let minute = start.split_once(':').and_then(|(h, m)| Some((h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)))
        .filter(|(h, m)| (0..24).contains(h) && (0..60).contains(m)).map(|(h, m)| h * 60 + m);
    if minute.is_none() {
        form.refuse("start", msg(lang, "请填写开始时间，如 09:00", "Enter the start time, e.g. 09:00"));
    }
    let capacity = field(&pairs, "capacity").parse::<i64>().ok().filter(|c| (1..=50).contains(c));
    if capacity.is_none() {
        form.refuse("capacity", msg(lang, "每个时段可接 1 到 50 单", "Each slot takes 1 to 50 bookings"));
    }
    let page = format!("/provider/listings/{id}");
    if let (Some(w), Some(m), Some(c)) = (weekday, minute, capacity) {
        match state.store.add_availability(id, w, m, c).await {
            Ok(true) => return Redirect::to(&page).into_response(),
            Ok(false) => form.refuse("start", msg(lang, "这个时段已经设置过了", "This slot is already set")),
            Err(e) => return internal(e),
        }
    }
    render_at(state.clone(), parts, &page, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn delete_slot(State(state): State<AppState>, Path((id, slot)): Path<(i64, i64)>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let (_, id) = match own_listing(&state, &parts, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.store.delete_availability(slot, id).await {
        Ok(_) => Redirect::to(&format!("/provider/listings/{id}")).into_response(),
        Err(e) => internal(e),
    }
}

pub(super) async fn send_file(state: &AppState, file_id: i64, thumb: bool) -> Response {
    match state.store.file(file_id).await {
        Ok(Some(f)) => crate::applications::files::send_stored(state, &f, thumb).await,
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

async fn own_licence(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = user_of(&parts) else { return not_found() };
    match state.store.provider_by_owner(user.id).await {
        Ok(Some(p)) => send_file(&state, p.licence_file_id, false).await,
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

async fn staff_licence(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = user_of(&parts) else { return not_found() };
    let p = match provider_for(&state, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match staff_covers(&*state.store, &user, &p).await {
        Ok(true) => {
            let _ = state.store.audit(crate::time::now_unix(), Some(user.id), Some(p.owner_id), "licence_viewed", &p.name).await;
            send_file(&state, p.licence_file_id, false).await
        }
        Ok(false) => not_found(),
        Err(e) => internal(e),
    }
}

/// Whether someone may see a provider's public material: everyone while it is approved; else
/// the provider and the staff who vet it.
pub(super) async fn may_see(state: &AppState, parts: &Parts, p: &ProviderRow, public: bool) -> Result<bool, Response> {
    if public && p.status == "approved" {
        return Ok(true);
    }
    let Some(user) = user_of(parts) else { return Ok(false) };
    if user.id == p.owner_id {
        return Ok(true);
    }
    staff_covers(&*state.store, &user, p).await.map_err(internal)
}

async fn listing_photo(state: State<AppState>, path: Path<(i64, i64)>, req: Request) -> Response {
    send_listing_photo(state, path, req, false).await
}

async fn listing_thumb(state: State<AppState>, path: Path<(i64, i64)>, req: Request) -> Response {
    send_listing_photo(state, path, req, true).await
}

async fn send_listing_photo(State(state): State<AppState>, Path((id, file)): Path<(i64, i64)>, req: Request, thumb: bool) -> Response {
    let (parts, _) = req.into_parts();
    let (listing, photos) = match (state.store.listing(id).await, state.store.listing_photos(id).await) {
        (Ok(Some(l)), Ok(p)) => (l, p),
        (Ok(None), _) => return not_found(),
        (Err(e), _) | (_, Err(e)) => return internal(e),
    };
    let p = match provider_for(&state, listing.provider_id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match may_see(&state, &parts, &p, listing.active == 1).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(r) => return r,
    }
    match photos.iter().find(|f| f.id == file) {
        Some(f) => crate::applications::files::send_stored(&state, f, thumb).await,
        None => not_found(),
    }
}
