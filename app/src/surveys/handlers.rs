//! The posts behind the questionnaire pages: a draft and its questions, opening and closing,
//! a resident's answer, staff answering for a resident (代答, with how consent was given,
//! audited). Plain form posts answered with redirects; the CSV files are in `export`.
use crate::channel::Channel;
use super::lifecycle::{Publisher as Owner, SurveyAction, SURVEY_TABLE};
use super::load::questions_of;
use super::questions::{check, Kind, Question, ShowIf};
use crate::forms::{FormState, Message};
use crate::notices::handlers::audience_from;
use crate::notices::load::{reader_of, Publisher};
use super::photos::{self, AnswerForm};
use crate::state::AppState;
use crate::uploads::{self, uploads};
use crate::storage::{AuditEntry, NewSurvey, NewSurveyAnswer, SurveyRow};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/surveys", post(new_survey))
        .route("/work/surveys/{id}/{action}", get(super::export::download).post(act))
        .route("/work/surveys/{id}/questions/{question}/delete", post(delete_question))
        .route("/work/surveys/{id}/residents/{resident}", uploads(answer_for))
        .route("/surveys/{id}", uploads(answer))
}

const DESK: &str = "/work/surveys";
const MAX_QUESTIONS: usize = 30;

fn publisher(user: &CurrentUser) -> Result<Publisher, AppError> {
    Publisher::of(user).ok_or(AppError::NotFound)
}

pub(super) async fn owned(state: &AppState, user: &CurrentUser, id: i64) -> Result<SurveyRow, AppError> {
    let p = publisher(user)?;
    state.store.survey(id).await?.filter(|s| s.unit_kind == p.unit_kind && s.unit_code == p.unit_code).ok_or(AppError::NotFound)
}

/// POST `/work/surveys`: a new draft (title, intro, last day, audience, anonymous or named).
async fn new_survey(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let p = publisher(&user)?;
    let mut form = FormState::default();
    for key in ["title", "intro", "closes_on"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(2000).collect());
    }
    let (title, intro) = (pairs.get("title").trim().to_string(), pairs.get("intro").trim().to_string());
    if !(2..=60).contains(&title.chars().count()) {
        form.refuse("title", Message::new("notice-title-2-60"));
    }
    if intro.chars().count() > 2000 {
        form.refuse("intro", Message::new("survey-at-most-2000"));
    }
    let closes_on = pairs.get("closes_on");
    if crate::applications::steps::parse_day(&closes_on).is_none_or(|d| d < state.today()) {
        form.refuse("closes_on", Message::new("survey-close-today-or-later"));
    }
    let (communities, buildings, target_groups) = audience_from(&state, &p, &pairs).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(DESK));
    }
    let survey = NewSurvey {
        unit_kind: p.unit_kind.into(), unit_code: p.unit_code.clone(), author_id: user.id, title, intro,
        communities, buildings, target_groups, anonymous: pairs.get("anonymous") == "1", closes_on,
        per_household: pairs.get("per_household") == "1",
    };
    let id = state.store.create_survey(&survey, state.now()).await?;
    Ok(Redirect::to(&format!("{DESK}/{id}")).into_response())
}

/// POST `/work/surveys/{id}/{questions|open|close|remind}`.
async fn act(State(state): State<AppState>, user: CurrentUser, Path((id, action)): Path<(i64, String)>, pairs: FormPairs) -> AppResult {
    let s = owned(&state, &user, id).await?;
    let page = format!("{DESK}/{id}");
    if action == "questions" {
        return add_question(&state, &s, &pairs, &page).await;
    }
    if action == "remind" {
        return remind(&state, &s, &page).await;
    }
    let action = SurveyAction::from_path(&action).ok_or(AppError::NotFound)?;
    let rule = SURVEY_TABLE.rule(action, Owner).ok_or(AppError::NotFound)?;
    let to = rule.to.ok_or_else(|| AppError::internal("a survey step without a target"))?;
    if action == SurveyAction::Open && questions_of(&s).is_empty() {
        let mut form = FormState::default();
        form.refuse("label", Message::new("survey-add-a-question-first"));
        return Err(AppError::invalid(form).on_page(page));
    }
    let audit = AuditEntry { actor_id: user.id, subject_id: user.id, action: format!("survey_{}", to.as_str()), detail: format!("survey {id}") };
    if !state.store.move_survey(id, rule.from, to.as_str(), &audit, state.now()).await? {
        return Err(AppError::conflict(FormState::default()).on_page(page));
    }
    Ok(Redirect::to(&page).into_response())
}

