//! Questions, answers and results, without a database: what a questionnaire asks, how a
//! posted form becomes a checked answer (each refusal beside its question), and the tallies,
//! where any cell of fewer than `MIN_CELL` answers is withheld so small groups stay
//! unidentifiable.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Cells with fewer answers than this are not shown.
pub const MIN_CELL: i64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Multiple,
    Text,
    LongText,
    Number,
    Date,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Single, Kind::Multiple, Kind::Text, Kind::LongText, Kind::Number, Kind::Date];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Text => "text",
            Kind::LongText => "long_text",
            Kind::Number => "number",
            Kind::Date => "date",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn has_options(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// `q1`, `q2`, …: the form field's name, stable once the questionnaire opens.
    pub id: String,
    pub kind: Kind,
    pub label: String,
    #[serde(default)]
    pub options: Vec<String>,
    pub required: bool,
    /// Asked only when an earlier choice question was answered with this option (simple
    /// branching); otherwise skipped, and whatever was sent for it is dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShowIf {
    pub question: String,
    pub option: String,
}

impl ShowIf {
    /// Whether the answers so far call for the question.
    pub fn holds(&self, answers: &Answers) -> bool {
        match answers.get(&self.question) {
            Some(Answer::One(v)) => *v == self.option,
            Some(Answer::Many(vs)) => vs.contains(&self.option),
            None => false,
        }
    }
}

/// One question's answer as stored: the chosen option(s) or the text typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    One(String),
    Many(Vec<String>),
}

pub type Answers = BTreeMap<String, Answer>;

/// Why a question's answer was refused (a message id).
pub type Refusals = BTreeMap<String, &'static str>;

#[cfg(feature = "ssr")]
/// Checks a posted form against the questions: `values(id)` gives every value sent for a field.
pub fn check(questions: &[Question], values: &dyn Fn(&str) -> Vec<String>) -> Result<Answers, Refusals> {
    let mut answers = Answers::new();
    let mut refused = Refusals::new();
    for q in questions {
        if q.show_if.as_ref().is_some_and(|c| !c.holds(&answers)) {
            continue;
        }
        let sent: Vec<String> = values(&q.id).into_iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
        if sent.is_empty() {
            if q.required {
                refused.insert(q.id.clone(), "survey-answer-required");
            }
            continue;
        }
        let problem = match q.kind {
            Kind::Single if sent.len() > 1 || !q.options.contains(&sent[0]) => Some("survey-choose-one"),
            Kind::Multiple if sent.iter().any(|v| !q.options.contains(v)) => Some("survey-choose-listed"),
            Kind::Text if sent[0].chars().count() > 100 => Some("survey-at-most-100"),
            Kind::LongText if sent[0].chars().count() > 2000 => Some("survey-at-most-2000"),
            Kind::Number if sent[0].parse::<f64>().map_or(true, |n| !n.is_finite()) => Some("survey-a-number"),
            Kind::Date if chrono::NaiveDate::parse_from_str(&sent[0], "%Y-%m-%d").is_err() => Some("survey-a-date"),
            _ => None,
        };
        match problem {
            Some(m) => {
                refused.insert(q.id.clone(), m);
            }
            None if q.kind == Kind::Multiple => {
                answers.insert(q.id.clone(), Answer::Many(sent));
            }
            None => {
                answers.insert(q.id.clone(), Answer::One(sent.into_iter().next().unwrap_or_default()));
            }
        }
    }
    if refused.is_empty() { Ok(answers) } else { Err(refused) }
}

/// A count that may be withheld.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// `None`: fewer than `MIN_CELL`, not shown.
    pub count: Option<i64>,
}

impl Cell {
    pub fn of(n: i64) -> Cell {
        Cell { count: (n == 0 || n >= MIN_CELL).then_some(n) }
    }
}

/// Counts per option of one choice question, overall and per group (a building, say).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub question: String,
    pub label: String,
    pub answered: i64,
    pub options: Vec<(String, Cell)>,
    /// (group, counts per option in the same order).
    pub by_group: Vec<(String, Vec<Cell>)>,
}

