//! The owning unit's desk: `/work/surveys` (its questionnaires and a new draft) and
//! `/work/surveys/{id}` (the question builder while a draft; then coverage per building, the
//! residents not reached with 代答, and the results as a chart, a table per building and CSV).
use super::questions::{Kind, Tally};
use super::*;
use crate::components::{loaded, FormBanner, NotYours, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, text_with, use_strings};
use crate::notices::work_pages::Checks;
use crate::notices::{Choice, GROUPS};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn missing() -> AnyView {
    view! { <NotYours/> }.into_any()
}

#[component]
pub fn WorkSurveysPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_survey_desk());
    view! {
        <Title text=t("survey-desk")/>
        <h1>{t("survey-desk")}</h1>
        {loaded(data, missing, move |d| view! {
            <p class="lead">{d.unit.clone()}</p>
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            <NewSurveyForm d=d.clone() form=form.clone()/>
            <h2>{t("survey-ours")}</h2>
            {if d.surveys.is_empty() { view! { <p>{t("survey-none")}</p> }.into_any() } else { view! {
                <ul class="cards">
                    {d.surveys.into_iter().map(|s| {
                        let status = text_with(crate::prefs::use_viewer().lang, &format!("survey-status-{}", s.status), []);
                        view! {
                            <li class="card">
                                <h2><a href=format!("/work/surveys/{}", s.id)><Written text=s.title.clone()/></a></h2>
                                <p class="meta"><span class=format!("status status-{}", s.status)>{status}</span>" · "{t("survey-closes")}" "{s.closes_on.clone()}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any() }}
        }.into_any())}
    }
}

#[component]
fn NewSurveyForm(d: SurveyDesk, form: FormState) -> impl IntoView {
    let lang = crate::prefs::use_viewer().lang;
    let groups: Vec<Choice> = GROUPS.iter().map(|g| Choice { value: g.to_string(), label: text_with(lang, &format!("group-{g}"), []) }).collect();
    let (te, tid, tbad) = error_of(&form, "title");
    let (ce, cid, cbad) = error_of(&form, "closes_on");
    view! {
        <details class="card" open=!form.is_ok()>
            <summary>{t("survey-new")}</summary>
            <form method="post" action="/work/surveys" class="stack">
                <div class="field" class:invalid=tbad>
                    <label for="title">{t("notice-field-title")}</label>
                    <input id="title" name="title" maxlength="60" required=true value=form.value("title") aria-describedby=tid.clone()/>
                    {te.map(|e| view! { <p class="error" id=tid>{e}</p> })}
                </div>
                <div class="field">
                    <label for="intro">{t("survey-intro")}</label>
                    <textarea id="intro" name="intro" rows="3" maxlength="2000">{form.value("intro")}</textarea>
                </div>
                <div class="field" class:invalid=cbad>
                    <label for="closes_on">{t("survey-closes-on")}</label>
                    <input id="closes_on" name="closes_on" type="date" required=true value=form.value("closes_on") aria-describedby=cid.clone()/>
                    {ce.map(|e| view! { <p class="error" id=cid>{e}</p> })}
                </div>
                <p class="hint">{t("notice-audience-hint")}</p>
                {(d.communities.len() > 1).then(|| view! { <Checks legend=t("notice-communities") name="communities" choices=d.communities.clone()/> })}
                <Checks legend=t("notice-buildings") name="buildings" choices=d.buildings.clone()/>
                <Checks legend=t("notice-groups") name="groups" choices=groups/>
                <div class="checkbox"><input type="checkbox" id="anonymous" name="anonymous" value="1"/><label for="anonymous">{t("survey-make-anonymous")}</label></div>
                <div class="checkbox"><input type="checkbox" id="per_household" name="per_household" value="1"/><label for="per_household">{t("survey-make-per-household")}</label></div>
                <button type="submit" class="button primary">{t("survey-save-draft")}</button>
            </form>
        </details>
    }
}

#[component]
pub fn WorkSurveyPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, load_desk_survey);
    let form = use_form_state();
    view! { {loaded(data, missing, move |d| view! { <DeskBody d form=form.clone()/> }.into_any())} }
}

#[component]
fn DeskBody(d: DeskSurvey, form: FormState) -> impl IntoView {
    let s = d.form.summary.clone();
    let id = s.id;
    let lang = crate::prefs::use_viewer().lang;
    let status = text_with(lang, &format!("survey-status-{}", s.status), []);
    let draft = s.status == "draft";
    view! {
        <Title text=s.title.clone()/>
        <p class="meta"><a href="/work/surveys">{t("survey-desk")}</a>" · "<span class=format!("status status-{}", s.status)>{status}</span>
            " · "{t("survey-closes")}" "{s.closes_on.clone()}</p>
        <h1><Written text=s.title.clone()/></h1>
        <p class="meta">{t("notice-audience")}" "{d.audience.clone()}" · "{if d.form.anonymous { t("survey-anonymous") } else { t("survey-named") }}
            {d.form.per_household.then(|| view! { " · "{t("survey-per-household")} })}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <h2>{t("survey-questions")}</h2>
        <ol class="stack">
            {d.form.questions.iter().map(|q| {
                let kind = text_with(lang, &format!("survey-kind-{}", q.kind.as_str()), []);
                let delete = format!("/work/surveys/{id}/questions/{}/delete", q.id);
                view! {
                    <li>
                        <Written text=q.label.clone()/>" ("{kind}{q.required.then(|| t("survey-required-mark"))}")"
                        {(!q.options.is_empty()).then(|| view! { <span class="meta">" · "<Written text=q.options.join(" / ")/></span> })}
                        {(!q.rows.is_empty()).then(|| view! { <span class="meta">" · "<Written text=q.rows.join(" / ")/></span> })}
                        {q.show_if.as_ref().map(|c| view! { <span class="meta">" · "{t("survey-only-if")}" "<Written text=c.option.clone()/></span> })}
                        {draft.then(|| view! { <form method="post" action=delete class="inline"><button type="submit" class="link-button">{t("survey-delete-question")}</button></form> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        {draft.then(|| view! { <QuestionBuilder id questions=d.form.questions.clone() form=form.clone()/> })}
        {d.actions.iter().map(|a| {
            let label = text_with(lang, &format!("survey-action-{a}"), []);
            view! { <form method="post" action=format!("/work/surveys/{id}/{a}")><button type="submit" class="button primary">{label}</button></form> }
        }).collect_view()}
        {(!draft).then(|| view! { <Results d=d.clone()/> })}
    }
}

#[component]
fn QuestionBuilder(id: i64, questions: Vec<super::questions::Question>, form: FormState) -> impl IntoView {
    let lang = crate::prefs::use_viewer().lang;
    let (se, sid, sbad) = error_of(&form, "show_if_option");
    let choices: Vec<_> = questions.into_iter().filter(|q| q.kind.can_branch_on()).collect();
    let (re, rid, rbad) = error_of(&form, "rows");
    let (le, lid, lbad) = error_of(&form, "label");
    let (oe, oid, obad) = error_of(&form, "options");
    view! {
        <form method="post" action=format!("/work/surveys/{id}/questions") class="stack card">
            <h3>{t("survey-add-question")}</h3>
            <div class="field">
                <label for="kind">{t("survey-kind")}</label>
                <select id="kind" name="kind">
                    {Kind::ALL.iter().map(|k| view! { <option value=k.as_str()>{text_with(lang, &format!("survey-kind-{}", k.as_str()), [])}</option> }).collect_view()}
                </select>
            </div>
            <div class="field" class:invalid=lbad>
                <label for="label">{t("survey-question-text")}</label>
                <input id="label" name="label" maxlength="100" required=true value=form.value("label") aria-describedby=lid.clone()/>
                {le.map(|e| view! { <p class="error" id=lid>{e}</p> })}
            </div>
            <div class="field" class:invalid=obad>
                <label for="options">{t("survey-options")}</label>
                <p class="hint" id="options-hint">{t("survey-options-hint")}</p>
                <textarea id="options" name="options" rows="4" aria-describedby=if obad { "options-hint options-error" } else { "options-hint" }>{form.value("options")}</textarea>
                {oe.map(|e| view! { <p class="error" id=oid>{e}</p> })}
            </div>
            <div class="field" class:invalid=rbad>
                <label for="rows">{t("survey-rows")}</label>
                <p class="hint" id="rows-hint">{t("survey-rows-hint")}</p>
                <textarea id="rows" name="rows" rows="3" aria-describedby=if rbad { "rows-hint rows-error" } else { "rows-hint" }>{form.value("rows")}</textarea>
                {re.map(|e| view! { <p class="error" id=rid>{e}</p> })}
            </div>
            <div class="checkbox"><input type="checkbox" id="required" name="required" value="1"/><label for="required">{t("survey-must-answer")}</label></div>
            {(!choices.is_empty()).then(|| view! {
                <div class="field">
                    <label for="show_if">{t("survey-show-if")}</label>
                    <select id="show_if" name="show_if">
                        <option value="">{t("survey-show-always")}</option>
                        {choices.iter().map(|q| view! { <option value=q.id.clone()><Written text=q.label.clone()/></option> }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=sbad>
                    <label for="show_if_option">{t("survey-show-if-option-label")}</label>
                    <input id="show_if_option" name="show_if_option" maxlength="60" value=form.value("show_if_option") aria-describedby=sid.clone()/>
                    {se.map(|e| view! { <p class="error" id=sid>{e}</p> })}
                </div>
            })}
            <button type="submit" class="button">{t("survey-add-question")}</button>
        </form>
    }
}

#[component]
fn Results(d: DeskSurvey) -> impl IntoView {
    let id = d.form.summary.id;
    let reminded = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("reminded"));
    let lang = crate::prefs::use_viewer().lang;
    view! {
        <section>
            <h2>{t("survey-coverage")}</h2>
            <table class="outbox">
                <thead><tr><th scope="col">{t("notice-building")}</th><th scope="col">{t("survey-addressed")}</th><th scope="col">{t("survey-answered-count")}</th>
                    <th scope="col">{t("survey-households-answered")}</th></tr></thead>
                <tbody>{d.coverage.into_iter().map(|c| view! { <tr><td><Written text=c.building/></td><td>{c.addressed}</td><td>{c.answered}</td>
                    <td>{format!("{} / {}", c.households_answered, c.households)}</td></tr> }).collect_view()}</tbody>
            </table>
            <p>{d.origins.into_iter().map(|(o, n)| format!("{} {n}", text_with(lang, &format!("survey-origin-{o}"), []))).collect::<Vec<_>>().join(" · ")}</p>
            <h3>{t("survey-unanswered")}</h3>
            {reminded.map(|n| view! { <p class="banner" role="status">{crate::i18n::t_with("notice-reminded", [("n", n.parse::<i64>().unwrap_or(0).into())])}</p> })}
            {if d.unanswered.is_empty() { view! { <p>{t("notice-all-reached")}</p> }.into_any() } else { view! {
                {d.form.open.then(|| view! {
                    <form method="post" action=format!("/work/surveys/{id}/remind")><button type="submit" class="button">{t("notice-remind")}</button></form>
                })}
                <ul class="cards">
                    {d.unanswered.into_iter().map(|r| view! {
                        <li class="card"><p><Written text=r.name.clone()/>" · "<Written text=r.building.clone()/></p>
                            <a class="button" href=format!("/work/surveys/{id}/residents/{}", r.id)>{t("survey-answer-for")}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any() }}
            <h2>{t("survey-results")}</h2>
            <p class="hint">{t("survey-small-cells")}" "<a href=format!("/work/surveys/{id}/results.csv") rel="external" download="">{t("survey-csv")}</a></p>
            {(!d.form.anonymous).then(|| view! {
                <p class="hint">{t("survey-answers-csv-hint")}" "
                    <a href=format!("/work/surveys/{id}/answers.csv") rel="external" download="">{t("survey-answers-csv")}</a></p>
            })}
            {d.photo_counts.into_iter().map(|(label, n)| view! {
                <p><Written text=label/>" · "{crate::i18n::t_with("survey-photos-given", [("n", n.into())])}</p>
            }).collect_view()}
            {d.tallies.into_iter().map(|tally| {
                let by_group = d.group_tallies.iter().find(|g| g.question == tally.question).cloned();
                view! { <TallyChart tally/>{by_group.filter(|g| !g.by_group.is_empty()).map(|g| view! { <GroupTable tally=g/> })} }
            }).collect_view()}
        </section>
    }
}

const BAR_MAX: f64 = 200.0;

/// One choice question: a bar chart (SVG, drawn on the server) and the same numbers as a table,
/// per building too. Withheld cells show as "<5" and draw no bar.
#[component]
fn TallyChart(tally: Tally) -> impl IntoView {
    let most = tally.options.iter().filter_map(|(_, c)| c.count).max().unwrap_or(0).max(1) as f64;
    let height = 10 + tally.options.len() * 34;
    let shown = |c: Option<i64>| c.map(|n| n.to_string()).unwrap_or_else(|| format!("<{}", super::questions::MIN_CELL));
    let heading = tally.label.clone();
    view! {
        <h3><Written text=heading.clone()/></h3>
        <svg class="chart" role="img" aria-label=heading.clone() lang=crate::components::written_lang(&heading) width="100%" height=height.to_string() viewBox=format!("0 0 420 {height}")>
            {tally.options.iter().enumerate().map(|(i, (o, c))| {
                let y = 10 + i * 34;
                let w = c.count.map(|n| (n as f64 / most * BAR_MAX).max(1.0)).unwrap_or(0.0);
                view! {
                    <text x="0" y=(y + 16).to_string() font-size="14" lang=crate::components::written_lang(o)>{o.clone()}</text>
                    <rect x="150" y=y.to_string() width=format!("{w:.1}") height="22" fill="#1f5fa8"/>
                    <text x=format!("{:.1}", 156.0 + w) y=(y + 16).to_string() font-size="14">{shown(c.count)}</text>
                }
            }).collect_view()}
        </svg>
        <table class="outbox">
            <thead><tr><th scope="col">{crate::i18n::t("notice-building")}</th>
                {tally.options.iter().map(|(o, _)| view! { <th scope="col"><Written text=o.clone()/></th> }).collect_view()}</tr></thead>
            <tbody>
                <tr><th scope="row">{crate::i18n::t("survey-all")}</th>{tally.options.iter().map(|(_, c)| view! { <td>{shown(c.count)}</td> }).collect_view()}</tr>
                {tally.by_group.iter().map(|(g, cells)| view! {
                    <tr><th scope="row"><Written text=g.clone()/></th>{cells.iter().map(|c| view! { <td>{shown(c.count)}</td> }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// One choice question by population group (cells under five withheld, as everywhere).
#[component]
fn GroupTable(tally: Tally) -> impl IntoView {
    let shown = |c: Option<i64>| c.map(|n| n.to_string()).unwrap_or_else(|| format!("<{}", super::questions::MIN_CELL));
    view! {
        <table class="outbox">
            <caption>{crate::i18n::t("survey-by-group")}</caption>
            <thead><tr><th scope="col">{crate::i18n::t("survey-group")}</th>
                {tally.options.iter().map(|(o, _)| view! { <th scope="col"><Written text=o.clone()/></th> }).collect_view()}</tr></thead>
            <tbody>
                {tally.by_group.iter().map(|(g, cells)| view! {
                    <tr><th scope="row">{g.clone()}</th>{cells.iter().map(|c| view! { <td>{shown(c.count)}</td> }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
