//! The questionnaire's two CSV files, for the owning unit only: `results.csv` (counts per
//! option, overall and per building, small cells withheld) and, for a named questionnaire,
//! `answers.csv` (each resident's answers, for door-to-door follow-up; every resident in it
//! sees the export in their own record of who looked at their data).
use super::handlers::owned;
use super::load::{answers_of, questions_of};
use super::questions::{answer_cells, answer_headers, tally, Question, MIN_CELL};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::SurveyRow;
use crate::web::{AppError, AppResult, CurrentUser};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;

/// GET `/work/surveys/{id}/results.csv` or `/work/surveys/{id}/answers.csv`.
pub async fn download(State(state): State<AppState>, user: CurrentUser, lang: Lang, Path((id, file)): Path<(i64, String)>) -> AppResult {
    let s = owned(&state, &user, id).await?;
    let (body, name) = match file.as_str() {
        "results.csv" => (results(&state, &s).await?, format!("linli-survey-{id}.csv")),
        "answers.csv" if s.anonymous == 0 => (answers(&state, &user, lang, &s).await?, format!("linli-survey-{id}-answers.csv")),
        _ => return Err(AppError::NotFound),
    };
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    // Named answers are personal data: never kept by a shared cache.
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// A CSV field, quoted; text a resident typed cannot become a spreadsheet formula (a number
/// such as -3 stays a number).
fn field(v: &str) -> String {
    let formula = v.starts_with(['=', '+', '-', '@', '\t', '\r']) && v.parse::<f64>().is_err();
    let v = if formula { format!("'{v}") } else { v.to_string() };
    format!("\"{}\"", v.replace('"', "\"\""))
}

fn cell(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| format!("<{MIN_CELL}"))
}

/// Counts per option, overall and per building, with cells under five withheld (UTF-8 with a
/// BOM, for spreadsheets).
async fn results(state: &AppState, s: &SurveyRow) -> AppResult<String> {
    let answers = state.store.survey_answers(s.id).await?;
    let grouped: Vec<(String, _)> = answers.iter().map(|a| (a.building_name.clone().unwrap_or_default(), answers_of(&a.answers))).collect();
    let choice: Vec<Question> = questions_of(s).into_iter().filter(|q| q.kind.has_options()).collect();
    let mut out = String::from("\u{feff}question,option,building,count\n");
    for t in tally(&choice, &grouped) {
        for (i, (option, c)) in t.options.iter().enumerate() {
            out.push_str(&format!("{},{},,{}\n", field(&t.label), field(option), cell(c.count)));
            for (building, cells) in &t.by_group {
                out.push_str(&format!("{},{},{},{}\n", field(&t.label), field(option), field(building), cell(cells[i].count)));
            }
        }
    }
    Ok(out)
}

/// One row per answer, headed in the viewer's language: name, building, who filled it in, when,
/// and a column per question.
async fn answers(state: &AppState, user: &CurrentUser, lang: Lang, s: &SurveyRow) -> AppResult<String> {
    let text = |id: &str| crate::i18n::text_with(lang, id, []);
    let questions = questions_of(s);
    let rows = state.store.survey_answers(s.id).await?;
    let photos = state.store.survey_photos(s.id, None).await?;
    let origin = crate::applications::server::ssr::public_origin(state);
    let mut head = vec![text("survey-csv-name"), text("survey-csv-building"), text("survey-csv-origin"), text("survey-csv-updated")];
    head.extend(answer_headers(&questions));
    let mut out = String::from("\u{feff}");
    out.push_str(&line(&head));
    for a in &rows {
        let mut cells = vec![a.name.clone(), a.building_name.clone().unwrap_or_default(), text(&format!("survey-origin-{}", a.origin)),
                             crate::time::format_local(a.updated_at)];
        let link = |q: &str| photos.iter().find(|p| p.user_id == a.user_id && p.question == q)
            .map(|p| format!("{origin}/surveys/{}/photos/{}", s.id, p.file.id)).unwrap_or_default();
        cells.extend(answer_cells(&questions, &answers_of(&a.answers), &link));
        out.push_str(&line(&cells));
    }
    let ids: Vec<i64> = rows.iter().map(|a| a.user_id).collect();
    state.store.audit_each(state.now(), user.id, &ids, "survey_answers_exported", &format!("survey {}", s.id)).await?;
    Ok(out)
}

fn line(cells: &[String]) -> String {
    let mut l = cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    l.push('\n');
    l
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_never_formulas() {
        assert_eq!(field("王秀英"), "\"王秀英\"");
        assert_eq!(field("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-3"), "\"-3\"");
        assert_eq!(field("-3+cmd|' /C calc'!A0"), "\"'-3+cmd|' /C calc'!A0\"");
    }
}
