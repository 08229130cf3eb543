//! Every query behind the pages a city opens most goes through an index (#19). On each engine the
//! test walks those pages as a resident, an officer, community staff and an Open311 client,
//! records every statement sqlx runs (from sqlx's own query log), and asks the engine to plan
//! each read. A full scan of a table that grows with residents or cases fails the test, naming
//! the statement and its plan; a scan of a small reference table (departments, services) passes.
//!
//! sqlx's query log is process-wide and the other tests in this binary would write into it, so
//! the test runs itself again in a child process that holds only this test.
use crate::common::{self, *};
use axum::http::StatusCode;
use linli_app::storage::testing;
use std::collections::BTreeSet;
use std::sync::Mutex;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// Tables that grow with a city's residents, cases and orders (millions of rows). Listings
/// (thousands: a provider's offers) are not among them: the market's browse reads a community's
/// listings through their providers' approvals, which no index serves yet.
const LARGE: &[&str] = &[
    "users",
    "sessions",
    "audit_log",
    "files",
    "applications",
    "application_files",
    "application_events",
    "delegations",
    "notifications",
    "outbox",
    "feedback",
    "feedback_files",
    "feedback_events",
    "feedback_follows",
    "evaluations",
    "rectifications",
    "orders",
    "order_events",
    "reviews",
    "notice_receipts",
    "survey_answers",
    "help_requests",
    "one_time_codes",
    "sign_in_failures",
    "volunteer_hours",
    "appointments",
    "queue_tickets",
];

const CHILD: &str = "LINLI_TEST_QUERY_PLANS_CHILD";

static STATEMENTS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Keeps the text of each statement sqlx logs (target `sqlx::query`).
struct Recorder;

#[derive(Default)]
struct StatementText {
    summary: String,
    statement: String,
}

impl tracing::field::Visit for StatementText {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_string(),
            "db.statement" => self.statement = value.to_string(),
            _ => {}
        }
    }
    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> Layer<S> for Recorder {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut text = StatementText::default();
        event.record(&mut text);
        // sqlx logs a short statement whole as its summary and leaves the statement empty.
        let sql = if text.statement.trim().is_empty() { text.summary } else { text.statement.trim().to_string() };
        STATEMENTS.lock().unwrap().insert(sql);
    }
}

#[test]
fn the_hot_pages_read_through_indexes_on_both_engines() {
    if std::env::var_os(CHILD).is_none() {
        let me = std::env::current_exe().unwrap();
        let out = std::process::Command::new(me)
            .args(["query_plans::the_hot_pages_read_through_indexes_on_both_engines", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "the plans' child process failed:\n{text}");
        assert!(text.contains("1 passed"), "the child ran the test:\n{text}");
        return;
    }
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Recorder)).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let (store, url) = testing::sqlite_with(testing::cipher()).await;
        let reads = walk_the_hot_pages(store).await;
        let sqlite = sqlx::SqlitePool::connect(&url).await.unwrap();
        let mut full_scans = Vec::new();
        for sql in &reads {
            full_scans.extend(sqlite_full_scans(&sqlite, sql).await);
        }
        let (store, url) = testing::postgres_with(testing::cipher()).await;
        let reads_pg = walk_the_hot_pages(store).await;
        let pg = sqlx::PgPool::connect(&url).await.unwrap();
        for sql in &reads_pg {
            full_scans.extend(postgres_full_scans(&pg, sql).await);
        }
        println!("plans checked: {} reads on SQLite, {} on PostgreSQL", reads.len(), reads_pg.len());
        assert!(reads.len() >= 30 && reads_pg.len() >= 30, "the query log was read ({} and {} reads)", reads.len(), reads_pg.len());
        assert!(full_scans.is_empty(), "{} reads scan a large table whole:\n\n{}", full_scans.len(), full_scans.join("\n\n"));
    });
}

