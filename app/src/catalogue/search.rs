//! Catalogue search: any Chinese substring of name, keywords or description, or pinyin — whole
//! (`shebao`) or by initials (`sb`) — of the name and each keyword. Elderly residents often type
//! pinyin, so both count. The index text is computed when a service is stored.
use pinyin::ToPinyin;

/// Pinyin of each term, space-separated: (whole syllables run together, initials).
pub fn pinyin_keys<'a>(terms: impl IntoIterator<Item = &'a str>) -> (String, String) {
    let mut full = Vec::new();
    let mut initials = Vec::new();
    for term in terms {
        let mut f = String::new();
        let mut i = String::new();
        for (ch, py) in term.chars().zip(term.to_pinyin()) {
            match py {
                Some(p) => {
                    f.push_str(p.plain());
                    i.push_str(p.first_letter());
                }
                None if ch.is_ascii_alphanumeric() => {
                    f.push(ch.to_ascii_lowercase());
                    i.push(ch.to_ascii_lowercase());
                }
                None => {}
            }
        }
        if !f.is_empty() {
            full.push(f);
            initials.push(i);
        }
    }
    (full.join(" "), initials.join(" "))
}

/// How well a query matches one service; `None` when it does not match. Higher is better.
pub fn score(query: &str, name: &str, search_text: &str, pinyin_full: &str, pinyin_initials: &str) -> Option<u32> {
    let q = query.trim();
    if q.is_empty() {
        return Some(1);
    }
    if name.contains(q) {
        return Some(if name.starts_with(q) { 100 } else { 90 });
    }
    if search_text.contains(q) {
        return Some(70);
    }
    let ascii: String = q
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if ascii.is_empty() || ascii.len() != q.chars().filter(|c| !c.is_whitespace()).count() {
        return None;
    }
    let term_match = |keys: &str, whole: u32, prefix: u32, inner: u32| {
        keys.split(' ')
            .filter(|t| !t.is_empty())
            .filter_map(|t| {
                if t == ascii {
                    Some(whole)
                } else if t.starts_with(&ascii) {
                    Some(prefix)
                } else if t.contains(&ascii) {
                    Some(inner)
                } else {
                    None
                }
            })
            .max()
    };
    let full = if ascii.len() >= 2 { term_match(pinyin_full, 60, 50, 30) } else { None };
    let initials = term_match(pinyin_initials, 55, 45, 20);
    full.max(initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(terms: &[&str]) -> (String, String) {
        pinyin_keys(terms.iter().copied())
    }

    #[test]
    fn pinyin_of_terms() {
        let (full, initials) = keys(&["社保卡", "医保"]);
        assert_eq!(full, "shebaoka yibao");
        assert_eq!(initials, "sbk yb");
    }

    #[test]
    fn finds_by_chinese_whole_pinyin_and_initials() {
        let (full, initials) = keys(&["社会保障卡申领", "社保卡", "社保"]);
        let name = "社会保障卡申领";
        let text = "社会保障卡申领 社保卡 社保 办理第三代社保卡";
        assert!(score("社保", name, text, &full, &initials).is_some());
        assert!(score("sb", name, text, &full, &initials).is_some());
        assert!(score("shebao", name, text, &full, &initials).is_some());
        assert!(score("SheBao", name, text, &full, &initials).is_some());
        assert!(score("医保", name, text, &full, &initials).is_none());
        assert!(score("yibao", name, text, &full, &initials).is_none());
        assert!(score("社保x", name, text, &full, &initials).is_none());
    }

    #[test]
    fn name_matches_rank_above_pinyin() {
        let (full, initials) = keys(&["最低生活保障", "低保"]);
        let by_name = score("低保", "低保申请", "", "", "").unwrap();
        let by_pinyin = score("dibao", "最低生活保障", "最低生活保障 低保", &full, &initials).unwrap();
        assert!(by_name > by_pinyin);
    }
}
