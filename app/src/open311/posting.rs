//! POST `/open311/v2/requests.{json|xml}` (a new report) and `servicerequestupdates` (a public
//! update from a key an administrator allows), form-encoded or `multipart/form-data`
//! (fields and photos, which go through the same upload pipeline as the web form's). Every
//! refusal, an unreadable body or content type included, is an Open311 error document.
use super::api::{internal, notice, public_categories};
use super::format::{error, list, s, Format, Item, Val};
#[allow(unused_imports)] // Named in the OpenAPI attributes.
use super::schema::{AcceptedRequest, AcceptedUpdate, NewRequest, NewUpdate, Open311Error};
use crate::feedback::handlers::{check, file, Filing, FilingError};
use crate::feedback::MAX_PHOTOS;
use crate::forms::FormState;
use crate::prefs::Lang;
use crate::state::AppState;
use crate::uploads::{discard, store_files, Upload};
use axum::extract::{DefaultBodyLimit, FromRequest, Path, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::routing::{post, MethodRouter};
use axum::Form;
use std::collections::HashMap;

type Params = HashMap<String, String>;

/// Six phone photos and the fields; each file is held to the upload limit as it streams in.
const POST_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// What clients send for "no building": they know only a point.
const NOT_PINPOINTED: &str = "#NOTPINPOINTED#";

pub(super) fn route() -> MethodRouter<AppState> {
    post(post_request).layer(DefaultBodyLimit::max(POST_BODY_LIMIT))
}

/// The body is read only once the address is within its limit.
async fn post_request(State(state): State<AppState>, addr: crate::web::ClientAddr, Path(name): Path<String>, req: axum::extract::Request) -> Response {
    let (stem, fmt) = match Format::split(&name) {
        Some((stem @ ("requests" | "servicerequestupdates"), fmt)) => (stem, fmt),
        other => return error(other.map(|x| x.1).unwrap_or(Format::Json), StatusCode::NOT_FOUND, "unknown endpoint"),
    };
    if let Err(crate::web::AppError::TooMany { retry_after, .. }) = state.limits.check(crate::web::Limit::Open311Post, addr.0).await {
        let mut res = error(fmt, StatusCode::TOO_MANY_REQUESTS, &format!("too many requests: try again in {retry_after} seconds"));
        res.headers_mut().insert(header::RETRY_AFTER, retry_after.into());
        return res;
    }
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let (p, upload) = if content_type.starts_with("multipart/form-data") {
        match Upload::read(req, &state).await {
            Ok(u) => (u.texts.iter().map(|(k, v)| (k.clone(), v.first().cloned().unwrap_or_default())).collect(), u),
            Err(crate::web::AppError::Malformed(StatusCode::PAYLOAD_TOO_LARGE)) => {
                return error(fmt, StatusCode::PAYLOAD_TOO_LARGE, "a text field is too large")
            }
            Err(_) => return error(fmt, StatusCode::BAD_REQUEST, "the multipart/form-data body could not be read"),
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        match Form::<Params>::from_request(req, &state).await {
            Ok(Form(p)) => (p, Upload::default()),
            Err(rejection) => return error(fmt, rejection.status(), "the form body could not be read"),
        }
    } else {
        let m = "Content-Type must be application/x-www-form-urlencoded or multipart/form-data";
        return error(fmt, StatusCode::UNSUPPORTED_MEDIA_TYPE, m);
    };
    let accepted = if stem == "requests" {
        accept_request(&state, &p, &upload).await.map(|item| list(fmt, StatusCode::OK, "service_requests", "request", &[item]))
    } else {
        accept_update(&state, &p, &upload).await.map(|item| list(fmt, StatusCode::OK, "service_request_updates", "request_update", &[item]))
    };
    match accepted {
        Ok(answer) => answer,
        Err(Fault::Refused(status, description)) => error(fmt, status, &description),
        Err(Fault::Internal(cause)) => internal(fmt, cause),
    }
}

/// Why a posted request was not taken: a refusal the client is told about in an error
/// document, or a fault of ours (logged, answered 500).
pub(crate) enum Fault {
    Refused(StatusCode, String),
    Internal(String),
}

impl Fault {
    fn bad(description: impl Into<String>) -> Self {
        Fault::Refused(StatusCode::BAD_REQUEST, description.into())
    }
}

impl From<crate::storage::StoreError> for Fault {
    fn from(e: crate::storage::StoreError) -> Self {
        Fault::Internal(e.to_string())
    }
}

impl From<crate::web::AppError> for Fault {
    fn from(e: crate::web::AppError) -> Self {
        match e {
            crate::web::AppError::Refused { status: StatusCode::SERVICE_UNAVAILABLE, .. } => {
                Fault::Refused(StatusCode::SERVICE_UNAVAILABLE, "media: the photo store is unavailable; nothing was filed, please try again later".into())
            }
            other => Fault::Internal(format!("{other:?}")),
        }
    }
}

async fn client_key(state: &AppState, p: &Params) -> Result<crate::storage::ApiKeyRow, Fault> {
    match p.get("api_key").filter(|k| !k.is_empty()) {
        Some(k) => state.store.api_key_by_hash(&super::keys::hash(k)).await?
            .ok_or_else(|| Fault::Refused(StatusCode::FORBIDDEN, "api_key is not valid".into())),
        None => Err(Fault::Refused(StatusCode::FORBIDDEN, "api_key was not provided".into())),
    }
}

/// The most an update says (the same as a report's description).
const UPDATE_LIMIT: usize = 2000;

/// POST `servicerequestupdates` (FixMyStreet's extension): a key an administrator allows adds a
/// public update to a public report. Status changes stay with the unit that owns the report.
#[utoipa::path(post, path = "/open311/v2/servicerequestupdates.{format}", tag = "open311", params(("format" = super::schema::Format, Path, description = "json or xml")),
    request_body(content((NewUpdate = "application/x-www-form-urlencoded"), (NewUpdate = "multipart/form-data"))),
    responses((status = 200, description = "Added: an array of one", content(([AcceptedUpdate] = "application/json"), ([AcceptedUpdate] = "text/xml"))),
        (status = 400, description = "A field is missing or wrong; the description names it", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 403, description = "No api_key, an unknown one, or one not allowed this", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 404, description = "No such service or report", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 413, description = "A photo or a field is too large", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 415, description = "Neither form-encoded nor multipart", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 429, description = "Too many posts from this address; see Retry-After", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 503, description = "The photo store is unavailable: nothing was filed; try again later", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml")))))]
pub(crate) async fn accept_update(state: &AppState, p: &Params, upload: &Upload) -> Result<Item, Fault> {
    let key = client_key(state, p).await?;
    if key.may_update == 0 {
        return Err(Fault::Refused(StatusCode::FORBIDDEN, "this api_key may not post updates; ask the administrator who issued it".into()));
    }
    // A file too large to keep is still a file sent: refused the same way.
    if !upload.files.is_empty() || !upload.problems.is_empty() {
        return Err(Fault::bad("media: updates take no files; give media_url"));
    }
    let text = |k: &str| p.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let ref_no = text("service_request_id");
    if ref_no.is_empty() {
        return Err(Fault::bad("service_request_id was not provided"));
    }
    let description = text("description").replace("\r\n", "\n");
    if description.is_empty() {
        return Err(Fault::bad("description was not provided"));
    }
    if description.chars().count() > UPDATE_LIMIT {
        return Err(Fault::bad(format!("description: at most {UPDATE_LIMIT} characters")));
    }
    match state.store.add_client_update(&ref_no, key.id, &description, state.now()).await? {
        Some(id) => Ok(vec![("update_id", s(id.to_string()))]),
        None => Err(Fault::Refused(StatusCode::NOT_FOUND, "service_request_id not found".into())),
    }
}

/// Checks the key and the fields, stores the photos, files the report, and describes it.
#[utoipa::path(post, path = "/open311/v2/requests.{format}", tag = "open311", params(("format" = super::schema::Format, Path, description = "json or xml")),
    request_body(content((NewRequest = "application/x-www-form-urlencoded"), (NewRequest = "multipart/form-data"))),
    responses((status = 200, description = "Filed: an array of one", content(([AcceptedRequest] = "application/json"), ([AcceptedRequest] = "text/xml"))),
        (status = 400, description = "A field is missing or wrong; the description names it", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 403, description = "No api_key, an unknown one, or one not allowed this", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 404, description = "No such service or report", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 413, description = "A photo or a field is too large", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 415, description = "Neither form-encoded nor multipart", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 429, description = "Too many posts from this address; see Retry-After", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml"))), (status = 503, description = "The photo store is unavailable: nothing was filed; try again later", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml")))))]
