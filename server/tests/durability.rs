//! Killing the server (SIGKILL) in the middle of many concurrent submissions loses no
//! acknowledged application: every reference number a resident was shown is there after a
//! restart, with all of its files on disk, byte for byte. Runs the real binary over real HTTP.
use crate::common;

use common::binary::{self, free_port, linli};
use common::{multipart_body, photo_sized};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SUBMISSIONS: usize = 96;
const KILL_AFTER_ACKS: usize = 12;

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 exchange (Connection: close), as a browser form post would make.
async fn http(port: u16, method: &str, path: &str, cookie: &str, content_type: &str, body: &[u8]) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nAccept: text/html\r\n\
         Cookie: {cookie}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await?;
    s.write_all(body).await?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let mut lines = text.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect();
    Ok(Reply { status, headers })
}

async fn sign_in(port: u16) -> String {
    let body = b"phone=13800000001&password=linli2026&next=%2Fme";
    let r = http(port, "POST", "/login", "", "application/x-www-form-urlencoded", body).await.expect("sign in");
    assert_eq!(r.status, 303);
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

async fn kill_mid_submission_loses_nothing(db: String, dir: PathBuf) {
    let status = linli(&dir, &db, 0, &["seed-demo"]).status().expect("seed-demo runs");
    assert!(status.success());
    let port = free_port();
    let mut server = binary::serve(&dir, &db, port);
    let cookie = sign_in(port).await;

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..SUBMISSIONS {
        let (tx, cookie) = (tx.clone(), cookie.clone());
        tokio::spawn(async move {
            let parts = [
                common::Part::File("m_id_card", "id.jpg", photo_sized(640, 480, i as u8)),
                common::Part::File("m_photo", "p.jpg", photo_sized(480, 640, i as u8 ^ 0x5a)),
            ];
            let (ct, body) = multipart_body(&parts);
            let r = http(port, "POST", "/services/RS003/apply", &cookie, &ct, &body).await;
            let _ = tx.send(r.ok().filter(|r| r.status == 303).and_then(|r| r.header("location").map(str::to_string)));
        });
    }
    drop(tx);
    let mut acked = Vec::new();
    let mut failed = 0;
    while let Some(result) = rx.recv().await {
        match result {
            Some(location) => acked.push(location.trim_start_matches("/me/applications/").trim_end_matches("/receipt").to_string()),
            None => failed += 1,
        }
        if acked.len() == KILL_AFTER_ACKS {
            server.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
            server.wait().unwrap();
        }
    }
    assert!(acked.len() >= KILL_AFTER_ACKS, "only {} acknowledged", acked.len());
    assert!(failed > 0, "the kill landed after every submission had finished; nothing was tested");

    // Restart on the same data: every acknowledged application is there, whole.
    let mut server = binary::serve(&dir, &db, port);
    let cookie = sign_in(port).await;
    let files_dir = dir.join("files");
    let keys = linli_app::secrets::Keyring::load(None, None, &dir.join("keys")).expect("the server's keys");
    let store = linli_app::storage::connect(&db, std::sync::Arc::new(keys.clone())).await.unwrap();
    for ref_no in &acked {
        let r = http(port, "GET", &format!("/me/applications/{ref_no}"), &cookie, "text/plain", b"").await.unwrap();
        assert_eq!(r.status, 200, "acknowledged {ref_no} is missing after the crash");
        let app = store.application_by_ref(ref_no).await.unwrap().expect("row committed");
        let files = store.attached_files(app.id).await.unwrap();
        assert_eq!(files.len(), 2, "{ref_no} has both materials");
        for f in files {
            let sealed = std::fs::read(files_dir.join(&f.file.stored_name)).expect("file on disk");
            assert!(sealed.starts_with(b"LNE1"), "sealed at rest");
            let bytes = keys.open(&f.file.stored_name, &sealed).expect("opens with the server's data key");
            assert_eq!(bytes.len() as i64, f.file.size);
            let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(sha, f.file.sha256, "{ref_no}: file intact");
        }
    }
    // Files written for submissions that never committed are swept; the acknowledged ones stay.
    linli_app::uploads::sweep(&*store, &linli_app::uploads::FileStore::local(files_dir.clone()), Duration::ZERO).await.unwrap();
    let names: std::collections::HashSet<String> = store.stored_names().await.unwrap().into_iter().collect();
    let on_disk: std::collections::HashSet<String> =
        std::fs::read_dir(&files_dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(on_disk, names, "after the sweep, disk and database agree");
    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_sigkill_mid_submission() {
    let dir = common::fresh_data_dir();
    let db = dir.join("linli.db").to_string_lossy().into_owned();
    kill_mid_submission_loses_nothing(db, dir).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_sigkill_mid_submission() {
    kill_mid_submission_loses_nothing(binary::fresh_pg_database("kill").await, common::fresh_data_dir()).await;
}
