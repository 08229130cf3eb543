//! A department's queue (部门工作台) on both engines: open cases by deadline, however many
//! finished ones came before them, and counts of the whole department, not of the page.
use super::tests::resident;
use super::{ApplicationEffects, ApplicationStep, NewApplication, SharedStore};

async fn file(store: &SharedStore, applicant: i64, n: u32, department: &str, deadline: &str) -> i64 {
    let app = NewApplication {
        ref_no: format!("Q{n:08}"),
        service_code: "RS003".into(),
        applicant_id: applicant,
        filed_by_id: applicant,
        filed_as: "self".into(),
        consent_note: String::new(),
        channel: "online",
        department_code: department.into(),
        fields_json: "{}".into(),
        deadline: deadline.into(),
        certificates: vec![],
    };
    store.create_application(&app, &[], &[], &[], &[], 1).await.unwrap()
}

async fn step(store: &SharedStore, id: i64, to: &'static str, effects: ApplicationEffects) {
    let mut step = ApplicationStep::new(id, &["submitted", "accepted"], Some(to), to);
    step.effects = effects;
    assert!(store.transition(&step, 2).await.unwrap(), "{id} → {to}");
}

async fn open_cases_come_by_deadline_and_are_all_counted(store: SharedStore) {
    let b = store.buildings().await.unwrap()[0].id;
    let who = store.create_user(&resident("13900003333", 8, b), 1).await.unwrap();
    // Finished cases with the earliest deadlines would fill any page read before filtering.
    for n in 0..5 {
        let id = file(&store, who, n, "rs", &format!("2026-01-0{}", n + 1)).await;
        step(&store, id, "approved", ApplicationEffects { finished: true, ..Default::default() }).await;
    }
    let late = file(&store, who, 10, "rs", "2026-03-01").await;
    let waiting_for_corrections = file(&store, who, 11, "rs", "2026-03-02").await;
    step(&store, waiting_for_corrections, "correction", ApplicationEffects { ask_correction: Some(("补材料".into(), "id_card".into())), ..Default::default() }).await;
    let accepted_late = file(&store, who, 12, "rs", "2026-03-03").await;
    step(&store, accepted_late, "accepted", ApplicationEffects::default()).await;
    let in_time = file(&store, who, 13, "rs", "2026-12-30").await;
    let elsewhere = file(&store, who, 14, "mz", "2026-02-01").await;

    let ids = |rows: Vec<super::ApplicationRow>| rows.into_iter().map(|a| a.id).collect::<Vec<_>>();
    let open = store.department_queue("rs", None, None, 3).await.unwrap();
    assert_eq!(ids(open), [late, waiting_for_corrections, accepted_late], "open cases only, earliest deadline first, a page at a time");
    let overdue = store.department_queue("rs", None, Some("2026-12-01"), 10).await.unwrap();
    assert_eq!(ids(overdue), [late, accepted_late], "a case waiting for the resident's corrections is not overdue");
    let accepted = store.department_queue("rs", Some("accepted"), None, 10).await.unwrap();
    assert_eq!(ids(accepted), [accepted_late]);
    assert_eq!(store.department_queue("rs", Some("approved"), None, 10).await.unwrap().len(), 5);
    assert_eq!(store.department_queue_counts("rs", "2026-12-01").await.unwrap(), (4, 2), "open: 4, overdue: 2");
    assert_eq!(store.department_queue_counts("rs", "2026-01-01").await.unwrap(), (4, 0), "none overdue before their deadlines");
    assert_eq!(ids(store.department_queue("mz", None, None, 10).await.unwrap()), [elsewhere], "each department its own");
    let every_open = ids(store.department_queue("rs", None, None, 10).await.unwrap());
    assert_eq!(every_open, [late, waiting_for_corrections, accepted_late, in_time]);
}

crate::on_both_engines!(open_cases_come_by_deadline_and_are_all_counted);
