//! What residents see: `/surveys` (the questionnaires addressed to them) and `/surveys/{id}`
//! (the form, prefilled with their answer; changeable until it closes). Staff answering for a
//! resident use the same form at `/work/surveys/{id}/residents/{resident}`.
use super::questions::{Answer, Kind, Question};
use super::*;
use crate::components::{loaded, nothing_here, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, use_strings};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SurveysPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_surveys());
    view! {
        <Title text=t("survey-title")/>
        <h1>{t("survey-title")}</h1>
        {loaded(data, nothing_here, |list| if list.is_empty() { view! { <p>{t("survey-none")}</p> }.into_any() } else { view! {
            <ul class="cards">
                {list.into_iter().map(|s| view! {
                    <li class="card">
                        <h2><a href=match &s.for_person { Some((p, _)) => format!("/surveys/{}?for={p}", s.id), None => format!("/surveys/{}", s.id) }>
                            <Written text=s.title.clone()/></a></h2>
                        {s.for_person.clone().map(|(_, name)| view! { <p class="meta">{t("survey-for-relative")}" "<Written text=name/></p> })}
                        <p class="meta">{s.unit.clone()}" · "{t("survey-closes")}" "{s.closes_on.clone()}
                            {s.answered.then(|| view! { " · "<span class="status status-done">{t("survey-answered")}</span> })}</p>
                    </li>
                }).collect_view()}
            </ul>
        }.into_any() })}
    }
}

fn id_param() -> impl Fn() -> i64 + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let relative = move || query.with(|q| q.get("for").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(move || (id(), relative()), |(id, r)| load_survey_form(id, r));
    let form = use_form_state();
    let saved = query.with_untracked(|q| q.get("saved").is_some());
    view! {
        {saved.then(|| view! { <p class="banner banner-ok" role="status">{t("survey-saved")}</p> })}
        {loaded(data, nothing_here, move |f| { let action = format!("/surveys/{}", f.summary.id); view! { <AnswerForm f action form=form.clone()/> }.into_any() })}
    }
}

