//! Installable and readable offline: pages a resident may read again are marked for the service
//! worker (guides and notices for anyone, receipts for their resident, each session its own
//! mark), staff pages never are, signing out clears what the browser kept; the real binary
//! serves the bundle under its content hash, immutable, with the manifest and the worker.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

fn mark(r: &Reply) -> Option<String> {
    r.headers.get("x-linli-offline").map(|v| v.to_str().unwrap().to_string())
}

async fn pages_are_marked_for_offline_reading_by_whose_they_are(store: SharedStore) {
    let app = app(store);
    assert_eq!(mark(&app.get("/services", "").await).as_deref(), Some("public"), "guides for anyone");
    assert_eq!(mark(&app.get("/login", "").await), None, "forms are not kept");
    let (_, resident) = app.account("13810000701", 701, "resident", None, Some("cy-xfl")).await;
    let (_, other) = app.account("13810000702", 702, "resident", None, Some("cy-xfl")).await;
    let (_, staff) = app.account("13910000701", 703, "staff", None, Some("cy-xfl")).await;
    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let receipt = app.get(&format!("/me/applications/{ref_no}/receipt"), &resident).await;
    assert_eq!(receipt.status, StatusCode::OK);
    let theirs = mark(&receipt).expect("a resident's receipt is kept");
    assert!(theirs.starts_with('u') && !theirs.contains(&resident), "an opaque mark, not the session");
    let guide = mark(&app.get("/services", &other).await).unwrap();
    assert!(guide.starts_with('u') && guide != theirs, "another resident's pages carry another mark");
    assert_eq!(app.get(&format!("/me/applications/{ref_no}/receipt"), &other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(mark(&app.get(&format!("/me/applications/{ref_no}/receipt"), &other).await), None, "a refusal is never kept");
    assert_eq!(mark(&app.get("/services", &staff).await), None, "staff pages are never kept");
    let staff_page = app.get("/services", &staff).await.body;
    assert!(staff_page.contains("/pwa-off.js") && !staff_page.contains("\"/pwa.js\""), "and their browser drops any copies");
    assert!(app.get("/services", &resident).await.body.contains("\"/pwa.js\""), "residents may install it");

    let out = app.post("/logout", &resident, &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.headers["clear-site-data"], "\"cache\", \"storage\"", "signing out clears what the browser kept");
}

linli_app::on_both_engines!(pages_are_marked_for_offline_reading_by_whose_they_are);

/// A GET over a fresh connection: the status line with the headers, and the body.
fn fetch(port: u16, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nConnection: close\r\n\r\n").unwrap();
    let mut all = String::new();
    stream.read_to_string(&mut all).unwrap();
    let (head, body) = all.split_once("\r\n\r\n").unwrap_or((&all, ""));
    (head.to_ascii_lowercase(), body.to_string())
}

#[test]
fn the_bundle_is_served_by_content_hash_immutable_with_manifest_and_worker() {
    let dir = fresh_data_dir();
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let hash = "0123456789abcdef";
    for (name, body) in [("linli.css", "body{margin:0}"), ("linli.js", "export default function(){}"), ("linli_bg.wasm", "\0asm")] {
        std::fs::write(site.join("pkg").join(name), body).unwrap();
    }
    std::fs::write(site.join(format!("pkg/linli.{hash}.css")), "body{margin:0}").unwrap();
    std::fs::write(site.join("pkg/asset-hash"), format!("{hash}\n")).unwrap();
    let public = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
    for name in ["manifest.webmanifest", "sw.js", "pwa.js"] {
        std::fs::copy(public.join(name), site.join(name)).unwrap();
    }
    let port = binary::free_port();
    let db = dir.join("linli.db").to_string_lossy().into_owned();
    let mut server = binary::serve(&dir, &db, port);

    let (_, home) = fetch(port, "/services");
    assert!(home.contains(&format!("/pkg/linli.{hash}.css")), "the page asks for the hashed stylesheet");
    assert!(home.contains(&format!("/pkg/linli.{hash}.js")) && home.contains(&format!("linli.{hash}_bg.wasm")), "and the hashed bundle");
    assert!(home.contains("rel=\"manifest\" href=\"/manifest.webmanifest\""));
    let (hashed, _) = fetch(port, &format!("/pkg/linli.{hash}.css"));
    assert!(hashed.starts_with("http/1.1 200") && hashed.contains("cache-control: public, max-age=31536000, immutable"), "{hashed}");
    let (plain, _) = fetch(port, "/pkg/linli.css");
    assert!(plain.contains("cache-control: no-cache"), "a name that can change is revalidated: {plain}");
    let (manifest_head, manifest) = fetch(port, "/manifest.webmanifest");
    assert!(manifest_head.contains("content-type: application/manifest+json"), "{manifest_head}");
    let parsed: serde_json::Value = serde_json::from_str(&manifest).expect("the manifest is JSON");
    assert_eq!(parsed["display"], "standalone");
    assert!(parsed["icons"].as_array().unwrap().iter().any(|i| i["sizes"] == "512x512"), "an icon large enough to install");
    let (worker, script) = fetch(port, "/sw.js");
    assert!(worker.starts_with("http/1.1 200") && worker.contains("cache-control: no-cache") && script.contains("x-linli-offline"), "{worker}");
    server.kill().ok();
    server.wait().ok();
}
