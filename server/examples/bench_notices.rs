//! For `cargo make bench`, the figures of 通知公告:
//! - `bench_notices <database url> publish <residents>`: fills a district with that many
//!   residents (a few per building), then publishes one district-wide urgent notice and prints
//!   `<ms to publish and deliver> <peak RSS growth in kB during it> <receipts written>`;
//! - `bench_notices <database url> many <count>`: publishes `count` district-wide notices (to
//!   the residents already there) for the `/notices` run, and prints nothing.
use linli_app::storage::{AuditEntry, NewPublicNotice, NewUser, Store};
use linli_app::prefs::Role;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, what, count] = args.as_slice() else { panic!("usage: bench_notices <database url> publish|many <count>") };
    let count: i64 = count.parse().expect("a count");
    let keys = linli_server::keys_beside(db).expect("the server's keys");
    let store = linli_app::storage::connect(db, std::sync::Arc::new(keys)).await.expect("database opens");
    let author = store.user_by_phone("13700000001").await.expect("users").map(|u| u.id);
    let author = match author {
        Some(id) => id,
        None => add_resident(&*store, 0, Role::Officer, None).await,
    };
    match what.as_str() {
        "publish" => publish(&*store, author, count).await,
        "many" => {
            for i in 0..count {
                let id = notice(&*store, author, &format!("第 {i} 号通知"), "policy").await;
                linli_app::notices::delivery::deliver(&*store, id, linli_app::time::now_unix()).await.expect("delivered");
            }
        }
        other => panic!("unknown: {other}"),
    }
}

async fn add_resident(store: &dyn Store, i: i64, role: Role, building: Option<i64>) -> i64 {
    // One precomputed hash: the bench measures publishing, not password hashing.
    let user = NewUser {
        phone: format!("1990{i:07}"),
        name: "林居民".into(),
        id_number: format!("BENCH{i:013}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$0000000000000000000000".into(),
        role,
        department_code: (role == Role::Officer).then(|| "rs".to_string()),
        community_code: None,
        building_id: building,
        id_claim_key: None,
    };
    store.create_user(&user, 1_000).await.expect("a resident")
}

async fn notice(store: &dyn Store, author: i64, title: &str, category: &str) -> i64 {
    let n = NewPublicNotice {
        unit_kind: "department".into(),
        unit_code: "rs".into(),
        author_id: author,
        category: category.into(),
        title: title.into(),
        body: "全辖区居民请注意。".into(),
        search_text: title.into(),
        ..Default::default()
    };
    let now = linli_app::time::now_unix();
    let id = store.create_public_notice(&n, now).await.expect("a draft");
    let audit = AuditEntry { actor_id: author, subject_id: author, action: "notice_published".into(), detail: String::new() };
    assert!(store.move_public_notice(id, &["draft"], "published", None, "", &audit, now).await.expect("published"));
    id
}

fn peak_rss_kb() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

fn rss_kb() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

async fn publish(store: &dyn Store, author: i64, residents: i64) {
    let buildings: Vec<i64> = store.buildings().await.expect("buildings").iter().map(|b| b.id).collect();
    for i in 1..=residents {
        add_resident(store, i, Role::Resident, Some(buildings[i as usize % buildings.len()])).await;
    }
    let id = notice(store, author, "全辖区停水通知", "outage").await;
    // The peak is reset so it measures the delivery alone (Linux: write 5 to clear_refs).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = rss_kb();
    let started = std::time::Instant::now();
    let written = linli_app::notices::delivery::deliver(store, id, linli_app::time::now_unix()).await.expect("delivered");
    let ms = started.elapsed().as_millis();
    println!("{ms} {} {written}", (peak_rss_kb() - before).max(0));
}
