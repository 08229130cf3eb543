//! One storage suite, run against SQLite and PostgreSQL alike.
use super::{CodePurpose, DeliveryRecord, NewMessage, NewUser, SessionDevice, SharedStore, StoreError};
use crate::accounts::validate::id_check_char;
use crate::catalogue::{server::ssr as catalogue, ServiceQuery};
use crate::prefs::Lang;

pub(super) fn id_number(serial: u32) -> String {
    let first17 = format!("11010519700101{serial:03}");
    format!("{first17}{}", id_check_char(&first17))
}

pub(super) fn resident(phone: &str, serial: u32, building: i64) -> NewUser {
    NewUser {
        phone: phone.into(),
        name: "测试居民".into(),
        id_number: id_number(serial),
        password_hash: "$argon2id$placeholder".into(),
        role: crate::prefs::Role::Resident,
        department_code: None,
        community_code: None,
        building_id: Some(building),
        id_claim_key: None,
    }
}

async fn user_count(store: &SharedStore) -> usize {
    let mut n = 0;
    for phone in ["13900001111", "13900002222", "13900003333"] {
        n += store.user_by_phone(phone).await.unwrap().is_some() as usize;
    }
    n
}

async fn reference_data_is_loaded_once(store: SharedStore) {
    assert!(store.services().await.unwrap().len() >= 40);
    assert_eq!(store.departments().await.unwrap().len(), crate::catalogue::facets::DEPARTMENTS.len());
    assert_eq!(store.buildings().await.unwrap().len(), 36);
    // A second start finds the same version and loads nothing.
    assert!(!crate::reference::ensure(&*store).await.unwrap());
    store.ping().await.unwrap();
}

async fn duplicate_phone_or_id_is_refused_and_nothing_half_stored(store: SharedStore) {
    let b = store.buildings().await.unwrap()[0].id;
    let id = store.create_user(&resident("13900001111", 1, b), 1).await.unwrap();
    assert!(id > 0);
    match store.create_user(&resident("13900001111", 2, b), 2).await {
        Err(StoreError::Conflict("phone")) => {}
        other => panic!("expected a phone conflict, got {other:?}"),
    }
    match store.create_user(&resident("13900002222", 1, b), 3).await {
        Err(StoreError::Conflict("id_number")) => {}
        other => panic!("expected an ID conflict, got {other:?}"),
    }
    assert_eq!(user_count(&store).await, 1);
}

async fn concurrent_registrations_of_one_phone_admit_exactly_one(store: SharedStore) {
    let b = store.buildings().await.unwrap()[0].id;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.create_user(&resident("13900003333", 100 + i, b), 1).await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    assert_eq!(ok, 1);
}

async fn failures_count_per_phone_and_address_and_age_out(store: SharedStore) {
    assert_eq!(store.record_sign_in_failure("p1", "a1", 1_000).await.unwrap(), 1);
    assert_eq!(store.record_sign_in_failure("p1", "a1", 1_010).await.unwrap(), 2);
    assert_eq!(store.record_sign_in_failure("p1", "a2", 1_020).await.unwrap(), 1, "another address counts apart");
    assert_eq!(store.record_sign_in_failure("p2", "a1", 1_020).await.unwrap(), 1, "another phone counts apart");
    let mut rows = store.sign_in_failures("p1", 0).await.unwrap();
    rows.sort_by(|a, b| a.addr_key.cmp(&b.addr_key));
    assert_eq!(rows.iter().map(|r| (r.addr_key.as_str(), r.failures, r.last_at)).collect::<Vec<_>>(), [("a1", 2, 1_010), ("a2", 1, 1_020)]);
    let a_day_later = 1_010 + crate::storage::FAILURE_WINDOW_SECONDS + 1;
    assert_eq!(store.record_sign_in_failure("p1", "a1", a_day_later).await.unwrap(), 1, "old failures no longer count");
    store.clear_sign_in_failures("p1").await.unwrap();
    assert!(store.sign_in_failures("p1", 0).await.unwrap().is_empty());
    assert_eq!(store.sign_in_failures("p2", 0).await.unwrap().len(), 1);
}

