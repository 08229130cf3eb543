//! The rules shared by every step: reference numbers, deadlines, who hears about what.
use super::Status;
use crate::storage::{Notice, Store, StoreResult};
use crate::forms::Message;
use chrono::NaiveDate;

/// 受理编号: the date in Shanghai and eight random digits (unique; retried on a clash).
pub fn new_ref_no() -> String {
    let (y, m, d) = crate::time::today();
    format!("{y:04}{m:02}{d:02}{:08}", rand::random::<u32>() % 100_000_000)
}

pub fn today() -> NaiveDate {
    let (y, m, d) = crate::time::today();
    NaiveDate::from_ymd_opt(y, m, d).expect("today is a date")
}

pub fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The deadline for a limit counted from `received` in working days.
pub async fn deadline_from(store: &dyn Store, received: NaiveDate, limit: i64) -> StoreResult<String> {
    let calendar = crate::calendar::ssr::load(store).await?;
    Ok(calendar.deadline(received, limit.clamp(0, 3650) as u32).to_string())
}

/// Overdue: still open after its deadline (not while waiting for the resident's corrections),
/// or finished later than promised. A late case stays marked after it closes.
pub fn is_overdue(status: Status, deadline: &str, finished_at: Option<i64>, today: NaiveDate) -> bool {
    let Some(deadline) = parse_day(deadline) else { return false };
    match (status, finished_at) {
        (Status::Correction | Status::Withdrawn, _) => false,
        (_, Some(at)) => crate::time::day_of(at) > deadline,
        _ => today > deadline,
    }
}

/// Builds notices for users, with SMS and e-mail copies on the channels each one chose.
pub async fn notices(store: &dyn Store, user_ids: &[i64], kind: &str, message: &Message) -> StoreResult<Vec<Notice>> {
    let (zh, en) = message.both();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for id in user_ids {
        if !seen.insert(*id) {
            continue;
        }
        let Some(user) = store.user_by_id(*id).await? else { continue };
        let prefs = store.notify_prefs(*id).await?;
        out.push(Notice {
            user_id: *id,
            kind: kind.to_string(),
            text_zh: zh.clone(),
            text_en: en.clone(),
            sms_to: (prefs.sms == 1).then(|| user.phone.clone()),
            email_to: (prefs.email == 1 && !prefs.email_address.is_empty()).then(|| prefs.email_address.clone()),
        });
    }
    Ok(out)
}

/// The applicant and everyone they authorised: all of them follow the case.
pub async fn applicant_circle(store: &dyn Store, applicant_id: i64) -> StoreResult<Vec<i64>> {
    let mut ids = vec![applicant_id];
    ids.extend(store.delegates_of(applicant_id).await?.into_iter().map(|d| d.delegate_id));
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_rules() {
        let d = |s| parse_day(s).unwrap();
        assert!(!is_overdue(Status::Accepted, "2026-11-25", None, d("2026-11-25")), "due today is not late");
        assert!(is_overdue(Status::Accepted, "2026-11-25", None, d("2026-11-26")));
        assert!(!is_overdue(Status::Correction, "2026-11-25", None, d("2026-12-25")), "the clock waits for the resident");
        // Finished on 27 Nov 10:00 Shanghai (02:00 UTC) for a 26 Nov deadline: late, and stays so.
        let finished = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(2, 0, 0).unwrap().and_utc().timestamp();
        assert!(is_overdue(Status::Approved, "2026-11-26", Some(finished), d("2026-12-30")));
        assert!(!is_overdue(Status::Approved, "2026-11-27", Some(finished), d("2026-12-30")));
        assert_eq!(new_ref_no().len(), 16);
    }
}
