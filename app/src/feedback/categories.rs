//! The default categories and the unit that owns each (like the 12345 hotline rules: urgent help
//! the same working day, questions in 3 working days, complaints in 13). Admins change the
//! promised times at `/admin/feedback`; their edits are kept across restarts.

/// (code, kind, name, English name, owned by the location's community?, department otherwise,
/// working days)
pub const DEFAULTS: &[(&str, &str, &str, &str, bool, &str, i64)] = &[
    ("report-light", "report", "路灯不亮或损坏", "Broken street or corridor light", true, "zj", 3),
    ("report-drain", "report", "下水道堵塞、污水外溢", "Blocked drain or sewage overflow", true, "zj", 3),
    ("report-garbage", "report", "垃圾未及时清运", "Rubbish not collected", true, "zj", 1),
    ("report-road", "report", "道路、井盖破损", "Damaged road or manhole cover", false, "zj", 5),
    ("report-facility", "report", "公共设施损坏（健身器材、座椅等）", "Damaged public facility (benches, fitness equipment)", true, "zj", 5),
    ("help-urgent", "help", "紧急求助（独居老人、突发困难）", "Urgent help (an elder living alone, a sudden hardship)", true, "mz", 0),
    ("help-daily", "help", "生活求助", "Help with daily life", true, "mz", 5),
    ("consult-policy", "consult", "政策咨询", "Question about a policy", true, "sq", 3),
    ("consult-social-security", "consult", "社保、就业咨询", "Question about social security or jobs", false, "rs", 3),
    ("complaint-service", "complaint", "办事服务投诉（人社窗口）", "Complaint about a service (HR & social security)", false, "rs", 13),
    ("complaint-community", "complaint", "社区工作投诉", "Complaint about community work", true, "sq", 13),
    ("complaint-market", "complaint", "便民服务投诉（上门服务订单）", "Complaint about a home-service order", true, "sq", 5),
    ("suggestion", "suggestion", "意见建议", "Suggestion", true, "sq", 13),
];

#[cfg(feature = "ssr")]
pub async fn seed(store: &dyn crate::storage::Store) -> crate::storage::StoreResult<()> {
    for (i, (code, kind, name, name_en, by_community, dept, days)) in DEFAULTS.iter().enumerate() {
        store
            .seed_feedback_category(&crate::storage::CategoryRow {
                code: code.to_string(),
                kind: kind.to_string(),
                name: name.to_string(),
                name_en: name_en.to_string(),
                description: String::new(),
                by_community: *by_community as i64,
                department_code: dept.to_string(),
                deadline_days: *days,
                sort: i as i64,
            })
            .await?;
    }
    Ok(())
}
