//! `/work` (the queue) and `/work/{ref}` (one case with the officer's actions).
use super::load_work_queue;
use crate::applications::pages::{ApplicationList, DetailBody, NotYours, SignInFirst};
use crate::applications::server::load_application;
use crate::applications::view::{ApplicationDetail, OfficerPanel, TemplateView};
use crate::applications::Status;
use crate::components::{tr, FormBanner};
use crate::forms::{use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let overdue = move || query.with(|q| q.get("overdue").is_some_and(|v| v == "1"));
    let data = Resource::new(move || (status(), overdue()), |(s, o)| load_work_queue(s, o));
    let lang = use_viewer().lang;
    view! {
        <Title text=tr("部门工作台", "Department workbench")/>
        <h1>{tr("部门工作台", "Department workbench")}</h1>
        <form method="get" action="/work" class="filters">
            <div class="field">
                <label for="status">{tr("状态", "Status")}</label>
                <select id="status" name="status">
                    <option value="">{tr("全部在办", "All open")}</option>
                    {Status::ALL.iter().map(|s| {
                        let selected = status() == s.as_str();
                        view! { <option value=s.as_str() selected=selected>{s.label(lang)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="overdue" name="overdue" value="1" checked=overdue()/>
                <label for="overdue">{tr("只看已超期", "Overdue only")}</label>
            </div>
            <button type="submit" class="button">{tr("筛选", "Filter")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(q)) => view! {
                        <p class="lead">{q.department.clone()}" · "{tr("在办 ", "Open: ")}{q.open_count}" · "
                            {tr("已超期 ", "Overdue: ")}<strong class:overdue={q.overdue_count > 0}>{q.overdue_count}</strong></p>
                        {if q.items.is_empty() {
                            view! { <p>{tr("没有符合条件的申请。", "No applications match.")}</p> }.into_any()
                        } else {
                            view! { <ApplicationList items=q.items base="/work"/> }.into_any()
                        }}
                    }.into_any(),
                    Ok(None) => if use_viewer().user.is_none() { view! { <SignInFirst/> }.into_any() } else { view! { <NotYours/> }.into_any() },
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn WorkCasePage() -> impl IntoView {
    let params = use_params_map();
    let form = use_form_state();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_application);
    view! {
        <Title text=tr("办件", "Case")/>
        <p><a href="/work">{tr("← 返回工作台", "← Back to the workbench")}</a></p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(d)) if d.officer.is_some() => view! { <CaseBody d form/> }.into_any(),
                            Ok(_) => view! { <NotYours/> }.into_any(),
                            Err(_) => crate::components::load_failed(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn CaseBody(d: ApplicationDetail, form: FormState) -> impl IntoView {
    let panel = d.officer.clone().expect("checked by the page");
    let base = format!("/work/{}", d.ref_no);
    view! {
        <section class="card officer-actions" aria-labelledby="actions">
            <h2 id="actions">{tr("办理操作", "Actions")}</h2>
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            <Actions panel base form/>
        </section>
        <DetailBody d form=FormState::default()/>
    }
}

/// A textarea with its reply templates: a template is used when the box is left empty.
#[component]
fn NoteBox(name: &'static str, label: &'static str, action: &'static str, templates: Vec<TemplateView>, form: FormState,
           #[prop(optional)] required: bool) -> impl IntoView {
    let error = form.error(name);
    let has_error = error.is_some();
    let error_id = format!("{name}-error");
    let template_name = format!("{name}_template");
    let template_id = format!("{name}-template");
    let mine: Vec<(usize, TemplateView)> = templates.into_iter().enumerate().filter(|(_, t)| t.action == action).collect();
    view! {
        <div class="field" class:invalid=has_error>
            <label for=name>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <textarea id=name name=name rows="3" maxlength="2000" aria-invalid=error.as_ref().map(|_| "true")
                aria-describedby=error.as_ref().map(|_| error_id.clone())>{form.value(name)}</textarea>
            {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
        </div>
        {(!mine.is_empty()).then(|| view! {
            <div class="field">
                <label for=template_id.clone()>{tr("或选用回复模板（上面留空时使用）", "Or use a reply template (when the box above is empty)")}</label>
                <select id=template_id name=template_name>
                    <option value="">{tr("不用模板", "No template")}</option>
                    {mine.into_iter().map(|(_, t)| view! { <option value=template_value(&t)>{t.title.clone()}": "{t.body.chars().take(24).collect::<String>()}"…"</option> }).collect_view()}
                </select>
            </div>
        })}
    }
}

fn template_value(t: &TemplateView) -> String {
    t.id.to_string()
}

#[component]
fn Actions(panel: OfficerPanel, base: String, form: FormState) -> impl IntoView {
    let t = panel.templates.clone();
    let items_error = form.error("correct_items");
    let dept_error = form.error("department");
    let result_error = form.error("m_result");
    view! {
        {panel.can_accept.then(|| view! {
            <form method="post" action=format!("{base}/accept") class="inline-form">
                <button type="submit" class="button primary">{tr("受理", "Accept")}</button>
            </form>
        })}
        {panel.can_correct.then(|| view! {
            <details class="action" open=items_error.is_some() || form.error("correct_note").is_some()>
                <summary>{tr("一次性告知补正", "Ask for corrections (once, all at once)")}</summary>
                <form method="post" action=format!("{base}/correct") class="stack">
                    <fieldset class="field" class:invalid=items_error.is_some()>
                        <legend>{tr("需要补正的材料或信息（全部勾选）", "Materials or details to correct (tick all)")}</legend>
                        {panel.correctable.iter().enumerate().map(|(i, c)| {
                            let id = format!("item-{i}");
                            view! { <div class="checkbox"><input type="checkbox" id=id.clone() name="items" value=c.value.clone()/><label for=id>{c.label.clone()}</label></div> }
                        }).collect_view()}
                        {items_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                    </fieldset>
                    <NoteBox name="correct_note" label=tr("补正说明", "What to correct, exactly") action="correct" templates=t.clone() form=form.clone() required=true/>
                    <button type="submit" class="button">{tr("发送补正告知", "Send the request")}</button>
                </form>
            </details>
        })}
        {panel.can_decide.then(|| view! {
            <details class="action" open=form.error("approve_note").is_some() || result_error.is_some()>
                <summary>{tr("办结", "Complete")}</summary>
                <form method="post" action=format!("{base}/approve") enctype="multipart/form-data" class="stack">
                    <NoteBox name="approve_note" label=tr("办结意见", "Result note") action="approve" templates=t.clone() form=form.clone() required=true/>
                    <div class="field" class:invalid=result_error.is_some()>
                        <label for="m_result">{tr("结果文件（可选，PDF 或图片）", "Result document (optional, PDF or image)")}</label>
                        <input type="file" id="m_result" name="m_result" accept="application/pdf,image/jpeg,image/png,image/webp"/>
                        {result_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                    </div>
                    <button type="submit" class="button primary">{tr("办结", "Complete")}</button>
                </form>
            </details>
            <details class="action" open=form.error("reject_note").is_some()>
                <summary>{tr("不予办理", "Refuse")}</summary>
                <form method="post" action=format!("{base}/reject") class="stack">
                    <NoteBox name="reject_note" label=tr("理由和依据", "Reason and basis") action="reject" templates=t.clone() form=form.clone() required=true/>
                    <button type="submit" class="button">{tr("不予办理", "Refuse")}</button>
                </form>
            </details>
        })}
        {(panel.can_transfer && !panel.can_decide).then(|| view! {
            <details class="action" open=form.error("reject_note").is_some()>
                <summary>{tr("不予受理", "Refuse to accept")}</summary>
                <form method="post" action=format!("{base}/reject") class="stack">
                    <NoteBox name="reject_note" label=tr("理由和依据", "Reason and basis") action="reject" templates=t.clone() form=form.clone() required=true/>
                    <button type="submit" class="button">{tr("不予受理", "Refuse")}</button>
                </form>
            </details>
        })}
        {panel.can_transfer.then(|| view! {
            <details class="action" open=dept_error.is_some() || form.error("transfer_note").is_some()>
                <summary>{tr("转办", "Transfer")}</summary>
                <form method="post" action=format!("{base}/transfer") class="stack">
                    <div class="field" class:invalid=dept_error.is_some()>
                        <label for="department">{tr("转交部门", "Receiving department")}</label>
                        <select id="department" name="department">
                            <option value="">{tr("请选择", "Choose")}</option>
                            {panel.departments.iter().zip(panel.department_codes.iter()).map(|(d, code)| view! {
                                <option value=code.clone()>{d.name.clone()}</option>
                            }).collect_view()}
                        </select>
                        {dept_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                    </div>
                    <NoteBox name="transfer_note" label=tr("转办理由", "Reason") action="transfer" templates=t.clone() form=form.clone() required=true/>
                    <button type="submit" class="button">{tr("转办", "Transfer")}</button>
                </form>
            </details>
        })}
        <details class="action" open=form.error("private_note").is_some()>
            <summary>{tr("内部备注（居民不可见）", "Internal note (not shown to the resident)")}</summary>
            <form method="post" action=format!("{base}/note") class="stack">
                <NoteBox name="private_note" label=tr("备注", "Note") action="note" templates=t.clone() form=form.clone() required=true/>
                <button type="submit" class="button">{tr("保存备注", "Save the note")}</button>
            </form>
        </details>
    }
}
