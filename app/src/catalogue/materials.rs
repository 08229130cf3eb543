//! Kinds of material (材料类型). An upload slot names one; the materials wallet offers a kept
//! file for any later slot of the same kind.
use crate::prefs::Lang;

pub const KINDS: &[(&str, &str, &str)] = &[
    ("id_card", "居民身份证", "Resident ID card"),
    ("hukou", "户口簿", "Household register (hukou)"),
    ("photo", "证件照", "ID photo"),
    ("birth_cert", "出生医学证明", "Birth certificate"),
    ("death_cert", "死亡医学证明", "Medical death certificate"),
    ("housing", "房产或租赁证明", "Property or tenancy proof"),
    ("residence_proof", "居住证明", "Proof of residence"),
    ("residence_permit", "居住证", "Residence permit"),
    ("ssc", "社会保障卡", "Social security card"),
    ("bank_card", "银行卡", "Bank card"),
    ("disability_cert", "残疾人证", "Disability certificate"),
    ("medical", "诊断证明或病历", "Medical certificate or records"),
    ("income", "收入或困难证明", "Income or hardship proof"),
    ("marriage", "婚姻状况证明", "Marital status proof"),
    ("other", "其他证明材料", "Other supporting documents"),
    ("result", "办理结果", "Result document"),
];

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    let found = KINDS.iter().find(|k| k.0 == kind).unwrap_or(&KINDS[KINDS.len() - 2]);
    if lang == Lang::En { found.2 } else { found.1 }
}

pub fn is_kind(kind: &str) -> bool {
    KINDS.iter().any(|k| k.0 == kind)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn every_catalogue_form_is_well_formed() {
        for s in crate::catalogue::seed::seed_services() {
            let online = s.channel != crate::catalogue::Channel::Offline;
            assert_eq!(s.detail.form.is_some(), online, "{}: online items have a form, offline ones none", s.code);
            let Some(form) = s.detail.form else { continue };
            let mut keys = std::collections::HashSet::new();
            for f in &form.fields {
                assert!(keys.insert(f.key.clone()), "{}: field {} twice", s.code, f.key);
                assert!(["text", "textarea", "number", "date", "select"].contains(&f.kind.as_str()), "{}: {}", s.code, f.kind);
                assert_eq!(f.kind == "select", !f.options.is_empty(), "{}: {} options", s.code, f.key);
            }
            for m in &form.materials {
                assert!(super::is_kind(&m.kind) && m.kind != "result", "{}: unknown kind {}", s.code, m.kind);
                assert!(keys.insert(m.kind.clone()), "{}: slot {} twice", s.code, m.kind);
            }
        }
    }
}