/// A reminder to exactly the residents who have not answered (inbox, and SMS where they take it).
async fn remind(state: &AppState, s: &SurveyRow, page: &str) -> AppResult {
    if !super::load::taking_answers(s, &state.today().to_string()) {
        return Err(AppError::NotFound);
    }
    let ids: Vec<i64> = state.store.survey_unanswered(s.id, 5_000).await?.into_iter().map(|u| u.user_id).collect();
    let message = Message::new("survey-reminder").with("title", &s.title);
    let notices = crate::applications::steps::notices(&*state.store, &ids, "survey", &message).await?;
    state.store.notify(&notices, &format!("/surveys/{}", s.id), state.now()).await?;
    Ok(Redirect::to(&format!("{page}?reminded={}", ids.len())).into_response())
}

/// Adds one question to a draft: its kind, wording, options (one per line) and whether it
/// must be answered.
async fn add_question(state: &AppState, s: &SurveyRow, pairs: &FormPairs, page: &str) -> AppResult {
    let mut form = FormState::default();
    for key in ["kind", "label", "options", "rows", "show_if", "show_if_option"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(2000).collect());
    }
    let kind = Kind::parse(&pairs.get("kind"));
    let label = pairs.get("label").trim().to_string();
    let options: Vec<String> = pairs.get("options").lines().map(|l| l.trim().chars().take(60).collect::<String>()).filter(|l| !l.is_empty()).collect();
    if !(1..=100).contains(&label.chars().count()) {
        form.refuse("label", Message::new("survey-question-1-100"));
    }
    let mut distinct = options.clone();
    distinct.sort();
    distinct.dedup();
    match kind {
        None => form.refuse("kind", Message::new("survey-choose-kind")),
        Some(k) if k.has_options() && !(2..=12).contains(&options.len()) => form.refuse("options", Message::new("survey-options-2-12")),
        Some(k) if k.has_options() && distinct.len() != options.len() => form.refuse("options", Message::new("survey-options-distinct")),
        _ => {}
    }
    let rows: Vec<String> = pairs.get("rows").lines().map(|l| l.trim().chars().take(40).collect::<String>()).filter(|l| !l.is_empty()).collect();
    let mut distinct_rows = rows.clone();
    distinct_rows.sort();
    distinct_rows.dedup();
    if kind == Some(Kind::Matrix) && (!(2..=10).contains(&rows.len()) || distinct_rows.len() != rows.len()) {
        form.refuse("rows", Message::new("survey-rows-2-10"));
    }
    let mut questions = questions_of(s);
    if questions.len() >= MAX_QUESTIONS {
        form.refuse("label", Message::new("survey-at-most-30-questions"));
    }
    let (Some(kind), true) = (kind, form.is_ok()) else {
        return Err(AppError::invalid(form).on_page(page));
    };
    let next = questions.iter().filter_map(|q| q.id.strip_prefix('q')?.parse::<u32>().ok()).max().unwrap_or(0) + 1;
    let show_if = match show_if(&questions, pairs) {
        Ok(c) => c,
        Err(m) => {
            form.refuse("show_if_option", Message::new(m));
            return Err(AppError::invalid(form).on_page(page));
        }
    };
    questions.push(Question { id: format!("q{next}"), kind, label, options: if kind.has_options() { options } else { Vec::new() }, required: pairs.get("required") == "1",
        rows: if kind == Kind::Matrix { rows } else { Vec::new() }, show_if });
    let json = serde_json::to_string(&questions).map_err(AppError::internal)?;
    if !state.store.set_survey_questions(s.id, &json, state.now()).await? {
        return Err(AppError::conflict(FormState::default()).on_page(page));
    }
    Ok(Redirect::to(page).into_response())
}

