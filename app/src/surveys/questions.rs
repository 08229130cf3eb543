//! Questions, answers and results, without a database: what a questionnaire asks, how a
//! posted form becomes a checked answer (each refusal beside its question), and the tallies,
//! where any cell of fewer than `MIN_CELL` answers is withheld so small groups stay
//! unidentifiable.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Cells with fewer answers than this are not shown.
pub const MIN_CELL: i64 = 5;

/// A photo question's value in the answer: the photo itself is kept beside it.
pub const PHOTO_GIVEN: &str = "photo";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Multiple,
    Text,
    LongText,
    Number,
    Date,
    /// Several rows (statements, services) rated on the same options, one choice per row.
    Matrix,
    /// One photo (of a smoke alarm, a stairwell …), through the upload pipeline; the answer
    /// marks it given and the file is kept beside the answer.
    Photo,
}

impl Kind {
    pub const ALL: [Kind; 8] = [Kind::Single, Kind::Multiple, Kind::Text, Kind::LongText, Kind::Number, Kind::Date, Kind::Matrix, Kind::Photo];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Text => "text",
            Kind::LongText => "long_text",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Matrix => "matrix",
            Kind::Photo => "photo",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn has_options(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple | Kind::Matrix)
    }

    /// A later question may hang on this one's answer (single or multiple choice).
    pub fn can_branch_on(self) -> bool {
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
    /// A matrix's rows; each row's field is `{id}.{row index}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<String>,
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
        if q.kind == Kind::Matrix {
            match check_matrix(q, values) {
                Ok(Some(a)) => {
                    answers.insert(q.id.clone(), a);
                }
                Ok(None) => {}
                Err(m) => {
                    refused.insert(q.id.clone(), m);
                }
            }
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
            // The handler says whether a photo is given (new or kept); nothing else is taken.
            Kind::Photo if sent != [PHOTO_GIVEN] => Some("survey-photo-needed"),
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

#[cfg(feature = "ssr")]
/// A matrix: one listed option per row, stored in row order ("" for a row left empty); a
/// required matrix needs every row.
fn check_matrix(q: &Question, values: &dyn Fn(&str) -> Vec<String>) -> Result<Option<Answer>, &'static str> {
    let mut chosen = Vec::with_capacity(q.rows.len());
    for i in 0..q.rows.len() {
        let sent: Vec<String> = values(&format!("{}.{i}", q.id)).into_iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
        match sent.as_slice() {
            [] => chosen.push(String::new()),
            [one] if q.options.contains(one) => chosen.push(one.clone()),
            _ => return Err("survey-choose-one-per-row"),
        }
    }
    if chosen.iter().all(|c| c.is_empty()) {
        return if q.required { Err("survey-answer-required") } else { Ok(None) };
    }
    if q.required && chosen.iter().any(|c| c.is_empty()) {
        return Err("survey-answer-every-row");
    }
    Ok(Some(Answer::Many(chosen)))
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
        if q.kind == Kind::Matrix {
            // One table per row, as if each row were a single-choice question.
            for (i, row) in q.rows.iter().enumerate() {
                let pick = |a: &Answers| match a.get(&q.id) {
                    Some(Answer::Many(vs)) => vs.get(i).filter(|v| !v.is_empty()).map(|v| vec![v.clone()]).unwrap_or_default(),
                    _ => Vec::new(),
                };
                out.push(tally_one(format!("{}.{i}", q.id), format!("{} — {row}", q.label), &q.options, answers, &pick));
            }
            continue;
        }
        let pick = |a: &Answers| match a.get(&q.id) {
            Some(Answer::One(v)) => vec![v.clone()],
            Some(Answer::Many(vs)) => vs.clone(),
            None => Vec::new(),
        };
        out.push(tally_one(q.id.clone(), q.label.clone(), &q.options, answers, &pick));
    }
    out
}

/// Counts per option of one question (or one matrix row), overall and per group; `pick` gives
/// the options an answer chose.
fn tally_one(question: String, label: String, options: &[String], answers: &[(String, Answers)], pick: &dyn Fn(&Answers) -> Vec<String>) -> Tally {
    let picked: Vec<(&String, Vec<String>)> = answers.iter().map(|(g, a)| (g, pick(a))).collect();
    let answered = picked.iter().filter(|(_, p)| !p.is_empty()).count() as i64;
    let count = |group: Option<&str>, o: &String| {
        Cell::of(picked.iter().filter(|(g, p)| group.is_none_or(|x| *g == x) && p.contains(o)).count() as i64)
    };
    let mut groups: Vec<&String> = picked.iter().map(|(g, _)| *g).collect();
    groups.sort();
    groups.dedup();
    Tally {
        question,
        label,
        answered,
        options: options.iter().map(|o| (o.clone(), count(None, o))).collect(),
        by_group: groups.into_iter().map(|g| (g.clone(), options.iter().map(|o| count(Some(g), o)).collect())).collect(),
    }
}

/// The columns of the named-answers table: one per question, one per matrix row.
pub fn answer_headers(questions: &[Question]) -> Vec<String> {
    questions.iter().flat_map(|q| match q.kind {
        Kind::Matrix => q.rows.iter().map(|r| format!("{} — {r}", q.label)).collect(),
        _ => vec![q.label.clone()],
    }).collect()
}

