//! The questionnaire pages' loaders: who may answer which (the audience, or staff of the
//! owning unit for a resident in it), and what the owning unit's desk shows.
use super::lifecycle::{Publisher as Owner, SurveyStatus, SURVEY_TABLE};
use super::questions::{tally, Answers, Question};
use super::*;
use crate::applications::server::{failed, not_theirs};
use crate::notices::load::{audience_of, label, places_within, reader_of, Publisher};
use crate::prefs::Lang;
use crate::storage::SurveyRow;

pub fn questions_of(s: &SurveyRow) -> Vec<Question> {
    serde_json::from_str(&s.questions_json).unwrap_or_default()
}

pub fn answers_of(json: &str) -> Answers {
    serde_json::from_str(json).unwrap_or_default()
}

/// `units` once per page (`units::all`), not once per row.
fn summary(units: &[(String, String, String, String)], s: &SurveyRow, lang: Lang, answered: bool) -> SurveySummary {
    SurveySummary {
        id: s.id,
        title: s.title.clone(),
        unit: crate::units::name_in(units, &s.unit_kind, &s.unit_code, lang),
        closes_on: s.closes_on.clone(),
        status: s.status.clone(),
        answered,
        for_person: None,
    }
}

/// Whether answers are taken now: open, and its last day not past.
pub fn taking_answers(s: &SurveyRow, today: &str) -> bool {
    s.status == SurveyStatus::Open.as_str() && s.closes_on.as_str() >= today
}

pub async fn surveys() -> Result<Option<Vec<SurveySummary>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(not_theirs(None)) };
    let Some(reader) = reader_of(store, &user).await.map_err(failed)? else { return Ok(Some(Vec::new())) };
    let rows = store.surveys_for(&reader, &state.today().to_string(), 50).await.map_err(failed)?;
    let units = crate::units::all(store).await.map_err(failed)?;
    let mut out = Vec::new();
    for s in &rows {
        let answered = store.survey_answer(s.id, user.id).await.map_err(failed)?.is_some();
        out.push(summary(&units, s, lang, answered));
    }
    // Questionnaires for the relatives the viewer looks after (亲友代办), to answer for them.
    for p in store.principals_of(user.id).await.map_err(failed)? {
        let Some(person) = store.user_by_id(p.principal_id).await.map_err(failed)? else { continue };
        let Some(theirs) = reader_of(store, &person).await.map_err(failed)? else { continue };
        for s in store.surveys_for(&theirs, &state.today().to_string(), 50).await.map_err(failed)? {
            let answered = store.survey_answer(s.id, person.id).await.map_err(failed)?.is_some();
            out.push(SurveySummary { for_person: Some((person.id, person.name.clone())), ..summary(&units, &s, lang, answered) });
        }
    }
    Ok(Some(out))
}

/// The answer form for the viewer, or (`resident`) for staff of the owning unit answering for
/// a resident the questionnaire addresses. Anyone else gets a 404.
pub async fn form(id: i64, resident: Option<i64>) -> Result<Option<SurveyForm>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(not_theirs(None)) };
    let Some(s) = store.survey(id).await.map_err(failed)?.filter(|s| s.status != SurveyStatus::Draft.as_str()) else { return Ok(not_theirs(None)) };
    let mut by_relative = false;
    let (person, for_resident) = match resident {
        Some(rid) => {
            let owning = Publisher::of(&user).is_some_and(|p| p.unit_kind == s.unit_kind && p.unit_code == s.unit_code);
            by_relative = !owning && store.is_delegate(rid, user.id).await.map_err(failed)?;
            if !owning && !by_relative {
                return Ok(not_theirs(None));
            }
            let Some(r) = store.user_by_id(rid).await.map_err(failed)? else { return Ok(not_theirs(None)) };
            let name = r.name.clone();
            (r, Some((rid, name)))
        }
        None => ((*user).clone(), None),
    };
    let Some(reader) = reader_of(store, &person).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    if !store.survey_addresses(id, &reader).await.map_err(failed)? {
        return Ok(not_theirs(None));
    }
    let mut answer = store.survey_answer(id, person.id).await.map_err(failed)?;
    // One per household: a member's answer is the household's, shown to the others to change.
    let mut household_answer_by = None;
    if s.per_household == 1 && answer.is_none() {
        for member in store.household_members(person.id).await.map_err(failed)? {
            if let Some(a) = store.survey_answer(id, member).await.map_err(failed)? {
                household_answer_by = Some(a.name.clone());
                answer = Some(a);
                break;
            }
        }
    }
    if for_resident.is_some() && !by_relative {
        // Staff opening a resident's answers is a look at personal data.
        store.audit(state.now(), Some(user.id), Some(person.id), "survey_answer_viewed", &format!("survey {id}")).await.map_err(failed)?;
    }
    Ok(Some(SurveyForm {
        summary: summary(&crate::units::all(store).await.map_err(failed)?, &s, lang, answer.is_some()),
        intro: s.intro.clone(),
        anonymous: s.anonymous == 1,
        questions: questions_of(&s),
        answers: answer.map(|a| answers_of(&a.answers)).unwrap_or_default(),
        open: taking_answers(&s, &state.today().to_string()),
        for_resident,
        by_relative,
        photos: store.survey_photos(id, Some(person.id)).await.map_err(failed)?.into_iter().map(|p| (p.question, p.file.id)).collect(),
        per_household: s.per_household == 1,
        household_answer_by,
    }))
}

