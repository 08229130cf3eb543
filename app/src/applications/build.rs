//! Builds the page views of applications on the server, masked and in the viewer's language.
use super::access::Access;
use super::view::*;
use super::{event_label, filed_as_label, steps, Status, UNDO_SECONDS};
use crate::accounts::validate::{mask_id, mask_phone};
use crate::catalogue::materials::kind_label;
use super::lifecycle::{Action, Actor, TABLE};
use crate::catalogue::{ApplyForm, CertificateSpec, ServiceDetail};
use crate::prefs::Lang;
use crate::storage::{ApplicationRow, AttachedFile, DepartmentRow, FileRow, Store, StoreResult, UserRecord};
use crate::time::format_local;
use std::collections::BTreeMap;

pub async fn applicant_view(store: &dyn Store, user: &UserRecord, lang: Lang) -> StoreResult<ApplicantView> {
    let address = match user.building_id {
        Some(id) => store.building(id).await?.map(|b| b.address(lang)),
        None => None,
    };
    Ok(ApplicantView {
        id: user.id,
        name: user.name.clone(),
        id_masked: mask_id(&user.id_number),
        phone_masked: mask_phone(&user.phone),
        address: address.unwrap_or_default(),
    })
}

pub fn wallet_file(f: &FileRow, lang: Lang) -> WalletFile {
    WalletFile {
        id: f.id,
        name: f.original_name.clone(),
        kind_label: kind_label(&f.kind, lang).to_string(),
        added: format_local(f.created_at),
        has_thumb: f.thumb_name.is_some(),
    }
}

/// Upload slots with the wallet files of the same kind offered for reuse.
pub fn slots(kinds: &[(String, String, bool)], wallet: &[FileRow], lang: Lang) -> Vec<SlotView> {
    kinds
        .iter()
        .map(|(kind, label, required)| SlotView {
            kind: kind.clone(),
            label: label.clone(),
            required: *required,
            wallet: wallet.iter().filter(|f| &f.kind == kind).map(|f| wallet_file(f, lang)).collect(),
            certificates: Vec::new(),
        })
        .collect()
}

pub fn field_views(form: &ApplyForm, lang: Lang) -> Vec<FieldView> {
    form.fields
        .iter()
        .map(|f| FieldView {
            key: f.key.clone(),
            label: if lang == Lang::En { f.label_en.clone() } else { f.label.clone() },
            kind: f.kind.clone(),
            required: f.required,
            options: f.options.clone(),
            option_labels: if lang == Lang::En && f.options_en.len() == f.options.len() { f.options_en.clone() } else { f.options.clone() },
        })
        .collect()
}

pub fn summary(app: &ApplicationRow, lang: Lang) -> ApplicationSummary {
    let status = Status::parse(&app.status).unwrap_or(Status::Submitted);
    ApplicationSummary {
        ref_no: app.ref_no.clone(),
        service_name: if lang == Lang::En { app.service_name_en.clone() } else { app.service_name.clone() },
        applicant_name: app.applicant_name.clone(),
        status: app.status.clone(),
        status_label: status_label(app, status, lang),
        submitted: format_local(app.submitted_at),
        deadline: app.deadline.clone(),
        overdue: app.waiting == 0 && steps::is_overdue(status, &app.deadline, app.finished_at, steps::today()),
    }
}

/// Frozen (identity disputed), waiting for an earlier part of its bundle, or its status.
fn status_label(app: &ApplicationRow, status: Status, lang: Lang) -> String {
    let id = if app.frozen_at.is_some() {
        "applications-frozen"
    } else if app.waiting == 1 {
        "applications-waiting"
    } else {
        return status.label(lang).to_string();
    };
    crate::i18n::text(lang, id).to_string()
}

fn material(a: &AttachedFile, lang: Lang) -> MaterialView {
    MaterialView {
        id: a.file.id,
        slot_label: kind_label(&a.slot, lang).to_string(),
        name: a.file.original_name.clone(),
        is_image: a.file.mime.starts_with("image/"),
        has_thumb: a.file.thumb_name.is_some(),
        size_kb: (a.file.size + 1023) / 1024,
        added: format_local(a.added_at),
    }
}

pub fn department_name(depts: &[crate::storage::DepartmentRow], code: &str, lang: Lang) -> String {
    depts
        .iter()
        .find(|d| d.code == code)
        .map(|d| if lang == Lang::En { d.name_en.clone() } else { d.name.clone() })
        .unwrap_or_else(|| code.to_string())
}

