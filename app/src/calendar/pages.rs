//! `/admin/calendar`: the year's holidays and make-up working days, and forms to change them.
use super::{calendar_year, CalendarDay};
use crate::components::{set_status, Field, FormBanner};
use crate::forms::{use_form_state, FormState};
use crate::i18n::use_strings;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

pub const FIRST_YEAR: i32 = 2026;

#[component]
pub fn AdminCalendarPage() -> impl IntoView {
    let t = use_strings();
    let form = use_form_state();
    let query = use_query_map();
    let year = Memo::new(move |_| {
        query.get().get("year").and_then(|y| y.parse::<i32>().ok()).filter(|y| (FIRST_YEAR..=2100).contains(y)).unwrap_or(FIRST_YEAR)
    });
    let days = Resource::new(move || year.get(), calendar_year);
    view! {
        <Title text=t.calendar_title/>
        <h1>{t.calendar_title}</h1>
        <p>{t.calendar_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        let y = year.get_untracked();
                        match days.await {
                            Ok(Some(list)) => view! { <YearView year=y list form/> }.into_any(),
                            Ok(None) => {
                                set_status(404);
                                view! { <p class="banner banner-error" role="alert">{t.not_found_body}</p> }.into_any()
                            }
                            Err(_) => view! { <p class="banner banner-error" role="alert">{t.load_failed}</p> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn YearView(year: i32, list: Vec<CalendarDay>, form: FormState) -> impl IntoView {
    let t = use_strings();
    let lang = crate::prefs::use_viewer().lang;
    let weekday = move |n: u8| crate::i18n::weekday(lang, n.into());
    let kind_error = form.error("kind");
    let kind_invalid = kind_error.is_some();
    let workday_chosen = form.value("kind") == "workday";
    view! {
        <nav class="year-nav" aria-label=t.calendar_years>
            {(year > FIRST_YEAR).then(|| view! { <A href=format!("/admin/calendar?year={}", year - 1)>{year - 1}</A> })}
            <span aria-current="page">{year}</span>
            <A href=format!("/admin/calendar?year={}", year + 1)>{year + 1}</A>
        </nav>
        <h2>{t.calendar_days}</h2>
        {if list.is_empty() {
            view! { <p>{t.calendar_none}</p> }.into_any()
        } else {
            view! {
                <ul class="calendar-days">
                    {list.into_iter().map(|d| {
                        let action = format!("/admin/calendar/{}/delete", d.day);
                        let kind = if d.holiday { t.calendar_holiday } else { t.calendar_workday };
                        let english = (lang == crate::prefs::Lang::En).then(|| super::holiday_name_en(&d.name)).flatten();
                        let name_lang = if english.is_some() { None } else { crate::components::written_lang(&d.name) };
                        let name = english.unwrap_or_else(|| d.name.clone());
                        let label = format!("{} {} {}", t.calendar_remove, d.day, name);
                        view! {
                            <li class:holiday=d.holiday>
                                <span class="day">{d.day.clone()}" "{weekday(d.weekday)}</span>
                                <span class="kind">{kind}</span>
                                <span class="name" lang=name_lang>{name}</span>
                                <form method="post" action=action class="inline-form">
                                    <button type="submit" class="button" aria-label=label>{t.calendar_remove}</button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>{t.calendar_add}</h2>
        <FormBanner form=form.clone() message=t.form_has_errors/>
        <form method="post" action="/admin/calendar" class="stack">
            <Field form=form.clone() name="day" label=t.calendar_date kind="date" hint=t.calendar_date_hint maxlength=10/>
            <div class="field" class:invalid=kind_invalid>
                <label for="kind">{t.calendar_kind}</label>
                <select id="kind" name="kind">
                    <option value="holiday" selected=!workday_chosen>{t.calendar_holiday}</option>
                    <option value="workday" selected=workday_chosen>{t.calendar_workday}</option>
                </select>
                {kind_error.map(|e| view! { <p class="error">{e}</p> })}
            </div>
            <Field form=form.clone() name="name" label=t.calendar_name maxlength=20/>
            <button type="submit" class="button primary">{t.calendar_save}</button>
        </form>
    }
}
