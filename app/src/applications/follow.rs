//! 一件事一次办: when a part of a bundle completes, the parts waiting for it start (with its
//! result document and e-certificate among their materials, and a deadline counted from today);
//! when it is refused or withdrawn, everything that waits on it, directly or not, ends with it.
//! The follow-ons ride in the completing step's own transaction.
use super::steps;
use crate::catalogue::ServiceDetail;
use crate::forms::Message;
use crate::state::AppState;
use crate::storage::{ApplicationRow, FollowOn, StoreResult};

/// The follow-ons of moving `app` to `to` (nothing unless it is part of a bundle and finishes).
pub async fn follow_ons(state: &AppState, app: &ApplicationRow, to: Option<&str>) -> StoreResult<Vec<FollowOn>> {
    let (Some(bundle_id), Some(to)) = (app.bundle_id, to) else { return Ok(Vec::new()) };
    if !matches!(to, "approved" | "rejected" | "withdrawn") {
        return Ok(Vec::new());
    }
    let store = &*state.store;
    let parts = store.bundle_parts(bundle_id).await?;
    let circle = steps::applicant_circle(store, app.applicant_id).await?;
    let mut out = Vec::new();
    if to == "approved" {
        let detail = match store.service(&app.service_code).await? {
            Some(s) => serde_json::from_str::<ServiceDetail>(&s.detail_json).unwrap_or_default(),
            None => ServiceDetail::default(),
        };
        let certificate_slot = detail.certificate.map(|c| c.material).filter(|m| !m.is_empty());
        for part in parts.iter().filter(|p| p.after_id == Some(app.id) && p.waiting == 1) {
            let deadline = steps::deadline_from(store, state.today(), part.time_limit_days).await?;
            let officers: Vec<i64> = store.officers(&part.department_code, false).await?.iter().map(|o| o.id).collect();
            let new_case = Message::new("notice-application-new-case").with("ref", &part.ref_no)
                .with_names("service", &part.service_name, &part.service_name_en);
            let mut notices = steps::notices(store, &officers, "new_case", &new_case).await?;
            let started = Message::new("notice-bundle-part-started").with("ref", &part.ref_no)
                .with_names("service", &part.service_name, &part.service_name_en).with("deadline", &deadline);
            notices.extend(steps::notices(store, &circle, "released", &started).await?);
            out.push(FollowOn {
                application_id: part.id,
                waits_for: app.id,
                to: "submitted",
                event_kind: "released",
                deadline: Some(deadline),
                note: app.ref_no.clone(),
                result_slot: Some("result".into()),
                certificate_slot: certificate_slot.clone(),
                notices,
            });
        }
    } else {
        // Everything downstream ends, each guarded on the part it waits for.
        let mut ended = vec![app.id];
        let mut i = 0;
        while i < ended.len() {
            let done = ended[i];
            for part in parts.iter().filter(|p| p.after_id == Some(done) && p.waiting == 1) {
                let stopped = Message::new("notice-bundle-part-stopped").with("ref", &part.ref_no)
                    .with_names("service", &part.service_name, &part.service_name_en);
                out.push(FollowOn {
                    application_id: part.id,
                    waits_for: done,
                    to: "withdrawn",
                    event_kind: "stopped",
                    deadline: None,
                    note: app.ref_no.clone(),
                    result_slot: None,
                    certificate_slot: None,
                    notices: steps::notices(store, &circle, "stopped", &stopped).await?,
                });
                ended.push(part.id);
            }
            i += 1;
        }
    }
    Ok(out)
}
