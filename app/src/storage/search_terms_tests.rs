//! The full-text words of `linli_storage::search_terms`, tested here where CI runs the tests.
use linli_storage::search_terms::*;

fn matches(index: &str, query: &str) -> bool {
    let words: Vec<&str> = index.split(' ').collect();
    let terms = query_terms(query);
    !terms.is_empty()
        && terms.iter().all(|t| match t {
            Term::Exact(w) => words.contains(&w.as_str()),
            Term::Prefix(w) => words.iter().any(|x| x.starts_with(w.as_str())),
        })
}

#[test]
fn chinese_is_found_by_any_part_pinyin_by_any_part_and_initials() {
    let index = index_terms("家政保洁（4小时）", "家政保洁\u{1f}保洁 家政\u{1f}擦窗、厨房除油污", "jiazhengbaojie baojie", "jzbj bj");
    for q in ["保洁", "家政保洁", "政", "擦窗", "厨房除油", "baojie", "jiazheng", "zheng", "jzbj", "bj", "4", "BaoJie", "家政 擦窗"] {
        assert!(matches(&index, q), "{q} finds it");
    }
    for q in ["保姆", "维修", "xiuli", "家政维修", "！"] {
        assert!(!matches(&index, q), "{q} does not");
    }
}

#[test]
fn queries_for_each_engine() {
    let terms = query_terms("上门保洁 bj");
    assert_eq!(terms, vec![Term::Exact("上门".into()), Term::Exact("门保".into()), Term::Exact("保洁".into()), Term::Prefix("bj".into())]);
    assert_eq!(fts5_query(&terms), "\"上门\" AND \"门保\" AND \"保洁\" AND \"bj\"*");
    assert_eq!(tsquery(&terms), "上门 & 门保 & 保洁 & bj:*");
    assert!(query_terms("“”！ ").is_empty(), "punctuation asks for nothing");
    assert_eq!(query_terms("\" OR 1=1 --"), vec![Term::Prefix("or".into()), Term::Prefix("1".into())], "nothing but words reaches the engine");
}
