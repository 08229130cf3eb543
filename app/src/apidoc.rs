//! GET `/openapi.json`: an OpenAPI 3.1 document of every machine endpoint (Open311, the health
//! check, the calendar feed, the board's CSV, the SMS gateway's receipts), generated from the
//! handlers' own annotations. The pages people read are not in it: they are HTML forms.
use crate::state::AppState;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Linli 邻里 machine interfaces",
        description = "Open311 GeoReport v2 (with FixMyStreet's servicerequestupdates), the health check, \
            calendar feeds, the public board's table, SMS delivery receipts and the keys that sign e-certificates. Open311 answers in JSON or XML \
            with the same fields; every error is an array of {code, description}."),
    paths(
        crate::open311::api::discovery,
        crate::open311::api::services,
        crate::open311::api::service_definition,
        crate::open311::api::requests,
        crate::open311::api::one_request,
        crate::open311::api::updates,
        crate::open311::posting::accept_request,
        crate::open311::posting::accept_update,
        crate::web::health::healthz,
        crate::agenda::handlers::feed,
        crate::board::handlers::csv,
        crate::notifications::handlers::delivery_receipt,
        crate::certificates::handlers::published_keys,
        openapi_json,
    ),
    // Path parameters name their schema by reference; the bodies bring their own.
    components(schemas(crate::open311::schema::Format)),
    modifiers(&ReceiptToken),
    tags(
        (name = "open311", description = "GeoReport v2: reports about public space (报事)"),
        (name = "calendars", description = "A resident's secret calendar feed"),
        (name = "board", description = "The public board of units' figures"),
        (name = "operations", description = "For load balancers, monitors and gateways"),
        (name = "certificates", description = "The keys that sign residents' e-certificates (电子证照)"),
    )
)]
pub struct ApiDoc;

/// The SMS gateway proves itself with the deployment's `LINLI_RECEIPT_TOKEN`.
struct ReceiptToken;

impl Modify for ReceiptToken {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let scheme = SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        doc.components.get_or_insert_with(Default::default).add_security_scheme("receipt_token", scheme);
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

/// The document is the same for the life of the process: built once.
fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_json().unwrap_or_else(|e| {
        tracing::error!(error = %e, "the OpenAPI document could not be written");
        String::from("{}")
    }))
}

#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "This document", body = Object, content_type = "application/json")))]
pub(crate) async fn openapi_json() -> Response {
    let mut res = document().into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // Client generators and API browsers read it from other origins.
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    res
}