#[component]
pub fn ProxyAnswerPage() -> impl IntoView {
    let id = id_param();
    let params = use_params_map();
    let resident = move || params.with(|p| p.get("resident").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(move || (id(), resident()), |(id, r)| load_survey_form(id, r));
    let form = use_form_state();
    view! {
        {loaded(data, nothing_here, move |f| {
            let action = format!("/work/surveys/{}/residents/{}", f.summary.id, f.for_resident.as_ref().map(|r| r.0).unwrap_or(0));
            view! { <AnswerForm f action form=form.clone()/> }.into_any()
        })}
    }
}

/// The questionnaire as a plain form: each question with its refusal beside it.
#[component]
fn AnswerForm(f: SurveyForm, action: String, form: FormState) -> impl IntoView {
    let s = f.summary.clone();
    let proxy = f.for_resident.clone();
    let has_photo = f.questions.iter().any(|q| q.kind == Kind::Photo);
    view! {
        <Title text=s.title.clone()/>
        <h1><Written text=s.title.clone()/></h1>
        <p class="meta">{s.unit.clone()}" · "{t("survey-closes")}" "{s.closes_on.clone()}" · "
            {if f.anonymous { t("survey-anonymous") } else { t("survey-named") }}</p>
        {(!f.intro.is_empty()).then(|| view! { <p><Written text=f.intro.clone()/></p> })}
        {proxy.as_ref().map(|(_, name)| view! { <p class="banner">{t("survey-answering-for")}" "<Written text=name.clone()/></p> })}
        {f.per_household.then(|| view! { <p class="hint">{t("survey-per-household-hint")}</p> })}
        {f.household_answer_by.clone().map(|name| view! { <p class="banner" role="status">{t("survey-household-answered-by")}" "<Written text=name/></p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {if !f.open { view! { <p class="banner">{t("survey-closed")}</p> }.into_any() } else { view! {
            <form method="post" action=action class="stack" enctype=has_photo.then_some("multipart/form-data")>
                {f.questions.iter().map(|q| {
                    // Without script every question is on the page; a branch says when it applies.
                    let condition = q.show_if.as_ref().map(|c| {
                        let on = f.questions.iter().find(|o| o.id == c.question).map(|o| o.label.clone()).unwrap_or_default();
                        crate::i18n::t_with("survey-answer-only-if", [("question", on.into()), ("option", c.option.clone().into())])
                    });
                    let photo = f.photos.iter().find(|(on, _)| *on == q.id).map(|(_, file)| format!("/surveys/{}/photos/{file}", s.id));
                    view! { <QuestionField q=q.clone() answer=f.answers.get(&q.id).cloned() condition photo form=form.clone()/> }
                }).collect_view()}
                {f.by_relative.then(|| view! { <input type="hidden" name="for" value=proxy.as_ref().map(|p| p.0.to_string()).unwrap_or_default()/> })}
                {(proxy.is_some() && !f.by_relative).then(|| {
                    let (e, eid, bad) = error_of(&form, "consent");
                    let described = eid.clone();
                    view! {
                        <fieldset class:invalid=bad aria-describedby=described>
                            <legend>{t("survey-consent-how")}</legend>
                            <div class="checkbox"><input type="radio" id="consent-in_person" name="consent" value="in_person" required=true/>
                                <label for="consent-in_person">{t("survey-consent-in-person")}</label></div>
                            <div class="checkbox"><input type="radio" id="consent-phone" name="consent" value="phone"/>
                                <label for="consent-phone">{t("survey-consent-phone")}</label></div>
                            {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                        </fieldset>
                    }
                })}
                <button type="submit" class="button primary">{t("survey-submit")}</button>
            </form>
        }.into_any() }}
    }
}

/// One question: radio buttons, checkboxes, a text box, a number, a date or a photo (`photo`:
/// the one already given).
#[component]
fn QuestionField(q: Question, answer: Option<Answer>, condition: Option<String>, photo: Option<String>, form: FormState) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, &q.id);
    let described = eid.clone();
    // After a refusal the form shows what was sent; otherwise the stored answer.
    let sent = form.values.get(&q.id).map(|v| v.lines().map(str::to_string).collect::<Vec<_>>());
    let chosen: Vec<String> = sent.unwrap_or_else(|| match &answer {
        Some(Answer::One(v)) => vec![v.clone()],
        Some(Answer::Many(vs)) => vs.clone(),
        None => Vec::new(),
    });
    let label = view! { <Written text=q.label.clone()/>{q.required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}
        {condition.map(|c| view! { <span class="hint">" "<Written text=c/></span> })} };
    let required = q.required;
    if q.kind == Kind::Matrix {
        return view! { <MatrixField q=q.clone() chosen label=label.into_any() form=form.clone()/> }.into_any();
    }
    let input = match q.kind {
        Kind::Single | Kind::Multiple => {
            let kind = if q.kind == Kind::Single { "radio" } else { "checkbox" };
            let items = q.options.iter().enumerate().map(|(i, o)| {
                let id = format!("{}-{i}", q.id);
                let on = chosen.contains(o);
                view! {
                    <div class="checkbox">
                        <input type=kind id=id.clone() name=q.id.clone() value=o.clone() checked=on required=required && kind == "radio"/>
                        <label for=id><Written text=o.clone()/></label>
                    </div>
                }
            }).collect_view();
            return view! {
                <fieldset class="field" class:invalid=bad aria-describedby=described>
                    <legend>{label}</legend>
                    {items}
                    {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                </fieldset>
            }.into_any();
        }
        Kind::Photo => {
            let remove = format!("{}.remove", q.id);
            let hint = format!("{}-hint", q.id);
            let described = format!("{hint} {}", described.clone().unwrap_or_default()).trim().to_string();
            view! {
                {photo.clone().map(|href| view! {
                    <p><a href=href.clone()><img src=format!("{href}/thumb") alt=t("survey-photo-current") width="120" height="120" class="answer-photo"/></a></p>
                    <div class="checkbox"><input type="checkbox" id=remove.clone() name=remove.clone() value="1"/>
                        <label for=remove>{t("survey-photo-remove")}</label></div>
                })}
                <p class="hint" id=hint>{t("survey-photo-hint")}</p>
                <input type="file" id=q.id.clone() name=q.id.clone() accept="image/jpeg,image/png,image/webp"
                    required=required && photo.is_none() aria-describedby=described/>
            }.into_any()
        }
        Kind::LongText => view! { <textarea id=q.id.clone() name=q.id.clone() rows="4" maxlength="2000" required=required aria-describedby=described>{chosen.join("\n")}</textarea> }.into_any(),
        other => {
            let kind = match other { Kind::Number => "number", Kind::Date => "date", _ => "text" };
            view! { <input id=q.id.clone() name=q.id.clone() type=kind step="any" maxlength="100" value=chosen.first().cloned().unwrap_or_default()
                required=required aria-describedby=described/> }.into_any()
        }
    };
    view! {
        <div class="field" class:invalid=bad>
            <label for=q.id.clone()>{label}</label>
            {input}
            {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
        </div>
    }.into_any()
}

/// A matrix: for each row a group of radio buttons (nested fieldsets read well on a phone and
/// to a screen reader); the refusal beside the whole question.
#[component]
fn MatrixField(q: Question, chosen: Vec<String>, label: AnyView, form: FormState) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, &q.id);
    let described = eid.clone();
    // After a refusal the form shows what was sent, row by row.
    let sent = |i: usize| form.values.get(&format!("{}.{i}", q.id)).cloned();
    view! {
        <fieldset class="field matrix" class:invalid=bad aria-describedby=described>
            <legend>{label}</legend>
            {q.rows.iter().enumerate().map(|(i, row)| {
                let name = format!("{}.{i}", q.id);
                let on = sent(i).or_else(|| chosen.get(i).cloned()).unwrap_or_default();
                view! {
                    <fieldset class="matrix-row">
                        <legend><Written text=row.clone()/></legend>
                        {q.options.iter().enumerate().map(|(j, o)| {
                            let id = format!("{}-{i}-{j}", q.id);
                            view! { <div class="checkbox"><input type="radio" id=id.clone() name=name.clone() value=o.clone() checked=on == *o/>
                                <label for=id><Written text=o.clone()/></label></div> }
                        }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
        </fieldset>
    }
}
