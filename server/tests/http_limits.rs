//! What the HTTP surface holds against slow or hostile clients, and what it promises browsers:
//! deadlines on headers, bodies and whole requests; host-only secure cookies and HSTS over
//! HTTPS; signed-in pages kept out of caches; posts that name no origin refused when they carry
//! a session. Router tests on both engines, and the real binary for what needs a socket.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use linli_app::storage::SharedStore;
use common::binary;
use linli_server::listen::Limits;
use std::time::Duration;

async fn https_deployments_use_host_only_cookies_and_hsts(store: SharedStore) {
    let plain = app(store.clone());
    assert!(!plain.get("/", "").await.headers.contains_key(header::STRICT_TRANSPORT_SECURITY), "no HSTS over plain HTTP");
    let app = app_with(store, linli_server::ServerConfig { secure_cookies: true, ..config() });
    let home = app.get("/", "").await;
    assert_eq!(home.headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
    let signed_up = app.register("13600008801", &id_number(881)).await;
    let set: Vec<_> = signed_up.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let session = set.iter().find(|c| c.starts_with("__Host-linli_session=")).expect("a host-only session cookie");
    assert!(session.contains("; Secure") && session.contains("Path=/") && !session.contains("Domain"), "{session}");
    assert_eq!(app.get("/me", &signed_up.cookies()).await.status, StatusCode::OK, "the prefixed cookie signs in");
    // A session cookie without the prefix (planted by a sibling subdomain) is nobody's.
    let token = signed_up.cookies().split("; ").find_map(|c| c.strip_prefix("__Host-linli_session=")).unwrap().to_string();
    assert_ne!(app.get("/me", &format!("linli_session={token}")).await.status, StatusCode::OK);
}

async fn signed_in_pages_are_kept_out_of_caches(store: SharedStore) {
    let app = app(store);
    assert_eq!(app.get("/services", "").await.headers[header::CACHE_CONTROL], "no-cache");
    let cookies = app.register("13600008802", &id_number(882)).await.cookies();
    for page in ["/me", "/services", "/me/applications"] {
        assert_eq!(app.get(page, &cookies).await.headers[header::CACHE_CONTROL], "private, no-store", "{page}");
    }
}

async fn session_posts_that_name_no_origin_are_refused(store: SharedStore) {
    let app = app(store);
    let cookies = app.register("13600008803", &id_number(883)).await.cookies();
    let settings = |extra: Option<(&'static str, &'static str)>| {
        let mut req = Request::post("/settings")
            .header(header::HOST, "linli.test")
            .header(header::COOKIE, cookies.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some((name, value)) = extra {
            req = req.header(name, value);
        }
        req.body(Body::from("mode=elder&lang=zh")).unwrap()
    };
    assert_eq!(app.send(settings(None)).await.status, StatusCode::FORBIDDEN, "a session post with no origin at all");
    assert_ne!(app.send(settings(Some(("sec-fetch-site", "same-origin")))).await.status, StatusCode::FORBIDDEN);
    // Without a session there is nothing to forge: old clients that send no Origin may still sign in.
    let anonymous = Request::post("/login")
        .header(header::HOST, "linli.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("phone=13600008803&password=wrong&next=%2Fme"))
        .unwrap();
    assert_ne!(app.send(anonymous).await.status, StatusCode::FORBIDDEN);
}

/// A body that starts, then never finishes.
fn stalled_body() -> Body {
    use futures_util::StreamExt;
    let first = futures_util::stream::once(async { Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"phone=1380000")) });
    Body::from_stream(first.chain(futures_util::stream::pending()))
}

async fn stalled_requests_are_cut_off(store: SharedStore) {
    let post = || {
        Request::post("/login")
            .header(header::HOST, "linli.test")
            .header(header::ORIGIN, "http://linli.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(stalled_body())
            .unwrap()
    };
    // A body that goes quiet is abandoned…
    let quiet = Limits { body_silence: Duration::from_millis(300), ..Limits::default() };
    let app = app_with(store.clone(), linli_server::ServerConfig { limits: quiet, ..config() });
    let status = app.send(post()).await.status;
    assert!(status.is_client_error(), "a stalled body answered {status}");
    // …and no request outlives its deadline, even one that keeps the body open.
    let short = Limits { request_deadline: Duration::from_millis(300), ..Limits::default() };
    let app = app_with(store, linli_server::ServerConfig { limits: short, ..config() });
    assert_eq!(app.send(post()).await.status, StatusCode::REQUEST_TIMEOUT);
}

/// 300 clients that send half their headers and stall take nobody's turn: other visitors are
/// answered within a second (p99), and each stalled connection is closed at the header timeout.
#[test]
fn slow_header_clients_do_not_starve_others() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Instant;
    let dir = fresh_data_dir();
    let port = binary::free_port();
    let db = dir.join("linli.db").to_string_lossy().into_owned();
    let mut server = binary::serve_with(&dir, &db, port, &[("LINLI_HEADER_TIMEOUT_SECS", "3")]);
    let opened = Instant::now();
    let slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").expect("half a header");
            s
        })
        .collect();
    let mut took: Vec<Duration> = (0..100)
        .map(|_| {
            let started = Instant::now();
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            started.elapsed()
        })
        .collect();
    took.sort();
    let p99 = took[98];
    // The stalled clients are dropped once their 3 s are up (hyper may say 408 first).
    let mut first = slow.into_iter().next().unwrap();
    first.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let mut rest = Vec::new();
    let closed = match first.read_to_end(&mut rest) {
        Ok(_) => String::from_utf8_lossy(&rest).is_empty() || String::from_utf8_lossy(&rest).starts_with("HTTP/1.1 408"),
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    };
    let held = opened.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    assert!(p99 < Duration::from_secs(1), "p99 {p99:?} with 300 slow clients connected");
    assert!(closed && held < Duration::from_secs(12), "a stalled client was held {held:?} (closed: {closed})");
}

