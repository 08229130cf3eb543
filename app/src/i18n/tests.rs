//! Both locales hold the same messages with the same values, every id the code names exists,
//! and English pages get no Chinese from the interface text.
use super::*;
use std::collections::{BTreeMap, BTreeSet};

/// id → the variables its message uses, read from the Fluent source.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if let Some((id, _)) = line.split_once(" = ").filter(|_| !line.starts_with([' ', '#'])) {
            current = Some(id.trim().to_string());
            out.insert(id.trim().to_string(), BTreeSet::new());
        }
        let Some(id) = &current else { continue };
        for var in line.split("{ $").skip(1).chain(line.split("{$").skip(1)) {
            let name: String = var.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            out.get_mut(id).unwrap().insert(name);
        }
    }
    out
}

#[test]
fn both_locales_have_the_same_ids_and_values() {
    let (zh, en) = (messages(ZH_FTL), messages(EN_FTL));
    assert!(zh.len() > 600, "zh-CN.ftl has {} messages", zh.len());
    let zh_ids: BTreeSet<_> = zh.keys().collect();
    let en_ids: BTreeSet<_> = en.keys().collect();
    assert_eq!(zh_ids.difference(&en_ids).collect::<Vec<_>>(), Vec::<&&String>::new(), "only in zh-CN.ftl");
    assert_eq!(en_ids.difference(&zh_ids).collect::<Vec<_>>(), Vec::<&&String>::new(), "only in en.ftl");
    for (id, vars) in &zh {
        assert_eq!(vars, &en[id], "{id} takes different values in the two locales");
    }
    // Both parse and load, and every message formats.
    for lang in [Lang::Zh, Lang::En] {
        for id in zh.keys() {
            assert!(lookup(lang, id).is_some(), "{id} missing in {lang:?}");
        }
    }
}

/// Every `t("id")`, `text(lang, "id")`, `text_with(lang, "id", …)`, `t_with("id", …)` and refusal
/// code `Message::new("id")` in the source names a message.
#[test]
fn every_id_the_code_names_exists() {
    let known = messages(ZH_FTL);
    let mut missing = Vec::new();
    let mut seen = 0;
    for (path, source) in crate::source_tree::rust_sources() {
        if path.ends_with("i18n/tests.rs") {
            continue;
        }
        for id in named_ids(&source) {
            seen += 1;
            if !known.contains_key(&id) {
                missing.push(format!("{}: {id}", path.display()));
            }
        }
    }
    assert!(seen > 500, "found only {seen} ids; has the call syntax changed?");
    assert!(missing.is_empty(), "ids with no message: {missing:#?}");
}

fn named_ids(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    // Label tables: `text(lang, match x { "a" => "some-id", … })`, and refusal codes chosen the
    // same way: `Message::new(match x { … })`.
    for (at, _) in source.match_indices("text(lang, match ").chain(source.match_indices("Message::new(match ")) {
        let table = &source[at..];
        let table = &table[..table.find("\n    })").unwrap_or(table.len())];
        for arm in table.split("=> \"").skip(1) {
            if let Some(end) = arm.find('"') {
                ids.push(arm[..end].to_string());
            }
        }
    }
    for opener in ["t(\"", "t_with(\"", "text(lang, \"", "text_with(lang, \"", "text(self.lang, \"", "Message::new(\""] {
        for (at, _) in source.match_indices(opener) {
            let before = source[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') && opener.starts_with('t') && !opener.starts_with("text") {
                continue; // e.g. `format("…")`, `split("…")`
            }
            let rest = &source[at + opener.len()..];
            if let Some(end) = rest.find('"') {
                ids.push(rest[..end].to_string());
            }
        }
    }
    ids
}

#[test]
fn shared_strings_are_all_found() {
    for lang in [Lang::Zh, Lang::En] {
        let s = strings(lang);
        assert!(!s.site_name.is_empty() && !s.nav_home.is_empty() && !s.role_admin.is_empty());
    }
    // The macro turns a missing message into "", so look for any empty value by its id.
    for line in ZH_FTL.lines().chain(EN_FTL.lines()) {
        if let Some((id, value)) = line.split_once(" = ") {
            assert!(!value.trim().is_empty() || id.starts_with(' '), "{id} is empty");
        }
    }
}

#[test]
fn english_text_has_no_chinese_but_the_language_switch() {
    for line in EN_FTL.lines().filter(|l| !l.starts_with('#') && !l.starts_with("to-chinese")) {
        assert!(!line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "Chinese in en.ftl: {line}");
    }
}

#[test]
fn values_fill_whole_sentences() {
    assert_eq!(text_with(Lang::En, "working-days", [("n", 0.into())]), "Done on the spot");
    assert_eq!(text_with(Lang::En, "working-days", [("n", 1.into())]), "1 working day");
    assert_eq!(text_with(Lang::En, "working-days", [("n", 20.into())]), "20 working days");
    assert_eq!(text_with(Lang::Zh, "working-days", [("n", 0.into())]), "即时办结");
    assert_eq!(text_with(Lang::Zh, "working-days", [("n", 5.into())]), "5 个工作日");
    assert_eq!(text_with(Lang::Zh, "results-count-paged", [("n", 42.into()), ("page", 2.into()), ("pages", 3.into())]),
               "共找到 42 项，第 2 / 3 页");
    assert_eq!(text(Lang::En, "nav-home"), "Home");
    assert_eq!(text(Lang::Zh, "no-such-message"), "no-such-message");
}

/// Handlers return codes; the page translates them with their values, nested messages included.
#[test]
fn refusal_codes_are_translated_when_drawn() {
    use crate::forms::Message;
    let refused = Message::new("upload-file-refused").with("file", "户口本.heic").with("problem", Message::new("upload-not-allowed"));
    assert_eq!(refused.text(Lang::Zh), "户口本.heic：只接受 JPEG、PNG、WebP 图片或 PDF 文件");
    assert_eq!(refused.text(Lang::En), "户口本.heic: Only JPEG, PNG or WebP images and PDF files are accepted");
    assert_eq!(Message::new("upload-at-most-files").with("max", 1_i64).text(Lang::En), "At most 1 file");
    assert_eq!(Message::new("upload-at-most-files").with("max", 6_i64).text(Lang::En), "At most 6 files");
    assert_eq!(Message::new("problem-wait").with("seconds", 8_i64).text(Lang::Zh), "尝试过于频繁，请 8 秒后再试");
    // A code survives the trip through the response unchanged (the form is drawn in another task).
    let json = serde_json::to_string(&refused).unwrap();
    assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), refused);
}