pub(crate) async fn accept_request(state: &AppState, p: &Params, upload: &Upload) -> Result<Item, Fault> {
    let key = client_key(state, p).await?;
    let text = |k: &str| p.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let code = text("service_code");
    if code.is_empty() {
        return Err(Fault::bad("service_code was not provided"));
    }
    let category = public_categories(state).await?.into_iter().find(|c| c.code == code)
        .ok_or_else(|| Fault::Refused(StatusCode::NOT_FOUND, "service_code not found".into()))?;
    let filing = filing_from(&text, &category.code, key.id)?;
    if let Some((field, m)) = check(&filing).into_iter().next() {
        // Name the field the client sent: a title over 60 characters is its `attribute[title]`.
        let field = match field {
            "title" if !text("attribute[title]").is_empty() => "attribute[title]",
            "body" | "title" => "description",
            "lat" => "lat/long",
            other => other,
        };
        return Err(Fault::bad(format!("{field}: {}", m.text(Lang::En))));
    }
    let files = photos(state, upload).await?;
    match file(state, filing, &files).await {
        Ok(ref_no) => Ok(vec![("service_request_id", s(ref_no)), ("service_notice", s(notice(category.deadline_days))), ("account_id", Val::Null)]),
        Err(e) => {
            discard(state, &files).await;
            match e {
                FilingError::Field(field, m) => {
                    let field = if field == "building" { "address_id" } else { field };
                    Err(Fault::bad(format!("{field}: {}", m.text(Lang::En))))
                }
                FilingError::Store(e) => Err(e.into()),
            }
        }
    }
}

