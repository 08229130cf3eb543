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

/// Separates the parts of a stored search text: name, keywords, then description.
pub const PART: char = '\u{1f}';

/// The text searched by substring: `name`, its `keywords` and the `description`, in that order,
/// so that a keyword match can rank above a mention in passing.
pub fn search_text<'a>(name: &str, keywords: impl IntoIterator<Item = &'a str>, description: &str) -> String {
    let keywords: Vec<&str> = keywords.into_iter().collect();
    format!("{name}{PART}{}{PART}{description}", keywords.join(" "))
}

/// How well a query matches one item; `None` when it does not match. Higher is better:
/// the name, then an exact keyword, then a keyword containing it, then pinyin, then the
/// description. A text stored without parts counts as description only.
pub fn score(query: &str, name: &str, search_text: &str, pinyin_full: &str, pinyin_initials: &str) -> Option<u32> {
    let q = query.trim();
    if q.is_empty() {
        return Some(1);
    }
    if name.contains(q) {
        return Some(if name == q { 110 } else if name.starts_with(q) { 100 } else { 90 });
    }
    let mut parts = search_text.split(PART);
    let (keywords, description) = match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(keywords), Some(description)) => (keywords, description),
        _ => ("", search_text),
    };
    let words = || keywords.split(' ').filter(|k| !k.is_empty());
    // More keywords naming the query (社保, 社保卡, 第三代社保卡) means a closer subject.
    let bonus = words().filter(|k| k.contains(q)).count().min(4) as u32;
    if words().any(|k| k == q) {
        return Some(80 + bonus);
    }
    if bonus > 0 {
        return Some(70 + bonus);
    }
    pinyin_score(q, pinyin_full, pinyin_initials).or_else(|| description.contains(q).then_some(20))
}

/// Pinyin of the name and keywords, whole (`shebao`) or by initials (`sb`): 30 to 60.
fn pinyin_score(q: &str, pinyin_full: &str, pinyin_initials: &str) -> Option<u32> {
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
    let initials = term_match(pinyin_initials, 55, 45, 30);
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
        let text = &search_text(name, ["社保卡", "社保"], "办理第三代社保卡");
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
        let by_pinyin = score("dibao", "最低生活保障", &search_text("最低生活保障", ["低保"], ""), &full, &initials).unwrap();
        assert!(by_name > by_pinyin);
    }

    /// The real catalogue, ranked for real queries: what a resident means comes first.
    fn top(query: &str, n: usize) -> Vec<String> {
        let rows: Vec<_> = crate::catalogue::seed::seed_services().iter().map(crate::catalogue::seed::to_row).collect();
        let mut hits: Vec<(u32, &str)> = rows
            .iter()
            .filter_map(|r| score(query, &r.name, &r.search_text, &r.pinyin_full, &r.pinyin_initials).map(|s| (s, r.code.as_str())))
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0));
        hits.into_iter().take(n).map(|(_, code)| code.to_string()).collect()
    }

    #[test]
    fn real_queries_rank_the_meant_service_first() {
        // 社保: the social-insurance services, never 出生登记 or 居住证 (which mention it in passing).
        let shebao = top("社保", 8);
        assert!(shebao.iter().all(|c| c.starts_with("RS")), "{shebao:?}");
        // A name containing the words first (灵活就业人员社保参保登记), then the card, whose
        // keywords name 社保 most often.
        assert_eq!(top("社保", 2), ["RS007", "RS003"]);
        assert_eq!(top("sb", 3).iter().filter(|c| c.starts_with("RS")).count(), 3, "{:?}", top("sb", 3));
        assert_eq!(top("低保", 1), ["MZ001"]);
        assert_eq!(top("dibao", 1), ["MZ001"]);
        let luohu = top("落户", 2);
        assert!(luohu.contains(&"GA001".to_string()) && luohu.contains(&"GA003".to_string()), "{luohu:?}");
        assert!(top("yibao", 5).iter().all(|c| c.starts_with("YB")), "{:?}", top("yibao", 5));
        let laonian = top("老年", 3);
        assert!(laonian.iter().all(|c| ["MZ007", "MZ009", "WJ003", "SQ002"].contains(&c.as_str())), "{laonian:?}");
    }

    #[test]
    fn description_mentions_rank_below_pinyin_and_keywords() {
        let text = search_text("居住证办理", ["居住证"], "可凭居住证在本地参加社保");
        let keyword = score("社保", "社会保障卡申领", &search_text("社会保障卡申领", ["社保"], ""), "", "").unwrap();
        let mention = score("社保", "居住证办理", &text, "", "").unwrap();
        assert!(keyword > mention);
        let pinyin = score("juzhu", "居住证办理", &text, "juzhuzhengbanli juzhuzheng", "jzzbl jzz").unwrap();
        assert!(pinyin > score("本地", "居住证办理", &text, "", "").unwrap());
    }
}