async fn codes_are_used_once_and_tries_are_counted(store: SharedStore) {
    let message = NewMessage { user_id: None, kind: "code", channel: "sms", recipient: "13900002222".into(), body: "验证码 000001".into() };
    store.issue_code("pk", CodePurpose::Register, "h1", 100, 400, Some(&message)).await.unwrap();
    store.issue_code("pk", CodePurpose::Register, "h2", 160, 460, None).await.unwrap();
    store.issue_code("pk", CodePurpose::Reset, "h3", 170, 470, None).await.unwrap();
    assert_eq!(store.codes_issued_since("pk", CodePurpose::Register, 0).await.unwrap(), (3, Some(100), Some(160)));
    assert_eq!(store.codes_issued_since("pk", CodePurpose::Reset, 150).await.unwrap(), (2, Some(160), Some(170)));
    assert_eq!(store.codes_issued_since("pk", CodePurpose::SignIn, 0).await.unwrap().2, None);
    assert!(store.live_code("pk", CodePurpose::PhoneChange, 200).await.unwrap().is_none(), "a code is for one purpose");
    let live = store.live_code("pk", CodePurpose::Register, 200).await.unwrap().unwrap();
    assert_eq!((live.code_hash.as_str(), live.tries), ("h2", 0), "the newest code counts");
    store.count_code_try(live.id).await.unwrap();
    assert_eq!(store.live_code("pk", CodePurpose::Register, 200).await.unwrap().unwrap().tries, 1);
    assert!(store.use_code(live.id, 210).await.unwrap());
    assert!(!store.use_code(live.id, 211).await.unwrap(), "only once");
    assert!(store.live_code("pk", CodePurpose::Register, 500).await.unwrap().is_none(), "expired");
    let outbox = store.outbox(10).await.unwrap();
    assert_eq!(outbox.len(), 1, "only the code with a message queued one");
    assert_eq!((outbox[0].user_id, outbox[0].kind.as_str(), outbox[0].status.as_str()), (None, "code", "queued"));
    assert_eq!(store.purge_trust_records(150).await.unwrap(), 1);
}

async fn the_outbox_keeps_delivery_state(store: SharedStore) {
    let m = NewMessage { user_id: None, kind: "code", channel: "sms", recipient: "13900003333".into(), body: "x".into() };
    let id = store.queue_message(&m, 1_000).await.unwrap();
    assert_eq!(store.due_outbox(1_000, 10).await.unwrap().len(), 1);
    let retry = DeliveryRecord { status: "queued", sender: "http".into(), at: 1_000, gateway_ref: None,
                                 error: Some("503".into()), next_attempt_at: Some(1_030) };
    store.record_delivery(id, &retry).await.unwrap();
    assert!(store.due_outbox(1_020, 10).await.unwrap().is_empty(), "not before its next attempt");
    let row = store.due_outbox(1_030, 10).await.unwrap().remove(0);
    assert_eq!((row.attempts, row.last_error.as_deref()), (1, Some("503")));
    let sent = DeliveryRecord { status: "sent", sender: "http".into(), at: 1_031, gateway_ref: Some("gw-9".into()),
                                error: None, next_attempt_at: None };
    store.record_delivery(id, &sent).await.unwrap();
    assert!(store.record_receipt("gw-9", true, None, 1_040).await.unwrap());
    assert!(!store.record_receipt("gw-unknown", true, None, 1_040).await.unwrap());
    let row = store.outbox(1).await.unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts, row.gateway_ref.as_deref()), ("delivered", 2, Some("gw-9")));
}

async fn sessions_expire_and_end(store: SharedStore) {
    let b = store.buildings().await.unwrap()[0].id;
    let id = store.create_user(&resident("13900001111", 4, b), 1).await.unwrap();
    let phone = SessionDevice { addr: "10.0.0.1".into(), user_agent: "Phone".into() };
    store.create_session("hash-a", id, &phone, "full", 100, 200).await.unwrap();
    assert_eq!(store.session_user("hash-a", 150, 0).await.unwrap().map(|u| u.id), Some(id));
    assert!(store.session_user("hash-a", 200, 0).await.unwrap().is_none(), "expired");
    assert!(store.session_user("hash-b", 150, 0).await.unwrap().is_none(), "unknown");
    // Making a session later sweeps the expired one.
    store.create_session("hash-c", id, &phone, "full", 300, 400).await.unwrap();
    assert!(store.session_user("hash-a", 150, 0).await.unwrap().is_none(), "swept");
    store.create_session("hash-a", id, &SessionDevice::default(), "full", 300, 400).await.unwrap();
    store.delete_session("hash-a").await.unwrap();
    assert!(store.session_user("hash-a", 350, 0).await.unwrap().is_none(), "signed out");
    assert!(store.session_user("hash-c", 350, 0).await.unwrap().is_some());
    let listed = store.sessions_of(id, 350).await.unwrap();
    assert_eq!(listed.iter().map(|s| (s.addr.as_str(), s.user_agent.as_str())).collect::<Vec<_>>(), [("10.0.0.1", "Phone")]);
    store.create_session("hash-d", id, &phone, "full", 310, 400).await.unwrap();
    assert_eq!(store.end_sessions(id, Some("hash-d")).await.unwrap(), 1, "every other device");
    assert!(store.session_user("hash-d", 350, 0).await.unwrap().is_some());
    store.set_password(id, "$argon2id$new", true, 360).await.unwrap();
    assert!(store.session_user("hash-d", 361, 0).await.unwrap().is_none(), "a new password ends every session");
    assert_eq!(store.user_by_id(id).await.unwrap().unwrap().password_hash, "$argon2id$new");
}

