//! What can be rated, who may rate it, and which unit answers for it.
use crate::units;
use crate::prefs::Lang;
use crate::storage::{Store, StoreResult};

pub struct Subject {
    pub kind: &'static str,
    pub id: i64,
    pub resident_id: i64,
    pub unit_kind: String,
    pub unit_code: String,
    pub title: String,
    pub link: String,
    /// Rating is open only once the item is finished.
    pub finished: bool,
}

/// `kind` is application, feedback or rectification; `key` its reference (or id).
pub async fn resolve(store: &dyn Store, kind: &str, key: &str, lang: Lang) -> StoreResult<Option<Subject>> {
    Ok(match kind {
        "application" => store.application_by_ref(key).await?.map(|a| Subject {
            kind: "application",
            id: a.id,
            resident_id: a.applicant_id,
            unit_kind: "department".into(),
            unit_code: a.department_code.clone(),
            title: format!("{} {}", if lang == Lang::En { &a.service_name_en } else { &a.service_name }, a.ref_no),
            link: format!("/me/applications/{}", a.ref_no),
            finished: matches!(a.status.as_str(), "approved" | "rejected"),
        }),
        "feedback" => store.feedback_by_ref(key).await?.and_then(|f| {
            f.resident_id.map(|r| Subject {
                kind: "feedback",
                id: f.id,
                resident_id: r,
                unit_kind: f.unit_kind.clone(),
                unit_code: f.unit_code.clone(),
                title: format!("{} {}", f.title, f.ref_no),
                link: format!("/feedback/{}", f.ref_no),
                finished: matches!(f.status.as_str(), "closed" | "resolved"),
            })
        }),
        "rectification" => match key.parse::<i64>() {
            Ok(id) => store.rectification(id).await?.map(|r| Subject {
                kind: "rectification",
                id: r.id,
                resident_id: r.resident_id,
                unit_kind: r.unit_kind.clone(),
                unit_code: r.unit_code.clone(),
                title: if lang == Lang::En { format!("Rectification case {}", r.id) } else { format!("差评整改 {}", r.id) },
                link: format!("/rectifications/{}", r.id),
                finished: r.status == "done",
            }),
            Err(_) => None,
        },
        _ => None,
    })
}

pub async fn unit_name(store: &dyn Store, kind: &str, code: &str, lang: Lang) -> StoreResult<String> {
    Ok(units::name_in(&units::all(store).await?, kind, code, lang))
}
