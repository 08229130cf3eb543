//! Checks answers against an OpenAPI 3.1 document: the operation found by method and path
//! template, the status and content type among those documented, and the body against the
//! schema. JSON bodies are checked by the JSON Schema subset the document uses (`$ref`, `type`,
//! `enum`, `required`, `properties`, `items`, `format: date-time`); XML bodies by the element
//! names the schemas give (`xml.name`, wrapped arrays) and their required children.
use axum::http::HeaderMap;
use serde_json::Value;
use std::collections::BTreeSet;

pub struct Exchange<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub status: u16,
    pub headers: &'a HeaderMap,
    pub body: &'a str,
}

pub struct Conformance {
    doc: Value,
    /// (path template, method, status) answered so far.
    seen: BTreeSet<(String, String, String)>,
}

/// Whether a concrete path fits a template such as `/requests/{id}.{format}`: each `{…}` takes
/// one or more characters other than `/`.
fn fits(template: &str, path: &str) -> bool {
    match template.find('{') {
        None => template == path,
        Some(open) => {
            let Some(rest) = path.strip_prefix(&template[..open]) else { return false };
            let after = &template[template[open..].find('}').map(|c| open + c + 1).unwrap_or(template.len())..];
            (1..=rest.len()).filter(|&n| rest.is_char_boundary(n)).take_while(|&n| !rest[..n].contains('/')).any(|n| fits(after, &rest[n..]))
        }
    }
}