async fn residents_are_listed_per_community(store: SharedStore) {
    let buildings = store.buildings().await.unwrap();
    let (a, other) = (&buildings[0], buildings.iter().find(|x| x.community_code != buildings[0].community_code).unwrap());
    store.create_user(&resident("13900001111", 5, a.id), 1).await.unwrap();
    store.create_user(&resident("13900002222", 6, other.id), 1).await.unwrap();
    let listed = store.residents_in_community(&a.community_code).await.unwrap();
    assert_eq!(listed.iter().map(|u| u.phone.as_str()).collect::<Vec<_>>(), ["13900001111"]);
}

async fn audit_entries_come_newest_first(store: SharedStore) {
    let b = store.buildings().await.unwrap()[0].id;
    let id = store.create_user(&resident("13900001111", 7, b), 1).await.unwrap();
    store.audit(10, Some(id), Some(id), "register", "").await.unwrap();
    store.audit(20, Some(id), Some(id), "sign_in", "").await.unwrap();
    store.audit(30, None, None, "other", "").await.unwrap();
    let rows = store.audit_for_subject(id, 10).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(), ["sign_in", "register"]);
}

async fn catalogue_search_works_in_chinese_and_pinyin(store: SharedStore) {
    let held = crate::catalogue::snapshot::Snapshot::default().get(&*store).await.unwrap();
    let find = |q: &str| ServiceQuery { q: q.into(), ..Default::default() };
    for q in ["社保", "sb", "shebao"] {
        let list = catalogue::list(&held, &find(q), Lang::Zh);
        let codes: Vec<_> = list.items.iter().map(|s| s.code.as_str()).collect();
        assert!(codes.contains(&"RS003"), "{q}: {codes:?}");
        assert!(!codes.contains(&"MZ006"), "{q} must not find 结婚登记");
    }
    let elderly = catalogue::list(&held, &ServiceQuery { group: "elderly".into(), ..Default::default() }, Lang::Zh);
    assert!(elderly.total >= 10);
    let both = ServiceQuery { dept: "mz".into(), event: "elderly_care".into(), ..Default::default() };
    let list = catalogue::list(&held, &both, Lang::Zh);
    assert!(list.total > 0 && list.items.iter().all(|s| s.code.starts_with("MZ")));
    let one = catalogue::one(&*store, &held, "RS003", Lang::Zh).await.unwrap().unwrap();
    assert_eq!(one.department.code, "rs");
    assert!(!one.detail.materials.is_empty());
    assert!(catalogue::one(&*store, &held, "NOPE", Lang::Zh).await.unwrap().is_none());
    // The same guide in English: every part translated, the Chinese original not sent along.
    let en = catalogue::one(&*store, &held, "JY001", Lang::En).await.unwrap().unwrap();
    let zh = catalogue::one(&*store, &held, "JY001", Lang::Zh).await.unwrap().unwrap();
    assert_eq!(en.detail.materials.len(), zh.detail.materials.len());
    assert!(en.detail.summary.starts_with("For children who turn 6"), "{}", en.detail.summary);
    assert!(en.detail.en.is_none() && zh.detail.en.is_none());
    let slots = &en.detail.form.as_ref().unwrap().materials;
    assert!(slots.iter().all(|m| m.label.is_ascii() || m.label.contains('–')), "{slots:?}");
    let listed = catalogue::list(&held, &find("shebao"), Lang::En);
    assert!(listed.items.iter().all(|s| !s.summary.is_empty() && !s.summary.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
}

async fn calendar_is_seeded_once_and_edits_survive_restarts(store: SharedStore) {
    use super::CalendarDayRow;
    let days = store.calendar_days().await.unwrap();
    // 3 + 9 + 3 + 5 + 3 + 3 + 7 holiday days and 6 make-up days in 2026.
    assert_eq!(days.iter().filter(|d| d.kind == "holiday").count(), 33);
    assert_eq!(days.iter().filter(|d| d.kind == "workday").count(), 6);
    let b = store.buildings().await.unwrap()[0].id;
    let admin_id = store.create_user(&resident("13900008888", 8, b), 1).await.unwrap();
    assert!(store.delete_calendar_day("2026-10-10", admin_id, 6).await.unwrap());
    assert!(!store.delete_calendar_day("2026-10-10", admin_id, 6).await.unwrap(), "already gone");
    let new_year = CalendarDayRow { day: "2027-01-01".into(), kind: "holiday".into(), name: "元旦".into() };
    store.set_calendar_day(&new_year, Some(admin_id), 5).await.unwrap();
    crate::reference::ensure(&*store).await.unwrap();
    let days = store.calendar_days().await.unwrap();
    assert!(days.iter().all(|d| d.day != "2026-10-10"), "a removed official day stays removed");
    assert!(days.iter().any(|d| d.day == "2027-01-01"));
    let calendar = crate::calendar::ssr::load(&*store).await.unwrap();
    let sat = chrono::NaiveDate::from_ymd_opt(2026, 10, 10).unwrap();
    assert!(!calendar.is_working_day(sat), "without the make-up entry it is an ordinary Saturday");
}

/// Several servers asking for a job's lease at once: one gets it and may renew it; the rest wait
/// for it to run out.
async fn one_server_holds_a_job_lease_at_a_time(store: SharedStore) {
    let now = 1_790_000_000;
    let asks = (0..12).map(|n| {
        let store = store.clone();
        tokio::spawn(async move { store.take_lease("deadlines", &format!("server-{n}"), now, now + 600).await.unwrap() })
    });
    let mut taken = 0;
    for ask in asks {
        taken += ask.await.unwrap() as usize;
    }
    assert_eq!(taken, 1, "exactly one of twelve servers runs the job");
    let mut renewed = 0;
    for n in 0..12 {
        renewed += store.take_lease("deadlines", &format!("server-{n}"), now + 300, now + 900).await.unwrap() as usize;
    }
    assert_eq!(renewed, 1, "only the holder renews it");
    assert!(!store.take_lease("deadlines", "server-x", now + 899, now + 1499).await.unwrap(), "held until it runs out");
    assert!(store.take_lease("sweep", "server-x", now + 899, now + 1499).await.unwrap(), "each job has its own lease");
    assert!(store.take_lease("deadlines", "server-x", now + 900, now + 1500).await.unwrap(), "free once it ran out");
    assert!(!store.take_lease("deadlines", "server-0", now + 1000, now + 1600).await.unwrap(), "the new holder has it");
}

/// A shared GCRA bucket: a burst of three, then one a second; full buckets are forgotten.
async fn shared_rate_buckets_take_a_burst_then_a_steady_rate(store: SharedStore) {
    let now = 1_790_000_000_000;
    let take = |at: i64| {
        let store = store.clone();
        async move { store.take_from_bucket("Register:192.0.2.1", at, 1000, 3000).await.unwrap() }
    };
    for _ in 0..3 {
        assert_eq!(take(now).await, None);
    }
    assert_eq!(take(now).await, Some(1000), "the fourth waits a second");
    assert_eq!(take(now + 400).await, Some(600));
    assert_eq!(take(now + 1000).await, None, "one more once it refilled");
    assert_eq!(store.take_from_bucket("Register:192.0.2.2", now, 1000, 3000).await.unwrap(), None, "another address");
    assert_eq!(store.forget_full_buckets(now + 3500).await.unwrap(), 1, "the other address's bucket is full again");
    assert_eq!(store.forget_full_buckets(now + 4000).await.unwrap(), 1);
    assert_eq!(take(now + 4000).await, None);
}

crate::on_both_engines!(
    one_server_holds_a_job_lease_at_a_time,
    shared_rate_buckets_take_a_burst_then_a_steady_rate,
    calendar_is_seeded_once_and_edits_survive_restarts,
    reference_data_is_loaded_once,
    duplicate_phone_or_id_is_refused_and_nothing_half_stored,
    concurrent_registrations_of_one_phone_admit_exactly_one,
    failures_count_per_phone_and_address_and_age_out,
    codes_are_used_once_and_tries_are_counted,
    the_outbox_keeps_delivery_state,
    sessions_expire_and_end,
    residents_are_listed_per_community,
    audit_entries_come_newest_first,
    catalogue_search_works_in_chinese_and_pinyin,
);