pub async fn detail(store: &dyn Store, app: &ApplicationRow, access: Access, lang: Lang, now: i64) -> StoreResult<ApplicationDetail> {
    let status = Status::parse(&app.status).unwrap_or(Status::Submitted);
    let depts = store.departments().await?;
    let service = store.service(&app.service_code).await?;
    let service_detail = service.and_then(|s| serde_json::from_str::<ServiceDetail>(&s.detail_json).ok());
    let certificate_spec = service_detail.as_ref().and_then(|d| d.certificate.clone());
    let spec: ApplyForm = service_detail.and_then(|d| d.in_language(lang).form).unwrap_or_default();
    let applicant = match store.user_by_id(app.applicant_id).await? {
        Some(u) => applicant_view(store, &u, lang).await?,
        None => ApplicantView { id: app.applicant_id, name: app.applicant_name.clone(), id_masked: String::new(), phone_masked: String::new(), address: String::new() },
    };
    let values: BTreeMap<String, String> = serde_json::from_str(&app.fields_json).unwrap_or_default();
    let fields = spec
        .fields
        .iter()
        .filter_map(|f| {
            values.get(&f.key).map(|v| LabelValue { label: if lang == Lang::En { f.label_en.clone() } else { f.label.clone() }, value: v.clone() })
        })
        .collect();
    // The filer (community staff) follows progress but does not see the materials.
    let attached = if access == Access::Filer { Vec::new() } else { store.attached_files(app.id).await? };
    let result = attached.iter().find(|a| Some(a.file.id) == app.result_file_id).map(|a| material(a, lang));
    let materials = attached.iter().filter(|a| a.slot != "result").map(|a| material(a, lang)).collect();
    let items: Vec<String> = app.correction_items.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let item_label = |item: &str| match item.strip_prefix("f_") {
        Some(key) => spec.fields.iter().find(|f| f.key == key).map(|f| if lang == Lang::En { f.label_en.clone() } else { f.label.clone() }).unwrap_or_default(),
        None => spec.materials.iter().find(|m| m.kind == item).map(|m| m.label.clone()).unwrap_or_else(|| kind_label(item, lang).to_string()),
    };
    let correction_items = items.iter().map(|i| item_label(i)).collect();
    let (mut correction_slots, mut correction_fields) = (Vec::new(), Vec::new());
    if status == Status::Correction && access.speaks_for_applicant() && access != Access::Filer {
        let wallet = store.wallet(app.applicant_id).await?;
        let kinds: Vec<(String, String, bool)> =
            items.iter().filter(|i| !i.starts_with("f_")).map(|k| (k.clone(), item_label(k), true)).collect();
        correction_slots = slots(&kinds, &wallet, lang);
        correction_fields = field_views(&spec, lang).into_iter().filter(|f| items.contains(&format!("f_{}", f.key))).collect();
    }
    let timeline = timeline(store, app.id, access, &depts, lang).await?;
    let undo_open = status != Status::Withdrawn && status.is_open() && now <= app.submitted_at + UNDO_SECONDS;
    // A frozen case takes no step (the storage guard refuses them too): its page shows no buttons.
    let frozen = app.frozen_at.is_some();
    let officer = match access {
        Access::Officer => Some(officer_panel(store, app, status, &spec, certificate_spec.as_ref(), &depts, lang).await?),
        _ => None,
    };
    let certificate = store.e_certificate_of_application(app.id).await?.map(|c| {
        let title = serde_json::from_str::<crate::certificates::signing::Claims>(&c.payload).map(|c| c.title_in(lang)).unwrap_or_default();
        let href = match access {
            Access::Applicant => Some(format!("/me/certificates/{}", c.serial)),
            Access::Officer => Some(format!("/work/certificates/{}", c.serial)),
            _ => None,
        };
        CertificateLink { serial: c.serial, title, href }
    });
    let certified = if access == Access::Filer { Vec::new() } else { certified(store, app.id, &spec, now, lang).await? };
    Ok(ApplicationDetail {
        certified,
        certificate,
        ref_no: app.ref_no.clone(),
        service_code: app.service_code.clone(),
        service_name: if lang == Lang::En { app.service_name_en.clone() } else { app.service_name.clone() },
        department: department_name(&depts, &app.department_code, lang),
        status: app.status.clone(),
        status_label: status_label(app, status, lang),
        submitted: format_local(app.submitted_at),
        deadline: app.deadline.clone(),
        overdue: app.waiting == 0 && steps::is_overdue(status, &app.deadline, app.finished_at, steps::today()),
        paused: status == Status::Correction,
        applicant,
        filed_as: filed_as_label(&app.filed_as, lang).to_string(),
        consent_note: app.consent_note.clone(),
        fields,
        materials,
        result,
        result_note: app.result_note.clone(),
        correction_note: app.correction_note.clone(),
        correction_items,
        correction_slots,
        correction_fields,
        timeline,
        viewer: access.as_str().to_string(),
        can_withdraw: !frozen && access.speaks_for_applicant() && may(Action::Withdraw, Actor::Applicant, status),
        undo_until: (undo_open && access.speaks_for_applicant()).then(|| format_local(app.submitted_at + UNDO_SECONDS)),
        officer,
        frozen,
        receipt_url: format!("/me/applications/{}/receipt", app.ref_no),
    })
}