fn media_type(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(axum::http::header::CONTENT_TYPE)?.to_str().ok()?;
    Some(v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
}

impl Conformance {
    pub fn new(doc: Value) -> Self {
        Conformance { doc, seen: BTreeSet::new() }
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("only local references: {r}"));
                self.resolve(self.doc.pointer(pointer).unwrap_or_else(|| panic!("{r} is not in the document")))
            }
            None => schema,
        }
    }

    /// Records and checks one answer; panics naming what does not fit.
    pub fn answer(&mut self, x: &Exchange) {
        let path = x.uri.split('?').next().unwrap_or(x.uri);
        let method = x.method.to_ascii_lowercase();
        let paths = self.doc["paths"].as_object().expect("paths");
        let (template, operation) = paths
            .iter()
            .filter(|(t, _)| fits(t, path))
            .find_map(|(t, item)| item.get(&method).map(|op| (t.clone(), op.clone())))
            .unwrap_or_else(|| panic!("{} {path} is not documented", x.method));
        let status = x.status.to_string();
        let response = operation["responses"].get(&status)
            .unwrap_or_else(|| panic!("{} {} answered {status}, which is not documented: {}", x.method, x.uri, x.body));
        let response = self.resolve(response).clone();
        self.seen.insert((template, method, status));
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            assert!(x.body.is_empty(), "{} {}: {} is documented without a body, got {}", x.method, x.uri, x.status, x.body);
            return;
        };
        let mt = media_type(x.headers).unwrap_or_else(|| panic!("{} {}: no Content-Type", x.method, x.uri));
        let media = content.get(&mt).unwrap_or_else(|| {
            panic!("{} {} answered {} as {mt}; documented: {:?}", x.method, x.uri, x.status, content.keys().collect::<Vec<_>>())
        });
        let Some(schema) = media.get("schema") else { return };
        let mut problems = Vec::new();
        if mt == "application/json" {
            let value: Value = serde_json::from_str(x.body).unwrap_or_else(|e| panic!("{} {}: not JSON ({e}): {}", x.method, x.uri, x.body));
            self.json(schema, &value, "$", &mut problems);
        } else if mt.ends_with("/xml") {
            let tree = Element::parse(x.body).unwrap_or_else(|e| panic!("{} {}: not XML ({e}): {}", x.method, x.uri, x.body));
            self.xml(schema, &tree, &mut problems);
        } else if self.resolve(schema)["type"] == "string" {
            // Text, CSV and calendars are documented as strings: any UTF-8 body is one.
        }
        assert!(problems.is_empty(), "{} {} ({}, {mt}) does not fit its schema:\n{}\n{}", x.method, x.uri, x.status, problems.join("\n"), x.body);
    }

    fn json(&self, schema: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
        let schema = self.resolve(schema);
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array) {
                let fitting = options.iter().filter(|o| { let mut p = Vec::new(); self.json(o, v, at, &mut p); p.is_empty() }).count();
                if fitting == 0 || (key == "oneOf" && fitting > 1) {
                    problems.push(format!("{at}: {fitting} of the {key} options fit"));
                }
            }
        }
        for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.json(part, v, at, problems);
        }
        if let Some(t) = schema.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            let fits = types.iter().any(|t| match *t {
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                "null" => v.is_null(),
                "array" => v.is_array(),
                "object" => v.is_object(),
                _ => false,
            });
            if !fits {
                problems.push(format!("{at}: {v} is not {types:?}"));
                return;
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(v) {
                problems.push(format!("{at}: {v} is not one of {allowed:?}"));
            }
        }
        if schema.get("format").and_then(Value::as_str) == Some("date-time") {
            if let Some(s) = v.as_str() {
                if chrono::DateTime::parse_from_rfc3339(s).is_err() {
                    problems.push(format!("{at}: {s} is not an RFC 3339 date-time"));
                }
            }
        }
        if let Some(items) = schema.get("items") {
            for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                self.json(items, item, &format!("{at}[{i}]"), problems);
            }
        }
        if let Some(obj) = v.as_object() {
            for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                if !obj.contains_key(name) {
                    problems.push(format!("{at}: required `{name}` is missing"));
                }
            }
            for (name, sub) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
                if let Some(value) = obj.get(name) {
                    self.json(sub, value, &format!("{at}.{name}"), problems);
                }
            }
        }
    }

    /// The item schema of an array (its `items`), or the schema itself.
    fn xml(&self, schema: &Value, root: &Element, problems: &mut Vec<String>) {
        let schema = self.resolve(schema);
        match schema.get("items") {
            Some(items) => {
                let item = self.resolve(items);
                let name = item["xml"]["name"].as_str().unwrap_or_else(|| panic!("an XML item without a name: {item}"));
                for child in &root.children {
                    if child.name != name {
                        problems.push(format!("<{}> holds <{}>, documented as <{name}>", root.name, child.name));
                    }
                    self.xml_object(item, child, problems);
                }
            }
            None => {
                if let Some(name) = schema["xml"]["name"].as_str().filter(|n| *n != root.name) {
                    problems.push(format!("the root is <{}>, documented as <{name}>", root.name));
                }
                self.xml_object(schema, root, problems);
            }
        }
    }

    /// Each required property is a child element; a wrapped array's element is named by the
    /// array's `xml.name`, and its items by their own schema's.
    fn xml_object(&self, schema: &Value, element: &Element, problems: &mut Vec<String>) {
        for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            let property = self.resolve(&schema["properties"][name]);
            let tag = property["xml"]["name"].as_str().unwrap_or(name);
            let Some(child) = element.children.iter().find(|c| c.name == tag) else {
                problems.push(format!("<{}> lacks required <{tag}>", element.name));
                continue;
            };
            let Some(items) = property.get("items").map(|i| self.resolve(i)) else { continue };
            let item_tag = items["xml"]["name"].as_str().unwrap_or(tag);
            for grandchild in &child.children {
                if grandchild.name != item_tag {
                    problems.push(format!("<{tag}> holds <{}>, documented as <{item_tag}>", grandchild.name));
                }
                self.xml_object(items, grandchild, problems);
            }
        }
    }

    /// Every documented status below 500 must have been answered by some call.
    pub fn finish(&self) {
        let mut missing = Vec::new();
        for (template, item) in self.doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().into_iter().flatten() {
                for status in op["responses"].as_object().into_iter().flatten().map(|(s, _)| s) {
                    if status.as_str() < "500" && !self.seen.contains(&(template.clone(), method.clone(), status.clone())) {
                        missing.push(format!("{} {template} {status}", method.to_uppercase()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "documented but never answered:\n{}", missing.join("\n"));
    }
}

/// Just enough XML for the check: names and children.
pub struct Element {
    pub name: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn parse(text: &str) -> Result<Element, String> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(text);
        let mut stack: Vec<Element> = Vec::new();
        loop {
            match reader.read_event().map_err(|e| e.to_string())? {
                Event::Start(e) => stack.push(Element { name: String::from_utf8_lossy(e.name().as_ref()).into_owned(), children: Vec::new() }),
                Event::Empty(e) => {
                    let el = Element { name: String::from_utf8_lossy(e.name().as_ref()).into_owned(), children: Vec::new() };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => return Ok(el),
                    }
                }
                Event::End(_) => {
                    let done = stack.pop().ok_or("an end without a start")?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Event::Eof => return Err("the document ends inside an element".into()),
                _ => {}
            }
        }
    }
}
