//! The real `linli` binary, for tests that talk to it over HTTP from outside the process.
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `linli <args>` on a data dir and database, listening on `port`.
pub fn linli(data_dir: &Path, db: &str, port: u16, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_linli"));
    c.args(args)
        .env("LINLI_DATA_DIR", data_dir)
        .env("DATABASE_URL", db)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", data_dir.join("site"))
        .env("LINLI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Starts `linli serve` and returns once it has said it is listening (the socket is bound
/// before that line is written, so connections from then on are accepted).
pub fn serve(data_dir: &Path, db: &str, port: u16) -> Child {
    serve_with(data_dir, db, port, &[])
}

/// `serve` with extra environment (limits, for instance).
pub fn serve_with(data_dir: &Path, db: &str, port: u16, env: &[(&str, &str)]) -> Child {
    let mut child = linli(data_dir, db, port, &["serve"])
        .env("LINLI_LOG", "warn,linli_server::router=info")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .expect("server starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
    for line in lines.by_ref() {
        if line.expect("server log").contains("Linli is listening") {
            // Keep draining the log so the server never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return child;
        }
    }
    panic!("the server exited before it was listening");
}

/// A new, empty PostgreSQL database for one test binary; its URL.
pub async fn fresh_pg_database(prefix: &str) -> String {
    use sqlx::Connection;
    let admin = linli_app::storage::testing::pg_admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL is reachable");
    let name = format!("linli_t_{prefix}_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&mut conn).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// Peak resident memory of a process, in kB (`VmHWM` never goes down).
pub fn peak_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("process status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM line");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmHWM in kB")
}