/// The e-certificates given as materials, each checked again now (signature, revocation, expiry).
async fn certified(store: &dyn Store, app_id: i64, spec: &ApplyForm, now: i64, lang: Lang) -> StoreResult<Vec<CertifiedMaterial>> {
    let today = crate::time::day_of(now).format("%Y-%m-%d").to_string();
    let mut out = Vec::new();
    for (slot, row) in store.application_e_certificates(app_id).await? {
        let (claims, genuine) = crate::certificates::load::checked(store, &row).await?;
        let standing = crate::certificates::load::standing(&row, &today);
        out.push(CertifiedMaterial {
            slot_label: spec.materials.iter().find(|m| m.kind == slot).map(|m| m.label.clone()).unwrap_or_else(|| kind_label(&slot, lang).to_string()),
            title: claims.as_ref().map(|c| c.title_in(lang)).unwrap_or_default(),
            serial: row.serial.clone(),
            issuer: claims.as_ref().map(|c| c.issuer_in(lang)).unwrap_or_default(),
            valid_until: row.valid_until.clone(),
            verdict: crate::i18n::text(lang, standing.verdict_id(genuine)).to_string(),
            ok: genuine && standing == crate::certificates::Standing::Current,
            facts: claims.iter().flat_map(|c| c.facts.iter().map(|f| LabelValue { label: f.label_in(lang), value: f.value.clone() })).collect(),
        });
    }
    Ok(out)
}

/// Whether the lifecycle lets `actor` take `action` on a case in `status` (what buttons show).
fn may(action: Action, actor: Actor, status: Status) -> bool {
    TABLE.allows(action, actor, status.as_str())
}

/// The case's history as the viewer may see it: private notes only for officers; officers and
/// staff appear as their role, residents by name.
async fn timeline(store: &dyn Store, app_id: i64, access: Access, depts: &[DepartmentRow], lang: Lang) -> StoreResult<Vec<TimelineEntry>> {
    Ok(store
        .events(app_id)
        .await?
        .into_iter()
        .filter(|e| e.private == 0 || access == Access::Officer)
        .map(|e| TimelineEntry {
            at: format_local(e.at),
            label: event_label(&e.kind, lang).to_string(),
            actor: match (e.actor_name, e.actor_role.as_deref()) {
                (Some(n), Some("resident")) => n,
                // Officers and staff act in the name of their unit.
                (Some(_), Some(role)) => crate::i18n::role_label(crate::prefs::Role::parse(role).unwrap_or(crate::prefs::Role::Staff), lang).to_string(),
                _ => if lang == Lang::En { "System".into() } else { "系统".into() },
            },
            department: e.department_code.map(|d| department_name(depts, &d, lang)).unwrap_or_default(),
            note: e.note,
            private: e.private != 0,
        })
        .collect())
}

/// What the handling officer may do now, from the lifecycle table, with the department's reply
/// templates and the other departments a case can be transferred to.
async fn officer_panel(store: &dyn Store, app: &ApplicationRow, status: Status, spec: &ApplyForm, certificate: Option<&CertificateSpec>,
    depts: &[DepartmentRow], lang: Lang) -> StoreResult<OfficerPanel> {
    let templates = store.reply_templates(&app.department_code).await?;
    let mut correctable: Vec<LabelValue> = spec.materials.iter().map(|m| LabelValue { label: m.label.clone(), value: m.kind.clone() }).collect();
    correctable.extend(spec.fields.iter().map(|f| LabelValue {
        label: if lang == Lang::En { f.label_en.clone() } else { f.label.clone() },
        value: format!("f_{}", f.key),
    }));
    let others = || depts.iter().filter(|d| d.code != app.department_code);
    // A part waiting for another of its bundle takes no step until it starts (the storage guard
    // refuses them too): its officers see it, with no buttons.
    let started = app.waiting == 0;
    Ok(OfficerPanel {
        can_accept: started && may(Action::Accept, Actor::Officer, status),
        // Corrections are asked for once, all at a time.
        can_correct: started && may(Action::AskCorrection, Actor::Officer, status) && app.corrections_asked == 0,
        can_decide: started && may(Action::Approve, Actor::Officer, status),
        can_transfer: started && may(Action::Transfer, Actor::Officer, status),
        templates: templates.into_iter().map(|t| TemplateView { id: t.id, action: t.action, title: t.title, body: t.body }).collect(),
        departments: others().map(|d| PersonChoice { id: 0, name: if lang == Lang::En { d.name_en.clone() } else { d.name.clone() } }).collect(),
        department_codes: others().map(|d| d.code.clone()).collect(),
        correctable,
        certificate: certificate.map(|c| if lang == Lang::En { c.title_en.clone() } else { c.title.clone() }),
        certificate_facts: certificate.map(|c| c.facts.iter().map(|f| LabelValue {
            label: if lang == Lang::En { f.label_en.clone() } else { f.label.clone() },
            value: f.key.clone(),
        }).collect()).unwrap_or_default(),
    })
}