/// Every file part is a photo of the problem: recognised by its bytes, re-encoded (no EXIF or
/// GPS), sealed and written durably, as from the web form.
async fn photos(state: &AppState, upload: &Upload) -> Result<Vec<crate::storage::NewFile>, Fault> {
    if upload.problems.values().next().is_some() {
        return Err(Fault::Refused(StatusCode::PAYLOAD_TOO_LARGE, format!("media: each photo may be at most {} MB", crate::uploads::MAX_FILE_BYTES / 1024 / 1024)));
    }
    if upload.files.len() > MAX_PHOTOS {
        return Err(Fault::bad(format!("media: at most {MAX_PHOTOS} photos")));
    }
    let chosen = upload.files.iter().map(|(_, name, bytes)| ("photo".to_string(), name.clone(), bytes.clone())).collect();
    let mut form = FormState::default();
    let files = store_files(state, chosen, false, &mut form).await?;
    match form.errors.into_values().next() {
        Some(m) => Err(Fault::bad(format!("media: {}", m.text(Lang::En)))),
        None => Ok(files),
    }
}

/// The report as the client described it: where, what, and who to answer.
fn filing_from(text: &dyn Fn(&str) -> String, category: &str, key_id: i64) -> Result<Filing, Fault> {
    let coord = |k: &str| -> Result<Option<f64>, Fault> {
        let v = text(k);
        if v.is_empty() { Ok(None) } else { v.parse::<f64>().map(Some).map_err(|_| Fault::bad("lat and long must be decimal degrees")) }
    };
    let (lat, lng) = (coord("lat")?, coord("long")?);
    // The building may come as `address_id` or as the attribute of the same name; clients that
    // know only a point say so with a marker instead of leaving it out.
    let address_id = match [text("address_id"), text("attribute[address_id]")].into_iter().find(|v| !v.is_empty() && v != NOT_PINPOINTED) {
        None => None,
        Some(v) => Some(v.parse::<i64>().map_err(|_| Fault::bad("address_id is not a known building id"))?),
    };
    let address_string = text("address_string");
    if lat.is_none() && lng.is_none() && address_id.is_none() && address_string.is_empty() {
        return Err(Fault::bad("a location is required: lat and long, address_string or address_id"));
    }
    let (title, body) = title_and_body(&text("attribute[title]"), &text("description"));
    let media_url = text("media_url");
    if !media_url.is_empty() && !(media_url.starts_with("https://") || media_url.starts_with("http://")) {
        return Err(Fault::bad("media_url must be an http(s) URL"));
    }
    let reporter_name = format!("{}{}", text("last_name"), text("first_name"));
    let contact = [text("phone"), text("email")].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    Ok(Filing {
        category: category.to_string(),
        title,
        body,
        building_id: address_id,
        address_detail: address_string,
        lat,
        lng,
        resident: None,
        filed_by: None,
        channel: crate::channel::Channel::Open311,
        consent_note: String::new(),
        api_key_id: Some(key_id),
        reporter_name: reporter_name.chars().take(50).collect(),
        reporter_contact: contact.chars().take(100).collect(),
        media_url,
        order_id: None,
    })
}

/// The title is the client's `attribute[title]` when it sent one. Otherwise clients put it on
/// the first line of the description ("TITLE\r\n\r\nDETAIL"): that line is the title and the rest
/// the body; a one-line description gives its first 30 characters as the title and stays whole.
pub(super) fn title_and_body(title: &str, description: &str) -> (String, String) {
    let description = description.replace("\r\n", "\n").replace('\r', "\n").trim().to_string();
    if !title.is_empty() {
        return (title.replace(['\r', '\n'], " "), description);
    }
    match description.split_once('\n') {
        Some((first, rest)) if !rest.trim().is_empty() => (first.trim().chars().take(60).collect(), rest.trim().to_string()),
        _ => (description.chars().take(30).collect(), description),
    }
}

#[cfg(test)]
mod tests {
    use super::title_and_body;

    #[test]
    fn the_title_comes_from_the_attribute_or_the_first_line() {
        assert_eq!(title_and_body("", "TITLE\r\n\r\nDETAIL"), ("TITLE".into(), "DETAIL".into()));
        assert_eq!(title_and_body("路灯不亮", "整晚不亮\r\n三天了"), ("路灯不亮".into(), "整晚不亮\n三天了".into()));
        let one_line = "路灯整晚不亮，已经三天，行人夜里看不清台阶，老人摔倒过一次，请尽快修";
        let (title, body) = title_and_body("", one_line);
        assert_eq!((title.chars().count(), body.as_str()), (30, one_line));
        assert_eq!(title_and_body("", "only\r\n  \r\n"), ("only".into(), "only".into()));
        assert_eq!(title_and_body("a\r\nb", "x"), ("a  b".into(), "x".into()));
    }
}