pub async fn desk() -> Result<Option<SurveyDesk>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(p) = crate::accounts::server::ssr::current_user().as_deref().and_then(Publisher::of) else { return Ok(not_theirs(None)) };
    let units = crate::units::all(store).await.map_err(failed)?;
    let surveys = store.unit_surveys(p.unit_kind, &p.unit_code, 100).await.map_err(failed)?.iter().map(|s| summary(&units, s, lang, false)).collect();
    let (communities, buildings) = places_within(store, &p, lang).await.map_err(failed)?;
    Ok(Some(SurveyDesk { unit: crate::units::name_in(&units, p.unit_kind, &p.unit_code, lang), surveys, communities, buildings }))
}

pub async fn desk_survey(id: i64) -> Result<Option<DeskSurvey>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(p) = crate::accounts::server::ssr::current_user().as_deref().and_then(Publisher::of) else { return Ok(not_theirs(None)) };
    let Some(s) = store.survey(id).await.map_err(failed)?.filter(|s| s.unit_kind == p.unit_kind && s.unit_code == p.unit_code) else {
        return Ok(not_theirs(None));
    };
    let none = crate::i18n::text(lang, "notice-no-building");
    let answers = store.survey_answers(id).await.map_err(failed)?;
    let grouped: Vec<(String, Answers)> = answers.iter().map(|a| (a.building_name.clone().unwrap_or_else(|| none.to_string()), answers_of(&a.answers))).collect();
    let questions = questions_of(&s);
    let choice: Vec<Question> = questions.iter().filter(|q| q.kind.has_options()).cloned().collect();
    let groups = store.survey_answer_groups(id).await.map_err(failed)?;
    let by_population: Vec<(String, Answers)> = groups.iter()
        .filter_map(|(user, g)| answers.iter().find(|a| a.user_id == *user).map(|a| (label(lang, "group", g), answers_of(&a.answers))))
        .collect();
    let mut origins: Vec<(String, i64)> = Vec::new();
    for a in &answers {
        match origins.iter_mut().find(|(o, _)| *o == a.origin) {
            Some((_, n)) => *n += 1,
            None => origins.push((a.origin.clone(), 1)),
        }
    }
    Ok(Some(DeskSurvey {
        form: SurveyForm {
            summary: summary(&crate::units::all(store).await.map_err(failed)?, &s, lang, false),
            intro: s.intro.clone(),
            anonymous: s.anonymous == 1,
            questions,
            answers: Answers::new(),
            open: taking_answers(&s, &state.today().to_string()),
            for_resident: None,
            by_relative: false,
            photos: Vec::new(),
            per_household: s.per_household == 1,
            household_answer_by: None,
        },
        audience: audience_of(store, &s.communities, &s.buildings, &s.target_groups, lang).await.map_err(failed)?,
        actions: SURVEY_TABLE.rules().filter(|r| r.actor == Owner && r.allows(&s.status)).map(|r| format!("{:?}", r.action).to_lowercase()).collect(),
        coverage: store.survey_coverage(id).await.map_err(failed)?.into_iter()
            .map(|c| CoverageRow { building: c.building_name.unwrap_or_else(|| none.to_string()), addressed: c.addressed, answered: c.answered,
                households: c.households, households_answered: c.households_answered }).collect(),
        unanswered: store.survey_unanswered(id, 200).await.map_err(failed)?.into_iter()
            .map(|u| Unanswered { id: u.user_id, name: u.name, building: u.building_name.unwrap_or_else(|| none.to_string()) }).collect(),
        tallies: tally(&choice, &grouped),
        group_tallies: tally(&choice, &by_population),
        origins,
        photo_counts: questions_of(&s).into_iter().filter(|q| q.kind == super::questions::Kind::Photo)
            .map(|q| (q.label.clone(), grouped.iter().filter(|(_, a)| a.contains_key(&q.id)).count() as i64)).collect(),
    }))
}
