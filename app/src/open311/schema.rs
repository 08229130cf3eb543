//! The shapes GeoReport v2 documents, for `/openapi.json`. The endpoints write them through
//! the format-neutral `Item` model (so JSON and XML always agree); the conformance test
//! (`server/tests/openapi.rs`) checks every answer against these shapes, so the two cannot drift.
#![allow(dead_code)] // Read by the OpenAPI derive, never built in Rust.
use utoipa::ToSchema;

/// `.json` or `.xml`: the same fields in either.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum Format {
    Json,
    Xml,
}

/// `open` until the owning unit finishes the item (办结 or closed), then `closed`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum RequestStatus {
    Open,
    Closed,
}

/// Every refusal and fault: an array of these, with the same HTTP status.
#[derive(ToSchema)]
#[schema(xml(name = "error"))]
pub struct Open311Error {
    /// The HTTP status again.
    code: i64,
    /// What was wrong, naming the field the client sent.
    description: String,
}

/// Where the API lives and who issues keys.
#[derive(ToSchema)]
#[schema(xml(name = "discovery"))]
pub struct Discovery {
    changeset: String,
    contact: String,
    /// Where to ask for an `api_key`.
    key_service: String,
    #[schema(xml(name = "endpoints", wrapped))]
    endpoints: Vec<Endpoint>,
}

#[derive(ToSchema)]
#[schema(xml(name = "endpoint"))]
pub struct Endpoint {
    specification: String,
    url: String,
    changeset: String,
    #[schema(rename = "type")]
    kind: String,
    #[schema(xml(name = "format", wrapped(name = "formats")))]
    formats: Vec<String>,
}

/// A public-space category (报事) the API takes reports in.
#[derive(ToSchema)]
#[schema(xml(name = "service"))]
pub struct Service {
    service_code: String,
    service_name: String,
    description: String,
    /// Always true: each service has a definition with optional attributes.
    metadata: bool,
    #[schema(rename = "type")]
    kind: String,
    keywords: String,
    group: String,
}

/// A service's optional attributes (`title`, `address_id`).
#[derive(ToSchema)]
#[schema(xml(name = "service_definition"))]
pub struct ServiceDefinition {
    service_code: String,
    #[schema(xml(name = "attributes", wrapped))]
    attributes: Vec<Attribute>,
}

#[derive(ToSchema)]
#[schema(xml(name = "attribute"))]
pub struct Attribute {
    variable: bool,
    code: String,
    datatype: String,
    required: bool,
    datatype_description: String,
    order: i64,
    description: String,
    #[schema(xml(name = "values", wrapped))]
    values: Vec<AttributeValue>,
}

#[derive(ToSchema)]
#[schema(xml(name = "value"))]
pub struct AttributeValue {
    key: String,
    name: String,
}

/// A public report, as anyone may read it: nothing about who sent it.
#[derive(ToSchema)]
#[schema(xml(name = "request"))]
pub struct ServiceRequest {
    service_request_id: String,
    status: RequestStatus,
    /// The latest public note on the timeline.
    #[schema(required = true)]
    status_notes: Option<String>,
    service_name: String,
    service_code: String,
    description: String,
    /// The unit (community or department) that owns the item.
    agency_responsible: String,
    /// The promised answer time, in working days.
    service_notice: String,
    #[schema(format = DateTime)]
    requested_datetime: String,
    #[schema(format = DateTime)]
    updated_datetime: String,
    /// The deadline: 18:00 Beijing time on the last working day.
    #[schema(format = DateTime)]
    expected_datetime: String,
    address: String,
    /// A building id from Linli's list, when the report was placed on one.
    #[schema(required = true)]
    address_id: Option<String>,
    #[schema(required = true)]
    zipcode: Option<String>,
    #[schema(required = true)]
    lat: Option<f64>,
    #[schema(required = true)]
    long: Option<f64>,
    #[schema(required = true)]
    media_url: Option<String>,
}

/// What a posted report returns: its number and the promise.
#[derive(ToSchema)]
#[schema(xml(name = "request"))]
pub struct AcceptedRequest {
    service_request_id: String,
    service_notice: String,
    /// Linli does not link clients' users to accounts.
    #[schema(required = true)]
    account_id: Option<String>,
}

/// A public entry on a report's timeline (FixMyStreet's `servicerequestupdates`).
#[derive(ToSchema)]
#[schema(xml(name = "request_update"))]
pub struct RequestUpdate {
    update_id: String,
    service_request_id: String,
    status: RequestStatus,
    #[schema(format = DateTime)]
    updated_datetime: String,
    description: String,
    #[schema(required = true)]
    media_url: Option<String>,
}

/// What a posted update returns.
#[derive(ToSchema)]
#[schema(xml(name = "request_update"))]
pub struct AcceptedUpdate {
    update_id: String,
}

/// A new report: a service, a place, and what is wrong. Form-encoded, or multipart with photos
/// (`media`, up to six, each at most the upload limit).
#[derive(ToSchema)]
pub struct NewRequest {
    /// Issued by the district administrator.
    api_key: String,
    service_code: String,
    /// Decimal degrees (WGS-84); with `long`, places the report in its community.
    lat: Option<f64>,
    long: Option<f64>,
    address_string: Option<String>,
    /// A building id, or `#NOTPINPOINTED#`.
    address_id: Option<String>,
    /// Up to 2,000 characters; "TITLE\r\n\r\nDETAIL" gives the title on its own line.
    description: Option<String>,
    /// At most 60 characters.
    #[schema(rename = "attribute[title]")]
    title: Option<String>,
    #[schema(rename = "attribute[address_id]")]
    attribute_address_id: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    media_url: Option<String>,
    /// Photos of the problem (multipart only).
    #[schema(value_type = Option<Vec<String>>)]
    media: Option<Vec<u8>>,
}

/// A public update on a report, from a key an administrator allows to post them.
#[derive(ToSchema)]
pub struct NewUpdate {
    api_key: String,
    service_request_id: String,
    /// Up to 2,000 characters.
    description: String,
}