/// A hundred sign-ins at once cost time, not memory: Argon2 runs one check per core and the
/// rest wait their turn, up to the request deadline (unchecked, they took 3.9 GB). Unknown
/// numbers are checked like known ones.
#[test]
fn a_burst_of_sign_ins_costs_time_not_memory() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let dir = fresh_data_dir();
    let port = binary::free_port();
    let db = dir.join("linli.db").to_string_lossy().into_owned();
    // As from a hundred addresses (a botnet): the per-address limit, which would answer most of
    // these 429 at once, is off, so the Argon2 queue alone is measured.
    let mut server = binary::serve_with(&dir, &db, port, &[("LINLI_RATE_LIMIT_SCALE", "0")]);
    let sign_in = move |i: u32| {
        let body = format!("phone=1380009{i:04}&password=not-the-password-{i}&next=%2Fme");
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let head = format!(
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        answer.split_whitespace().nth(1).unwrap_or("").to_string()
    };
    assert_eq!(sign_in(0), "401", "warm-up");
    let before = binary::peak_kb(server.id());
    let burst: Vec<_> = (1..=100).map(|i| std::thread::spawn(move || sign_in(i))).collect();
    let statuses: Vec<String> = burst.into_iter().map(|t| t.join().unwrap()).collect();
    let grown_mb = binary::peak_kb(server.id()).saturating_sub(before) / 1024;
    let _ = server.kill();
    let _ = server.wait();
    eprintln!("100 sign-ins at once: peak memory grew by {grown_mb} MB");
    assert!(grown_mb < 200, "peak memory grew by {grown_mb} MB for 100 sign-ins at once");
    // Those still waiting when their 30 s are up are told to try again (a debug build hashes slowly).
    assert!(statuses.iter().all(|s| s == "401" || s == "408"), "{statuses:?}");
    assert!(statuses.iter().any(|s| s == "401"));
}

/// One keep-alive connection fetches a small static file many times over with no pause between
/// answers. Without TCP_NODELAY on accepted sockets, each answer's body waited for the client's
/// delayed ACK of its headers: about 40 ms apiece on loopback (25 a second).
#[test]
fn a_keep_alive_connection_is_answered_without_a_pause() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::time::Instant;
    let dir = fresh_data_dir();
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/small.css"), "body{margin:0}\n".repeat(100)).unwrap();
    let port = binary::free_port();
    let db = dir.join("linli.db").to_string_lossy().into_owned();
    let mut server = binary::serve_with(&dir, &db, port, &[("LEPTOS_SITE_ROOT", site.to_str().unwrap())]);
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut fetch = || {
        writer.write_all(b"GET /pkg/small.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let (mut status, mut length, mut line) = (String::new(), 0usize, String::new());
        reader.read_line(&mut status).unwrap();
        while reader.read_line(&mut line).unwrap() > 2 {
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            line.clear();
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        (status, body.len())
    };
    assert_eq!(fetch(), ("HTTP/1.1 200 OK\r\n".to_string(), 1500), "the file is served");
    let started = Instant::now();
    for _ in 0..200 {
        assert_eq!(fetch().1, 1500);
    }
    let took = started.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    eprintln!("200 fetches over one keep-alive connection: {took:?}");
    // Paused, they take 5 s or more; answered at once, a few tens of milliseconds.
    assert!(took < Duration::from_secs(2), "200 fetches over one connection took {took:?}");
}

linli_app::on_both_engines!(
    https_deployments_use_host_only_cookies_and_hsts,
    signed_in_pages_are_kept_out_of_caches,
    session_posts_that_name_no_origin_are_refused,
    stalled_requests_are_cut_off,
);