/// Fills a store with one of everything the hot pages show, then opens them; the reads they ran.
async fn walk_the_hot_pages(store: linli_app::storage::SharedStore) -> Vec<String> {
    let app = app(store);
    let (_, resident) = app.account("13810009001", 901, "resident", None, Some("cy-xfl")).await;
    let (_, officer) = app.account("13710009002", 902, "officer", Some("rs"), None).await;
    let (_, staff) = app.account("13910009003", 903, "staff", None, Some("cy-xfl")).await;
    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let building = app.store.buildings().await.unwrap().into_iter().find(|b| b.community_code == "cy-xfl").unwrap().id.to_string();
    let report = app
        .post_multipart(
            "/feedback/new",
            &resident,
            &[
                Part::Text("category", "report-light"),
                Part::Text("building", &building),
                Part::Text("title", "3 单元门口路灯不亮"),
                Part::Text("body", "晚上一片漆黑。"),
                Part::Text("address", "3 单元门口"),
                Part::File("photos", "路灯.jpg", photo(5)),
            ],
        )
        .await;
    assert_eq!(report.status, StatusCode::SEE_OTHER, "{}", report.body);
    let (provider, _) = common::market::approved_provider(&app, "13610009004", 904, &staff, &["cy-xfl"]).await;
    common::market::new_listing(&app, &provider, "上门保洁 两小时", "24").await;
    let notice = app.post("/work/notices", &staff, &[("category", "outage"), ("title", "周五停水"), ("body", "周五上午停水。")]).await;
    assert_eq!(notice.status, StatusCode::SEE_OTHER, "{}", notice.body);
    assert_eq!(app.post(&format!("{}/publish", notice.location()), &staff, &[]).await.status, StatusCode::SEE_OTHER);

    let bundle = app.post_multipart("/things/unemployment", &resident, &[
        Part::Text("q_YB001", "1"),
        Part::File("m_id_card", "身份证.jpg", photo(3)),
        Part::File("m_ssc", "社保卡.jpg", photo(4)),
    ]).await;
    assert_eq!(bundle.status, StatusCode::SEE_OTHER, "{}", bundle.body);
    let bundle = bundle.location().to_string();

    for weekday in ["1", "2", "3", "4", "5"] {
        let r = app.post("/work/counter/cy-xfl/hours", &staff, &[("service", "identity"), ("weekday", weekday), ("time", "14:00"), ("capacity", "3")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let office = app.store.office("cy-xfl").await.unwrap().unwrap();
    let calendar = linli_app::calendar::ssr::load(&*app.store).await.unwrap();
    let hours = app.store.counter_hours(office.id).await.unwrap();
    let slot = linli_app::counter::rules::open_slots(&hours, "identity", &calendar, linli_app::time::now_unix(), 14)[0];
    let booked = app.post("/counter/cy-xfl/book", &resident, &[("service", "identity"), ("starts_at", &slot.starts_at.to_string())]).await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.body);
    let appointment = booked.location().trim_end_matches("?booked=1").to_string();
    let number = app.post("/queue/cy-xfl/take", "", &[("service", "identity")]).await;
    let place = number.location().to_string();

    let (y, m, _) = linli_app::time::today();
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    STATEMENTS.lock().unwrap().clear();
    let pages: &[(&str, &str)] = &[
        ("/", &resident),
        ("/services?q=社保", &resident),
        ("/me/applications", &resident),
        (&format!("/me/applications/{ref_no}"), &resident),
        ("/me/inbox", &resident),
        ("/things", &resident),
        (&bundle, &resident),
        ("/notices", &resident),
        ("/market", &resident),
        ("/market?q=保洁", &resident),
        ("/market?q=baojie", &resident),
        ("/me/orders", &resident),
        ("/feedback", ""),
        ("/board", ""),
        (&format!("/board?month={py:04}-{pm:02}"), ""),
        ("/work", &officer),
        ("/work?overdue=1", &officer),
        ("/work?status=approved", &officer),
        (&format!("/work/{ref_no}"), &officer),
        ("/work/feedback", &staff),
        ("/work/notices", &staff),
        ("/staff/residents", &staff),
        ("/staff/residents?q=%E6%9E%97", &staff),
        ("/staff/residents?q=13810009001", &staff),
        ("/open311/v2/requests.json", ""),
        ("/open311/v2/requests.json?status=open&service_code=report-light", ""),
        ("/counter", &resident),
        (&appointment, &resident),
        ("/queue/cy-xfl", ""),
        (&place, ""),
        ("/work/counter/cy-xfl", &staff),
        ("/insights", &staff),
        ("/insights", &officer),
    ];
    for (uri, cookie) in pages {
        let r = app.get(uri, cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", &r.body[..r.body.len().min(500)]);
    }
    // The reminder job's pass reads a city's running cases and who to tell about them.
    linli_app::notifications::reminders::run_once(&*app.store, &linli_app::time::SystemClock).await.unwrap();
    let seen = std::mem::take(&mut *STATEMENTS.lock().unwrap());
    seen.into_iter().filter(|s| is_read(s)).collect()
}

fn is_read(sql: &str) -> bool {
    let head = sql.trim_start().get(..6).unwrap_or("").to_ascii_uppercase();
    head == "SELECT" || head.starts_with("WITH")
}

/// How many parameters (`$1` … `$n`) a statement takes.
fn parameters(sql: &str) -> usize {
    let bytes = sql.as_bytes();
    let mut most = 0;
    for (i, _) in sql.match_indices('$') {
        let digits: String = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).map(|&b| b as char).collect();
        most = most.max(digits.parse().unwrap_or(0));
    }
    most
}

/// The table each name in a FROM or JOIN stands for (SQLite's plans name aliases).
fn aliases(sql: &str) -> Vec<(String, String)> {
    const NOT_ALIASES: &[&str] =
        &["where", "join", "left", "inner", "cross", "on", "order", "group", "limit", "using", "union", "as", "natural", "outer"];
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '('))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if (w == "from" || w == "join") && i + 1 < words.len() && !words[i + 1].starts_with('(') {
            let table = words[i + 1].clone();
            let mut next = words.get(i + 2).cloned().unwrap_or_default();
            if next == "as" {
                next = words.get(i + 3).cloned().unwrap_or_default();
            }
            let alias = if next.is_empty() || NOT_ALIASES.contains(&next.as_str()) { table.clone() } else { next };
            found.push((alias, table));
        }
    }
    found
}

