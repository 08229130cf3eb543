//! The words a full-text index holds for a listing, and the query that finds them, so that both
//! engines index Chinese without a segmenter: every Chinese character and every pair of
//! neighbours is a word (a query of two or more characters asks for each of its pairs), and
//! every tail of an ASCII or pinyin word is one too (a query word asks for a prefix of a tail,
//! which is any part of the word: `baojie` finds `jiazhengbaojie`). SQLite indexes them with
//! FTS5, PostgreSQL with a GIN index over `to_tsvector('simple', …)`. The index narrows; the
//! caller's ranking keeps only real matches, as before.

/// The index text of a listing: its words, space-separated.
pub fn index_terms(title: &str, search_text: &str, pinyin_full: &str, pinyin_initials: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for text in [title, search_text] {
        for run in runs(text) {
            match run {
                Run::Han(chars) => {
                    words.extend(chars.iter().map(char::to_string));
                    words.extend(chars.windows(2).map(|pair| pair.iter().collect()));
                }
                Run::Ascii(word) => words.extend(tails(&word)),
            }
        }
    }
    for word in pinyin_full.split(' ').chain(pinyin_initials.split(' ')) {
        words.extend(tails(&word.to_ascii_lowercase()));
    }
    words.sort();
    words.dedup();
    words.join(" ")
}

/// One word a query asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Exact(String),
    Prefix(String),
}

/// What the index must hold for `query` to match; empty when the query has no word to look for.
pub fn query_terms(query: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    for run in runs(query) {
        match run {
            Run::Han(chars) if chars.len() == 1 => terms.push(Term::Exact(chars[0].to_string())),
            Run::Han(chars) => terms.extend(chars.windows(2).map(|pair| Term::Exact(pair.iter().collect()))),
            Run::Ascii(word) => terms.push(Term::Prefix(word)),
        }
    }
    terms.dedup();
    terms
}

/// An FTS5 MATCH expression asking for every term (words hold only letters and digits).
pub fn fts5_query(terms: &[Term]) -> String {
    let quoted = |t: &Term| match t {
        Term::Exact(w) => format!("\"{w}\""),
        Term::Prefix(w) => format!("\"{w}\"*"),
    };
    terms.iter().map(quoted).collect::<Vec<_>>().join(" AND ")
}

/// A `to_tsquery('simple', …)` text asking for every term.
pub fn tsquery(terms: &[Term]) -> String {
    let lexeme = |t: &Term| match t {
        Term::Exact(w) => w.clone(),
        Term::Prefix(w) => format!("{w}:*"),
    };
    terms.iter().map(lexeme).collect::<Vec<_>>().join(" & ")
}

/// Words longer than this are cut: nobody types forty letters of pinyin.
const LONGEST: usize = 40;

enum Run {
    Han(Vec<char>),
    Ascii(String),
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The text's runs of Chinese characters and of ASCII letters and digits (lower-cased); anything
/// else separates them.
fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han = Vec::new();
    let mut ascii = String::new();
    for c in text.chars().chain([' ']) {
        if is_han(c) {
            han.push(c);
        } else if !han.is_empty() {
            out.push(Run::Han(std::mem::take(&mut han)));
        }
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
        } else if !ascii.is_empty() {
            out.push(Run::Ascii(std::mem::take(&mut ascii).chars().take(LONGEST).collect()));
        }
    }
    out
}

/// Every tail of an ASCII word: `bj`, `j`.
fn tails(word: &str) -> Vec<String> {
    let word: String = word.chars().filter(char::is_ascii_alphanumeric).take(LONGEST).collect();
    (0..word.len()).map(|i| word[i..].to_string()).collect()
}
