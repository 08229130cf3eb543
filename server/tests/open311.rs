//! Open311 GeoReport v2 from outside the process: the real binary, plain HTTP, every endpoint
//! in JSON and XML, and every error case, on SQLite and on PostgreSQL.
use crate::common;

use common::binary::{self, free_port, linli};
use serde_json::Value;
use std::path::PathBuf;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Reply {
    status: u16,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        assert!(self.content_type.starts_with("application/json"), "content type {}", self.content_type);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn xml(&self) -> &str {
        assert!(self.content_type.starts_with("text/xml"), "content type {}", self.content_type);
        assert!(self.body.starts_with("<?xml"), "{}", self.body);
        &self.body
    }
}

fn dechunk(mut raw: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = raw.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        raw = &rest[n + 2..];
    }
    out
}

/// One HTTP/1.1 exchange as a third-party client makes it: no cookie, no Origin.
async fn http(port: u16, method: &'static str, path: String, form: String) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        form.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(form.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).expect("UTF-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("headers end");
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("status");
    let header = |name: &str| {
        head.lines().find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_string()))
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) { dechunk(body) } else { body.to_string() };
    Reply { status, content_type: header("content-type").unwrap_or_default(), body }
}

fn enc(s: &str) -> String {
    linli_app::components::encode_query(s)
}

fn is_error(r: &Reply, status: u16) {
    assert_eq!(r.status, status, "{}", r.body);
    let v = r.json();
    let first = &v.as_array().expect("errors are an array")[0];
    assert_eq!(first["code"].as_u64(), Some(status as u64));
    assert!(first["description"].as_str().is_some_and(|d| !d.is_empty()));
}

fn is_xml_error(r: &Reply, status: u16) {
    assert_eq!(r.status, status, "{}", r.body);
    let x = r.xml();
    assert!(x.contains(&format!("<errors><error><code>{status}</code><description>")), "{x}");
}

