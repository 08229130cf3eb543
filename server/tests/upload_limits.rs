//! A stranger cannot make the server hold a large upload: on every route that takes files, an
//! anonymous 70 MB post is answered (sign in first, or 404) before its body is read, and the
//! server's peak memory grows by less than 10 MB. Runs the real binary over a real socket, with a
//! chunked body so no Content-Length lets the server refuse it early.
use crate::common;

use common::binary;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Every route that takes a multipart upload (ids that do not exist: the asker is refused first).
const UPLOAD_ROUTES: &[&str] = &[
    "/services/S0001/apply",
    "/me/applications/A00000000000001/supplement",
    "/work/A00000000000001/approve",
    "/feedback/new",
    "/provider/apply",
    "/provider/listings/new",
    "/provider/listings/1",
    "/provider/promotions",
];

const BODY_BYTES: usize = 70 * 1024 * 1024;

/// Posts a 70 MB multipart body in chunks, anonymously; the status the server answers with.
fn anonymous_upload(port: u16, path: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Content-Type: multipart/form-data; boundary=XLINLI\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut writer = stream.try_clone().unwrap();
    // The body goes out from another thread, as a slow phone would send it; once the server has
    // answered and closed, writing fails and the thread stops.
    let sender = std::thread::spawn(move || {
        // Seven photos just under the 10 MB a file may have: all of it would be kept if read.
        let mut chunked = |bytes: &[u8]| {
            writer
                .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
                .and_then(|_| writer.write_all(bytes))
                .and_then(|_| writer.write_all(b"\r\n"))
        };
        let chunk = vec![0xAB_u8; 64 * 1024];
        let per_file = BODY_BYTES / 7;
        let mut sent = 0;
        for i in 0..7 {
            let head = format!("--XLINLI\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"{i}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
            if chunked(head.as_bytes()).is_err() {
                return sent;
            }
            let mut in_file = 0;
            while in_file + chunk.len() <= per_file {
                if chunked(&chunk).is_err() {
                    return sent;
                }
                in_file += chunk.len();
                sent += chunk.len();
            }
            if chunked(b"\r\n").is_err() {
                return sent;
            }
        }
        let _ = chunked(b"--XLINLI--\r\n").and_then(|_| writer.write_all(b"0\r\n\r\n"));
        sent
    });
    let mut status_line = String::new();
    BufReader::new(&mut stream).read_line(&mut status_line).expect("a status line");
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    sender.join().expect("sender thread");
    status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status from {path}: {status_line:?}"))
}

#[test]
fn anonymous_uploads_are_refused_before_the_body_is_read() {
    let dir = common::fresh_data_dir();
    let port = binary::free_port();
    let db = dir.join("linli.db").to_string_lossy().into_owned();
    let mut server = binary::serve(&dir, &db, port);
    let pid = server.id();
    // Warm up: the first requests allocate pools and caches that are not the upload's doing.
    for path in UPLOAD_ROUTES {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).unwrap();
        let _ = s.read_to_end(&mut Vec::new());
    }
    let before = binary::peak_kb(pid);
    for path in UPLOAD_ROUTES {
        let status = anonymous_upload(port, path);
        assert!(matches!(status, 303 | 401 | 404), "{path} answered {status} to a stranger's upload");
    }
    let grown_kb = binary::peak_kb(pid).saturating_sub(before);
    let _ = server.kill();
    let _ = server.wait();
    assert!(grown_kb < 10 * 1024, "peak memory grew by {grown_kb} kB while refusing {} anonymous 70 MB uploads", UPLOAD_ROUTES.len());
}