/// One person's answers in those columns: empty where a question was skipped or not asked,
/// several choices joined with "；", a photo as `photo(question id)` says (a link, say).
pub fn answer_cells(questions: &[Question], answers: &Answers, photo: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut out = Vec::new();
    for q in questions {
        match (q.kind, answers.get(&q.id)) {
            (Kind::Photo, Some(_)) => out.push(photo(&q.id)),
            (Kind::Matrix, Some(Answer::Many(chosen))) => out.extend((0..q.rows.len()).map(|i| chosen.get(i).cloned().unwrap_or_default())),
            (Kind::Matrix, _) => out.extend(q.rows.iter().map(|_| String::new())),
            (_, Some(Answer::One(v))) => out.push(v.clone()),
            (_, Some(Answer::Many(vs))) => out.push(vs.join("；")),
            (_, None) => out.push(String::new()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_question_takes_only_the_handlers_word_that_a_photo_is_given() {
        let qs = vec![Question { id: "q1".into(), kind: Kind::Photo, label: "烟感照片".into(), options: vec![], required: true, rows: vec![], show_if: None }];
        assert_eq!(check(&qs, &form(&[("q1", "photo")])).unwrap().get("q1"), Some(&Answer::One(PHOTO_GIVEN.into())));
        assert_eq!(check(&qs, &form(&[("q1", "1234")])).unwrap_err().get("q1"), Some(&"survey-photo-needed"));
        assert_eq!(check(&qs, &form(&[])).unwrap_err().get("q1"), Some(&"survey-answer-required"));
    }

    #[test]
    fn named_answers_fill_one_column_per_question_and_matrix_row() {
        let mut qs = questions();
        qs.push(Question { id: "q5".into(), kind: Kind::Matrix, label: "满意度".into(), options: vec!["满意".into(), "不满意".into()], required: false,
            rows: vec!["助餐".into(), "探访".into()], show_if: None });
        assert_eq!(answer_headers(&qs), ["家中几位老人", "需要的服务", "人数", "方便上门的日期", "满意度 — 助餐", "满意度 — 探访"]);
        let mut a = Answers::new();
        a.insert("q1".into(), Answer::One("2+".into()));
        a.insert("q2".into(), Answer::Many(vec!["助餐".into(), "陪诊".into()]));
        a.insert("q5".into(), Answer::Many(vec![String::new(), "满意".into()]));
        qs.push(Question { id: "q6".into(), kind: Kind::Photo, label: "烟感照片".into(), options: vec![], required: false, rows: vec![], show_if: None });
        a.insert("q6".into(), Answer::One(PHOTO_GIVEN.into()));
        let link = |q: &str| format!("/photo/{q}");
        assert_eq!(answer_cells(&qs, &a, &link), ["2+", "助餐；陪诊", "", "", "", "满意", "/photo/q6"]);
        assert_eq!(answer_cells(&qs, &Answers::new(), &link).len(), 7, "an empty answer still fills every column");
    }

    fn questions() -> Vec<Question> {
        vec![
            Question { id: "q1".into(), kind: Kind::Single, label: "家中几位老人".into(), options: vec!["0".into(), "1".into(), "2+".into()], required: true, rows: vec![], show_if: None },
            Question { id: "q2".into(), kind: Kind::Multiple, label: "需要的服务".into(), options: vec!["助餐".into(), "陪诊".into()], required: false, rows: vec![], show_if: None },
            Question { id: "q3".into(), kind: Kind::Number, label: "人数".into(), options: vec![], required: false, rows: vec![], show_if: None },
            Question { id: "q4".into(), kind: Kind::Date, label: "方便上门的日期".into(), options: vec![], required: false, rows: vec![], show_if: None },
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
    fn a_matrix_takes_one_choice_per_row_and_tallies_each_row() {
        let q = Question { id: "q5".into(), kind: Kind::Matrix, label: "服务满意度".into(), options: vec!["满意".into(), "不满意".into()],
            required: true, rows: vec!["助餐".into(), "保洁".into()], show_if: None };
        let qs = vec![q];
        assert_eq!(check(&qs, &form(&[("q5.0", "满意")])).unwrap_err()["q5"], "survey-answer-every-row");
        assert_eq!(check(&qs, &form(&[("q5.0", "满意"), ("q5.1", "还行")])).unwrap_err()["q5"], "survey-choose-one-per-row");
        let ok = check(&qs, &form(&[("q5.0", "满意"), ("q5.1", "不满意")])).unwrap();
        assert_eq!(ok["q5"], Answer::Many(vec!["满意".into(), "不满意".into()]));
        let answers: Vec<(String, Answers)> = (0..6).map(|_| ("1 号楼".to_string(), ok.clone())).collect();
        let t = tally(&qs, &answers);
        assert_eq!(t.len(), 2, "a table per row");
        assert_eq!((t[1].question.as_str(), t[1].label.as_str()), ("q5.1", "服务满意度 — 保洁"));
        assert_eq!(t[1].options[1], ("不满意".into(), Cell { count: Some(6) }));
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
