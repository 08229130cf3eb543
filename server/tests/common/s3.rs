//! A real S3-compatible server for the object-storage tests: moto's server (PyPI `moto[server]`,
//! installed by `scripts/setup.sh`), one per test on a port of its own, so a test can stop it and
//! start it again to see what the servers do meanwhile. It keeps objects in memory.
use linli_app::uploads::{FileStore, S3Settings};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BUCKET: &str = "linli-materials";

pub struct S3Server {
    child: Option<Child>,
    pub port: u16,
}

impl S3Server {
    pub fn start() -> Self {
        let mut server = S3Server { child: None, port: super::binary::free_port() };
        server.restart();
        server
    }

    /// Starts the server (again, empty) on its port and creates the bucket.
    pub fn restart(&mut self) {
        self.stop();
        let child = Command::new(std::env::var("LINLI_TEST_MOTO").unwrap_or_else(|_| "moto_server".into()))
            .args(["-H", "127.0.0.1", "-p", &self.port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server runs (scripts/setup.sh installs it: pip install 'moto[server]')");
        self.child = Some(child);
        let started = Instant::now();
        loop {
            if let Some(status) = raw(self.port, &format!("PUT /{BUCKET} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) {
                assert!(status == 200 || status == 409, "creating the bucket answered {status}");
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "moto_server did not start on port {}", self.port);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn settings(&self, prefix: &str) -> S3Settings {
        S3Settings {
            endpoint: format!("http://127.0.0.1:{}", self.port),
            bucket: BUCKET.into(),
            access_key_id: "linli-test".into(),
            secret_access_key: "linli-test-secret".into(),
            region: "us-east-1".into(),
            prefix: prefix.into(),
        }
    }

    pub fn files(&self, prefix: &str) -> FileStore {
        FileStore::s3(&self.settings(prefix)).expect("the S3 settings are valid")
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The status of one raw HTTP request, or None when nothing listens yet.
fn raw(port: u16, request: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}