/// The branch a new question hangs on: an earlier choice question and one of its options.
fn show_if(questions: &[Question], pairs: &FormPairs) -> Result<Option<ShowIf>, &'static str> {
    let on = pairs.get("show_if");
    if on.is_empty() {
        return Ok(None);
    }
    let option = pairs.get("show_if_option").trim().to_string();
    match questions.iter().find(|q| q.id == on && q.kind.can_branch_on()) {
        Some(q) if q.options.contains(&option) => Ok(Some(ShowIf { question: on, option })),
        _ => Err("survey-show-if-option"),
    }
}

async fn delete_question(State(state): State<AppState>, user: CurrentUser, Path((id, question)): Path<(i64, String)>) -> AppResult {
    let s = owned(&state, &user, id).await?;
    let mut questions = questions_of(&s);
    questions.retain(|q| q.id != question);
    // A question that hung on the deleted one is asked of everyone instead.
    for q in questions.iter_mut().filter(|q| q.show_if.as_ref().is_some_and(|c| c.question == question)) {
        q.show_if = None;
    }
    let json = serde_json::to_string(&questions).map_err(AppError::internal)?;
    if !state.store.set_survey_questions(id, &json, state.now()).await? {
        return Err(AppError::conflict(FormState::default()).on_page(format!("{DESK}/{id}")));
    }
    Ok(Redirect::to(&format!("{DESK}/{id}")).into_response())
}

/// Checks and saves one person's answers (and photos); refusals beside their questions,
/// nothing stored.
async fn save(state: &AppState, s: &SurveyRow, person: &crate::storage::UserRecord, sent: &AnswerForm, origin: &'static str,
    by: Option<(i64, String)>, page: &str) -> Result<(), AppError> {
    let pairs = &sent.pairs;
    let reader = reader_of(&*state.store, person).await?.ok_or(AppError::NotFound)?;
    if s.status == "draft" || !state.store.survey_addresses(s.id, &reader).await? {
        return Err(AppError::NotFound);
    }
    let questions = questions_of(s);
    let kept = if questions.iter().any(|q| q.kind == Kind::Photo) { state.store.survey_photos(s.id, Some(person.id)).await? } else { Vec::new() };
    let plan = photos::plan(&questions, sent, &kept);
    let checked = check(&questions, &|k| plan.given.get(k).cloned().unwrap_or_else(|| pairs.all(k)));
    let mut form = FormState::default();
    for q in &questions {
        form.values.insert(q.id.clone(), pairs.all(&q.id).join("\n"));
        for i in 0..q.rows.len() {
            let field = format!("{}.{i}", q.id);
            form.values.insert(field.clone(), pairs.get(&field));
        }
    }
    if let Err(refused) = &checked {
        for (q, m) in refused {
            form.refuse(q, Message::new(m));
        }
    }
    for (q, m) in plan.refused {
        form.refuse(&q, m);
    }
    // The browser cannot be given chosen photos back: the page asks for them again.
    let refuse = |mut form: FormState| {
        if !sent.files.is_empty() {
            form.notice = Some(Message::new("uploads-for-your-privacy-please-choose-your"));
        }
        AppError::invalid(form).on_page(page)
    };
    let answers = match checked {
        Ok(a) if form.is_ok() => a,
        _ => return Err(refuse(form)),
    };
    // A photo sent for a question its branch skips is not kept.
    let chosen = plan.chosen.into_iter().filter(|(q, _, _)| answers.contains_key(q)).collect();
    let written = photos::write(state, chosen, &mut form).await?;
    if !form.is_ok() {
        return Err(refuse(form));
    }
    // Photos of questions now unanswered (taken away, or skipped by a branch) go.
    let mut changes: Vec<(String, Option<crate::storage::NewFile>)> =
        kept.iter().filter(|p| !answers.contains_key(&p.question)).map(|p| (p.question.clone(), None)).collect();
    changes.extend(written.iter().map(|(q, f)| (q.clone(), Some(f.clone()))));
    let json = serde_json::to_string(&answers).map_err(AppError::internal)?;
    let audit = by.as_ref().map(|(actor, how)| AuditEntry { actor_id: *actor, subject_id: person.id, action: "survey_answered_for".into(), detail: format!("survey {} ({how})", s.id) });
    // Staff record an answer after a home visit or a call; a kiosk's is the kiosk's.
    let channel = match (origin, &by) {
        ("kiosk", _) => Channel::Kiosk,
        (_, Some((_, how))) => Channel::of_staff_consent(how, Channel::Visit),
        _ => Channel::self_service(),
    };
    let saved = NewSurveyAnswer {
        survey_id: s.id, reader, answers: json, origin, recorded_by: by.as_ref().map(|b| b.0), channel: channel.as_str(),
        consent_note: by.map(|b| b.1).unwrap_or_default(), photos: changes,
        replaces: if s.per_household == 1 { state.store.household_members(person.id).await? } else { Vec::new() },
    };
    let files: Vec<_> = written.into_iter().map(|(_, f)| f).collect();
    match state.store.save_survey_answer(&saved, &state.today().to_string(), audit.as_ref(), state.now()).await {
        Ok(Some(replaced)) => {
            state.config.files.remove(&replaced).await;
            Ok(())
        }
        Ok(None) => {
            uploads::discard(state, &files).await;
            let mut form = FormState::default();
            form.notice = Some(Message::new("survey-closed"));
            Err(AppError::conflict(form).on_page(page))
        }
        Err(e) => {
            uploads::discard(state, &files).await;
            Err(e.into())
        }
    }
}