/// Tallies every choice question over `(group, answers)` pairs; text, number and date
/// answers are counted, not shown.
pub fn tally(questions: &[Question], answers: &[(String, Answers)]) -> Vec<Tally> {
    let mut out = Vec::new();
    for q in questions {
        let chose = |a: &Answers, option: &str| match a.get(&q.id) {
            Some(Answer::One(v)) => v == option,
            Some(Answer::Many(vs)) => vs.iter().any(|v| v == option),
            None => false,
        };
        let answered = answers.iter().filter(|(_, a)| a.contains_key(&q.id)).count() as i64;
        let options = q.options.iter().map(|o| (o.clone(), Cell::of(answers.iter().filter(|(_, a)| chose(a, o)).count() as i64))).collect();
        let mut groups: Vec<String> = answers.iter().map(|(g, _)| g.clone()).collect();
        groups.sort();
        groups.dedup();
        let by_group = groups
            .into_iter()
            .map(|g| {
                let cells = q.options.iter().map(|o| Cell::of(answers.iter().filter(|(ag, a)| *ag == g && chose(a, o)).count() as i64)).collect();
                (g, cells)
            })
            .collect();
        out.push(Tally { question: q.id.clone(), label: q.label.clone(), answered, options, by_group });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions() -> Vec<Question> {
        vec![
            Question { id: "q1".into(), kind: Kind::Single, label: "家中几位老人".into(), options: vec!["0".into(), "1".into(), "2+".into()], required: true, show_if: None },
            Question { id: "q2".into(), kind: Kind::Multiple, label: "需要的服务".into(), options: vec!["助餐".into(), "陪诊".into()], required: false, show_if: None },
            Question { id: "q3".into(), kind: Kind::Number, label: "人数".into(), options: vec![], required: false, show_if: None },
            Question { id: "q4".into(), kind: Kind::Date, label: "方便上门的日期".into(), options: vec![], required: false, show_if: None },
        ]
    }

    fn form(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Vec<String> {
        move |k| pairs.iter().filter(|(n, _)| *n == k).map(|(_, v)| v.to_string()).collect()
    }

    #[test]
    fn answers_are_checked_question_by_question() {
        let ok = check(&questions(), &form(&[("q1", "1"), ("q2", "助餐"), ("q2", "陪诊"), ("q3", "3"), ("q4", "2026-12-05")])).unwrap();
        assert_eq!(ok["q1"], Answer::One("1".into()));
        assert_eq!(ok["q2"], Answer::Many(vec!["助餐".into(), "陪诊".into()]));
        let bad = check(&questions(), &form(&[("q2", "理发"), ("q3", "三"), ("q4", "明天")])).unwrap_err();
        assert_eq!(bad["q1"], "survey-answer-required");
        assert_eq!(bad["q2"], "survey-choose-listed");
        assert_eq!(bad["q3"], "survey-a-number");
        assert_eq!(bad["q4"], "survey-a-date");
        assert_eq!(check(&questions(), &form(&[("q1", "1"), ("q1", "0")])).unwrap_err()["q1"], "survey-choose-one");
        assert!(check(&questions(), &form(&[("q1", "2+")])).unwrap().get("q2").is_none(), "an optional question may stay empty");
    }

    #[test]
    fn a_branch_is_asked_only_when_its_condition_holds() {
        let mut qs = questions();
        qs[2].show_if = Some(ShowIf { question: "q2".into(), option: "助餐".into() });
        qs[2].required = true;
        let skipped = check(&qs, &form(&[("q1", "1"), ("q2", "陪诊"), ("q3", "3")])).unwrap();
        assert!(skipped.get("q3").is_none(), "not asked, so what was sent is dropped");
        let asked = check(&qs, &form(&[("q1", "1"), ("q2", "助餐"), ("q2", "陪诊")])).unwrap_err();
        assert_eq!(asked["q3"], "survey-answer-required", "asked, and required");
    }

    #[test]
    fn cells_under_five_are_withheld() {
        let qs = questions();
        let mut answers = Vec::new();
        for i in 0..7 {
            let building = if i < 6 { "1 号楼" } else { "2 号楼" };
            let mut a = Answers::new();
            a.insert("q1".into(), Answer::One(if i < 5 { "1" } else { "2+" }.into()));
            answers.push((building.to_string(), a));
        }
        let t = &tally(&qs, &answers)[0];
        assert_eq!(t.answered, 7);
        assert_eq!(t.options, vec![("0".into(), Cell { count: Some(0) }), ("1".into(), Cell { count: Some(5) }), ("2+".into(), Cell { count: None })]);
        let two = &t.by_group.iter().find(|(g, _)| g == "2 号楼").unwrap().1;
        assert_eq!(two[2], Cell { count: None }, "one answer in a building is not shown");
    }
}
