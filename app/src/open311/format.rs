//! One small document model, written out as GeoReport v2 JSON (top-level arrays) or XML (a
//! named root with one element per item), so both formats always carry the same fields.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Clone, Debug)]
pub enum Val {
    Str(String),
    Int(i64),
    Num(f64),
    Bool(bool),
    Null,
    /// A nested list: the XML wrapper's item tag, and the items.
    List(&'static str, Vec<Item>),
    /// A list of strings (`formats`), with the XML item tag.
    Strs(&'static str, Vec<String>),
}

pub type Item = Vec<(&'static str, Val)>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// `requests.json` → (`requests`, Json). Anything else is not an endpoint.
    pub fn split(name: &str) -> Option<(&str, Format)> {
        if let Some(stem) = name.strip_suffix(".json") {
            Some((stem, Format::Json))
        } else {
            name.strip_suffix(".xml").map(|stem| (stem, Format::Xml))
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

pub fn s(v: impl Into<String>) -> Val {
    Val::Str(v.into())
}

fn to_json(v: &Val) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Val::Str(s) => Value::String(s.clone()),
        Val::Int(i) => Value::from(*i),
        Val::Num(n) => serde_json::Number::from_f64(*n).map(Value::Number).unwrap_or(Value::Null),
        Val::Bool(b) => Value::Bool(*b),
        Val::Null => Value::Null,
        Val::List(_, items) => Value::Array(items.iter().map(item_json).collect()),
        Val::Strs(_, items) => Value::Array(items.iter().map(|s| Value::String(s.clone())).collect()),
    }
}

fn item_json(item: &Item) -> serde_json::Value {
    serde_json::Value::Object(item.iter().map(|(k, v)| (k.to_string(), to_json(v))).collect())
}

fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

fn write_xml(out: &mut String, tag: &str, v: &Val) {
    match v {
        Val::Null => out.push_str(&format!("<{tag}/>")),
        Val::Str(s) => out.push_str(&format!("<{tag}>{}</{tag}>", esc(s))),
        Val::Int(i) => out.push_str(&format!("<{tag}>{i}</{tag}>")),
        Val::Num(n) => out.push_str(&format!("<{tag}>{n}</{tag}>")),
        Val::Bool(b) => out.push_str(&format!("<{tag}>{b}</{tag}>")),
        Val::List(item_tag, items) => {
            out.push_str(&format!("<{tag}>"));
            for i in items {
                write_item(out, item_tag, i);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Val::Strs(item_tag, items) => {
            out.push_str(&format!("<{tag}>"));
            for i in items {
                out.push_str(&format!("<{item_tag}>{}</{item_tag}>", esc(i)));
            }
            out.push_str(&format!("</{tag}>"));
        }
    }
}

fn write_item(out: &mut String, tag: &str, item: &Item) {
    out.push_str(&format!("<{tag}>"));
    for (k, v) in item {
        write_xml(out, k, v);
    }
    out.push_str(&format!("</{tag}>"));
}

/// A list response: `[...]` in JSON; `<root><item>…</item></root>` in XML.
pub fn list(format: Format, status: StatusCode, root: &str, item_tag: &str, items: &[Item]) -> Response {
    let body = list_body(format, root, item_tag, items);
    respond(status, format.content_type(), body)
}

/// The text of a list response (see `list`).
pub fn list_body(format: Format, root: &str, item_tag: &str, items: &[Item]) -> String {
    match format {
        Format::Json => serde_json::Value::Array(items.iter().map(item_json).collect()).to_string(),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            out.push_str(&format!("<{root}>"));
            for i in items {
                write_item(&mut out, item_tag, i);
            }
            out.push_str(&format!("</{root}>"));
            out
        }
    }
}

/// A 200 answer whose text was written earlier (a list held by `api::RecentLists`).
pub fn ready(format: Format, body: axum::body::Bytes) -> Response {
    respond(StatusCode::OK, format.content_type(), body)
}

/// A single-object response (discovery, a service definition).
pub fn object(format: Format, root: &str, item: &Item) -> Response {
    match format {
        Format::Json => respond(StatusCode::OK, format.content_type(), item_json(item).to_string()),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            write_item(&mut out, root, item);
            respond(StatusCode::OK, format.content_type(), out)
        }
    }
}

/// Errors are arrays of `{code, description}` with the same HTTP status.
pub fn error(format: Format, status: StatusCode, description: &str) -> Response {
    let item: Item = vec![("code", Val::Int(status.as_u16() as i64)), ("description", s(description))];
    list(format, status, "errors", "error", &[item])
}

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<axum::body::Body>) -> Response {
    let mut res = (status, body.into()).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Third-party clients (and browser apps) read this API from other origins.
    res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    res
}

/// W3C datetime in Shanghai: `2026-11-26T10:15:00+08:00`.
pub fn w3c(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.with_timezone(&crate::time::shanghai()).format("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

/// Parses a W3C datetime (with a zone), or a bare date taken as Shanghai midnight.
pub fn parse_w3c(s: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    d.and_hms_opt(0, 0, 0)?.and_local_timezone(crate::time::shanghai()).single().map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_carry_the_shanghai_zone() {
        let t = parse_w3c("2026-11-26T02:15:00Z").unwrap();
        assert_eq!(w3c(t), "2026-11-26T10:15:00+08:00");
        assert_eq!(parse_w3c("2026-11-26"), parse_w3c("2026-11-26T00:00:00+08:00"));
        assert!(parse_w3c("yesterday").is_none());
    }

    #[test]
    fn xml_is_escaped() {
        let mut out = String::new();
        write_xml(&mut out, "description", &s("a <b> & \"c\""));
        assert_eq!(out, "<description>a &lt;b&gt; &amp; &quot;c&quot;</description>");
    }
}