async fn every_endpoint_in_both_formats(db: String, dir: PathBuf) {
    assert!(linli(&dir, &db, 0, &["seed-demo"]).status().expect("seed-demo runs").success());
    // An admin issues a key (through the store, as the admin page does).
    let keys = linli_app::secrets::Keyring::load(None, None, &dir.join("keys")).expect("the server's keys");
    let store = linli_app::storage::connect(&db, std::sync::Arc::new(keys)).await.unwrap();
    let admin = store.user_by_phone("13600000001").await.unwrap().expect("demo admin");
    let key = "k-open311-test-0123456789abcdef";
    store.add_api_key("test client", &linli_app::open311::keys::hash(key), admin.id, linli_app::time::now_unix()).await.unwrap();
    let building = store.buildings().await.unwrap()[0].clone();
    let port = free_port();
    let mut server = binary::serve(&dir, &db, port);
    let get = |path: &str| http(port, "GET", path.to_string(), String::new());
    let base = "/open311/v2";

    // Discovery and services.
    let d = get(&format!("{base}/discovery.json")).await.json();
    assert_eq!(d["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(d["endpoints"][0]["formats"][1], "text/xml");
    assert!(get(&format!("{base}/discovery.xml")).await.xml().contains("<endpoints><endpoint><specification>"));
    let services = get(&format!("{base}/services.json")).await.json();
    let light = services.as_array().unwrap().iter().find(|s| s["service_code"] == "report-light").expect("report-light offered");
    assert_eq!((light["metadata"].as_bool(), light["type"].as_str()), (Some(true), Some("realtime")));
    assert!(!services.to_string().contains("complaint"), "only public-space services");
    assert!(get(&format!("{base}/services.xml")).await.xml().contains("<services><service><service_code>"));
    let def = get(&format!("{base}/services/report-light.json")).await.json();
    assert_eq!(def["service_code"], "report-light");
    assert_eq!(def["attributes"][0]["code"], "title");
    assert!(get(&format!("{base}/services/report-light.xml")).await.xml().contains("<service_definition><service_code>report-light</service_code><attributes><attribute>"));
    is_error(&get(&format!("{base}/services/nope.json")).await, 404);
    is_xml_error(&get(&format!("{base}/services/nope.xml")).await, 404);
    assert_eq!(get(&format!("{base}/services.html")).await.status, 404);

    // POST errors: key, service, location, coordinates, media URL.
    let post = |fmt: &str, form: String| http(port, "POST", format!("{base}/requests.{fmt}"), form);
    let ok_body = |k: &str| format!("api_key={k}&service_code=report-light&address_id={}&description={}&attribute%5Btitle%5D={}&first_name=Lei&last_name=Wang&email=w%40example.cn",
        building.id, enc("路灯整晚不亮，已经三天"), enc("路灯不亮"));
    is_error(&post("json", "service_code=report-light&lat=31.2&long=121.4&description=x".into()).await, 403);
    is_xml_error(&post("xml", "api_key=wrong&service_code=report-light&lat=31.2&long=121.4&description=x".into()).await, 403);
    is_error(&post("json", format!("api_key={key}&lat=31.2&long=121.4&description=x")).await, 400);
    is_error(&post("json", format!("api_key={key}&service_code=nope&lat=31.2&long=121.4&description=x")).await, 404);
    is_error(&post("json", format!("api_key={key}&service_code=report-light&description=x")).await, 400);
    is_error(&post("json", format!("api_key={key}&service_code=report-light&lat=north&long=121.4&description=x")).await, 400);
    is_error(&post("json", format!("api_key={key}&service_code=report-light&lat=31.2&long=121.4&description=")).await, 400);
    is_error(&post("json", format!("api_key={key}&service_code=report-light&address_id=999999&description=x")).await, 400);
    is_error(&post("json", format!("api_key={key}&service_code=report-light&lat=31.2&long=121.4&description=x&media_url=javascript:alert(1)")).await, 400);

    // A good request, in each format.
    let created = post("json", ok_body(key)).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let created = created.json();
    let id = created[0]["service_request_id"].as_str().expect("an id").to_string();
    assert!(created[0]["service_notice"].as_str().unwrap().contains("3 个工作日"));
    assert!(created[0].as_object().unwrap().contains_key("account_id"));
    let xml = post("xml", format!("api_key={key}&service_code=report-drain&lat=31.2304&long=121.4737&description={}", enc("雨水井堵了"))).await;
    assert_eq!(xml.status, 200);
    assert!(xml.xml().contains("<service_requests><request><service_request_id>F"));

    // It is an ordinary feedback item, owned by the building's community.
    let item = store.feedback_by_ref(&id).await.unwrap().expect("stored as feedback");
    assert_eq!((item.source.as_str(), item.unit_kind.as_str(), item.unit_code.as_str()), ("open311", "community", building.community_code.as_str()));

    // GET one, and GET many with filters.
    let one = get(&format!("{base}/requests/{id}.json")).await.json();
    let r = &one.as_array().unwrap()[0];
    assert_eq!(r["service_request_id"], id.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "report-light");
    assert!(r["requested_datetime"].as_str().unwrap().ends_with("+08:00"));
    assert!(r["expected_datetime"].as_str().unwrap().starts_with(&item.deadline));
    assert!(r["agency_responsible"].as_str().unwrap().contains(&building.community_name));
    assert!(r["description"].as_str().unwrap().contains("三天"));
    assert_eq!(r["address_id"], building.id.to_string().as_str());
    for field in ["status_notes", "service_name", "service_notice", "updated_datetime", "address", "zipcode", "lat", "long", "media_url"] {
        assert!(r.as_object().unwrap().contains_key(field), "{field} present");
    }
    assert!(get(&format!("{base}/requests/{id}.xml")).await.xml().contains(&format!("<service_requests><request><service_request_id>{id}</service_request_id><status>open</status>")));
    is_error(&get(&format!("{base}/requests/F00000000000000.json")).await, 404);
    is_xml_error(&get(&format!("{base}/requests/F00000000000000.xml")).await, 404);

    let all = get(&format!("{base}/requests.json")).await.json();
    // The demo data holds one public report of its own, answered and closed.
    assert_eq!(all.as_array().unwrap().len(), 3, "both requests and the demo's report, in the default 90 days");
    let lights = get(&format!("{base}/requests.json?service_code=report-light&status=open")).await.json();
    assert_eq!(lights.as_array().unwrap().len(), 1);
    assert_eq!(get(&format!("{base}/requests.json?status=closed")).await.json().as_array().unwrap().len(), 1, "the demo's report");
    let by_ids = get(&format!("{base}/requests.json?service_request_id={id},nope&status=closed")).await.json();
    assert_eq!(by_ids.as_array().unwrap().len(), 1, "ids override the other filters");
    let today = linli_app::time::today();
    let start = format!("{:04}-{:02}-{:02}T00:00:00%2B08:00", today.0, today.1, today.2);
    assert_eq!(get(&format!("{base}/requests.json?start_date={start}")).await.json().as_array().unwrap().len(), 3);
    assert!(get(&format!("{base}/requests.xml?service_code=report-drain")).await.xml().contains("<service_code>report-drain</service_code>"));
    is_error(&get(&format!("{base}/requests.json?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-06-01T00:00:00%2B08:00")).await, 400);
    is_xml_error(&get(&format!("{base}/requests.xml?start_date=yesterday")).await, 400);
    is_error(&get(&format!("{base}/requests.json?end_date=2026-01-01T00:00:00%2B08:00&start_date=2026-02-01T00:00:00%2B08:00")).await, 400);
    is_error(&get(&format!("{base}/requests.json?status=pending")).await, 400);
    // Lists are held for a few seconds (clients poll them), yet a new report shows at once.
    let again = post("json", format!("api_key={key}&service_code=report-drain&lat=31.2304&long=121.4737&description={}", enc("井盖松了"))).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(get(&format!("{base}/requests.json")).await.json().as_array().unwrap().len(), 4, "the held list is dropped on a new report");

    // FixMyStreet updates: the submissions so far.
    let updates = get(&format!("{base}/servicerequestupdates.json")).await.json();
    let mine: Vec<&Value> = updates.as_array().unwrap().iter().filter(|u| u["service_request_id"] == id.as_str()).collect();
    assert_eq!(mine.len(), 1);
    assert!(mine[0]["updated_datetime"].as_str().unwrap().ends_with("+08:00"));
    assert!(get(&format!("{base}/servicerequestupdates.xml")).await.xml().contains("<service_request_updates><request_update><update_id>"));
    is_error(&get(&format!("{base}/servicerequestupdates.json?start_date=2025-01-01T00:00:00%2B08:00&end_date=2026-01-01T00:00:00%2B08:00")).await, 400);

    // A revoked key stops working.
    let keys = store.api_keys().await.unwrap();
    store.revoke_api_key(keys[0].id, admin.id, linli_app::time::now_unix()).await.unwrap();
    is_error(&post("json", ok_body(key)).await, 403);

    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_open311() {
    let dir = common::fresh_data_dir();
    let db = dir.join("linli.db").to_string_lossy().into_owned();
    every_endpoint_in_both_formats(db, dir).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_open311() {
    every_endpoint_in_both_formats(binary::fresh_pg_database("open311").await, common::fresh_data_dir()).await;
}