/// POST `/surveys/{id}`: a resident's own answer (changeable until it closes).
async fn answer(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, sent: AnswerForm) -> AppResult {
    let pairs = &sent.pairs;
    let s = state.store.survey(id).await?.ok_or(AppError::NotFound)?;
    let page = format!("/surveys/{id}");
    // A relative the resident authorised (亲友代办) answers for them: origin kept, audited.
    if let Ok(principal) = pairs.get("for").parse::<i64>() {
        if !state.store.is_delegate(principal, user.id).await? {
            return Err(AppError::NotFound);
        }
        let person = state.store.user_by_id(principal).await?.ok_or(AppError::NotFound)?;
        let page = format!("{page}?for={principal}");
        save(&state, &s, &person, &sent, "relative", Some((user.id, "relative".into())), &page).await?;
        return Ok(Redirect::to(&format!("{page}&saved=1")).into_response());
    }
    save(&state, &s, &user, &sent, "self", None, &page).await?;
    Ok(Redirect::to(&format!("{page}?saved=1")).into_response())
}

/// POST `/work/surveys/{id}/residents/{resident}`: staff of the owning unit record a resident's
/// answer after a visit or a call; how consent was given is required and kept.
async fn answer_for(State(state): State<AppState>, user: CurrentUser, Path((id, resident)): Path<(i64, i64)>, sent: AnswerForm) -> AppResult {
    let pairs = &sent.pairs;
    let s = owned(&state, &user, id).await?;
    let page = format!("{DESK}/{id}/residents/{resident}");
    let how = pairs.get("consent");
    if !["in_person", "phone"].contains(&how.as_str()) {
        let mut form = FormState::default();
        form.refuse("consent", Message::new("survey-say-how-consent"));
        return Err(AppError::invalid(form).on_page(page));
    }
    let person = state.store.user_by_id(resident).await?.ok_or(AppError::NotFound)?;
    save(&state, &s, &person, &sent, "staff", Some((user.id, how)), &page).await?;
    Ok(Redirect::to(&format!("{DESK}/{id}")).into_response())
}