async fn sqlite_full_scans(pool: &sqlx::SqlitePool, sql: &str) -> Vec<String> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain);
    for _ in 0..parameters(sql) {
        q = q.bind(None::<i64>);
    }
    let plan = match q.fetch_all(pool).await {
        Ok(rows) => rows.into_iter().map(|r| r.3).collect::<Vec<_>>(),
        Err(e) => return vec![format!("[SQLite] could not plan ({e}):\n{sql}")],
    };
    let names = aliases(sql);
    let scans_large = |detail: &String| {
        let Some(rest) = detail.strip_prefix("SCAN ") else {
            return false;
        };
        let name = rest.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        let table = names.iter().find(|(a, _)| *a == name).map_or(name.clone(), |(_, t)| t.clone());
        LARGE.contains(&table.as_str()) && !rest.contains("INDEX")
    };
    if plan.iter().any(scans_large) {
        vec![format!("[SQLite] {sql}\n  plan: {}", plan.join(" | "))]
    } else {
        Vec::new()
    }
}

/// PostgreSQL plans the statement for any parameters (a generic plan) with sequential scans
/// priced out: a sequential scan left in the plan means no index can serve it.
async fn postgres_full_scans(pool: &sqlx::PgPool, sql: &str) -> Vec<String> {
    let mut conn = pool.acquire().await.unwrap();
    for setting in ["SET plan_cache_mode = force_generic_plan", "SET enable_seqscan = off"] {
        sqlx::raw_sql(setting).execute(&mut *conn).await.unwrap();
    }
    if let Err(e) = sqlx::raw_sql(&format!("PREPARE linli_plan_check AS {sql}")).execute(&mut *conn).await {
        return vec![format!("[PostgreSQL] could not prepare ({e}):\n{sql}")];
    }
    let args = vec!["NULL"; parameters(sql)].join(", ");
    let execute = if args.is_empty() { "EXPLAIN EXECUTE linli_plan_check".to_string() } else { format!("EXPLAIN EXECUTE linli_plan_check({args})") };
    let planned: Result<Vec<String>, _> = sqlx::query_scalar(&execute).fetch_all(&mut *conn).await;
    sqlx::raw_sql("DEALLOCATE linli_plan_check").execute(&mut *conn).await.unwrap();
    let plan = match planned {
        Ok(rows) => rows,
        Err(e) => return vec![format!("[PostgreSQL] could not plan ({e}):\n{sql}")],
    };
    if postgres_scans_whole(&plan) {
        vec![format!("[PostgreSQL] {sql}\n  plan:\n{}", plan.join("\n"))]
    } else {
        Vec::new()
    }
}

/// Whether a plan reads a large table whole: a sequential scan of it, or an index scan of it
/// with no index condition (with sequential scans priced out, PostgreSQL walks a whole index
/// and filters instead).
fn postgres_scans_whole(plan: &[String]) -> bool {
    let mut open: Option<(bool, bool)> = None; // (reads a large table, has an index condition)
    let mut whole = false;
    for line in plan {
        let node = line.trim_start().trim_start_matches("->").trim_start();
        let scan_of = node.split_once(" on ").filter(|(head, _)| head.contains("Scan") && !head.contains("Bitmap Index"));
        if let Some((head, rest)) = scan_of {
            if let Some((large, cond)) = open.take() {
                whole |= large && !cond;
            }
            let large = LARGE.contains(&rest.split_whitespace().next().unwrap_or(""));
            // A bitmap heap scan always has its condition in the bitmap index scan below it.
            open = Some((large, !head.starts_with("Seq Scan") && head.contains("Bitmap")));
        } else if node.starts_with("Index Cond:") {
            if let Some((_, cond)) = open.as_mut() {
                *cond = true;
            }
        }
    }
    if let Some((large, cond)) = open {
        whole |= large && !cond;
    }
    whole
}
