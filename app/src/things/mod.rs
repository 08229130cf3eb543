//! 一件事一次办 (`/things`): a life event — a birth, a retirement, a death — done as one thing.
//! A bundle is catalogue data (`things.json`): the items it includes, which are optional (a
//! question decides), and which wait for which. The resident answers one form, each field and
//! material asked once; submitting files one linked application per item, acknowledged together
//! under one reference. A part that waits starts when its prerequisite completes, carrying its
//! result (`applications::follow`); the promised date is the longest chain in working days.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
pub mod server;
pub mod view;

use crate::prefs::Lang;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Clone, Debug, Deserialize)]
pub struct Thing {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub summary: String,
    pub summary_en: String,
    pub parts: Vec<ThingPart>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ThingPart {
    /// The catalogue item.
    pub service: String,
    /// The item (of the same bundle, listed earlier) this one waits for.
    #[serde(default)]
    pub after: Option<String>,
    /// Optional parts ask whether to include them; the others are always filed.
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub question_en: Option<String>,
}

impl Thing {
    pub fn name_in(&self, lang: Lang) -> &str {
        if lang == Lang::En { &self.name_en } else { &self.name }
    }
    pub fn summary_in(&self, lang: Lang) -> &str {
        if lang == Lang::En { &self.summary_en } else { &self.summary }
    }
}

impl ThingPart {
    pub fn question_in(&self, lang: Lang) -> Option<&str> {
        if lang == Lang::En { self.question_en.as_deref().or(self.question.as_deref()) } else { self.question.as_deref() }
    }
}

static THINGS: LazyLock<Vec<Thing>> =
    LazyLock::new(|| serde_json::from_str(include_str!("things.json")).expect("things.json is well formed (tested)"));

pub fn all() -> &'static [Thing] {
    &THINGS
}

pub fn find(code: &str) -> Option<&'static Thing> {
    all().iter().find(|t| t.code == code)
}

/// A part that will be filed: its index in the bundle, and the chosen part (its index among the
/// chosen) it waits for. A prerequisite left out passes the wait on to its own prerequisite.
#[derive(Clone, Debug)]
pub struct Planned<'a> {
    pub part: &'a ThingPart,
    pub after: Option<usize>,
}

/// The parts filed for the answers given: every required part, and the optional ones ticked.
pub fn plan<'a>(thing: &'a Thing, ticked: impl Fn(&str) -> bool) -> Vec<Planned<'a>> {
    let chosen: Vec<&ThingPart> = thing.parts.iter().filter(|p| p.question.is_none() || ticked(&p.service)).collect();
    chosen
        .iter()
        .map(|part| {
            let mut after = part.after.as_deref();
            while let Some(code) = after {
                if let Some(i) = chosen.iter().position(|c| c.service == code) {
                    return Planned { part, after: Some(i) };
                }
                after = thing.parts.iter().find(|p| p.service == code).and_then(|p| p.after.as_deref());
            }
            Planned { part, after: None }
        })
        .collect()
}

/// Working days from filing to the end of each part's chain: its own limit plus everything it
/// waits for, in turn. The bundle's promise is the longest of them.
pub fn chain_days(planned: &[Planned], days: &[i64]) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::with_capacity(planned.len());
    for (i, p) in planned.iter().enumerate() {
        let before = p.after.filter(|a| *a < i).map(|a| out[a]).unwrap_or(0);
        out.push(before + days[i].max(0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thing(code: &str) -> &'static Thing {
        find(code).unwrap()
    }

    #[test]
    fn prerequisites_come_first_and_questions_decide_the_optional_parts() {
        let birth = thing("birth");
        let all = plan(birth, |_| true);
        let codes: Vec<_> = all.iter().map(|p| (p.part.service.as_str(), p.after)).collect();
        assert_eq!(codes, [("GA001", None), ("YB002", None), ("RS003", Some(0)), ("WJ005", None)]);
        let only_required = plan(birth, |_| false);
        assert_eq!(only_required.iter().map(|p| p.part.service.as_str()).collect::<Vec<_>>(), ["GA001", "YB002"]);
    }

    #[test]
    fn a_prerequisite_left_out_passes_the_wait_on() {
        let retirement = thing("retirement");
        // Without the pension transfer, retirement waits for nothing.
        let planned = plan(retirement, |code| code != "RS009");
        let rs008 = planned.iter().find(|p| p.part.service == "RS008").unwrap();
        assert_eq!(rs008.after, None);
        let with = plan(retirement, |_| true);
        let rs008 = with.iter().find(|p| p.part.service == "RS008").unwrap();
        assert_eq!(rs008.after.map(|i| with[i].part.service.as_str()), Some("RS009"));
    }

    #[test]
    fn the_promise_is_the_longest_chain() {
        let birth = thing("birth");
        let planned = plan(birth, |_| true);
        // 落户 5, 医保 0, 社保卡 10 after 落户, 接种证 0: the card's chain is 15.
        assert_eq!(chain_days(&planned, &[5, 0, 10, 0]), [5, 0, 15, 0]);
        assert_eq!(chain_days(&planned, &[5, 0, 10, 0]).into_iter().max(), Some(15));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn every_bundle_names_online_items_in_order() {
        let services = crate::catalogue::seed::seed_services();
        assert!(all().len() >= 6, "at least six life events");
        for t in all() {
            assert!(t.parts.iter().any(|p| p.question.is_none()), "{}: something is always filed", t.code);
            for (i, p) in t.parts.iter().enumerate() {
                let s = services.iter().find(|s| s.code == p.service).unwrap_or_else(|| panic!("{}: {} exists", t.code, p.service));
                assert!(s.detail.form.is_some(), "{}: {} can be applied for online", t.code, p.service);
                assert_eq!(p.question.is_some(), p.question_en.is_some(), "{}: {} asks in both languages", t.code, p.service);
                if let Some(after) = &p.after {
                    assert!(t.parts[..i].iter().any(|q| &q.service == after), "{}: {} waits for an earlier part", t.code, p.service);
                }
            }
        }
    }
}
