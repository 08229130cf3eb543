//! Resident pages: the application form, "my applications", one application with its
//! timeline, and the materials wallet. Plain forms throughout; WASM only adds the upload bar.
use crate::i18n::t;
use super::server::{load_application, load_apply_form, load_my_applications, load_wallet};
use super::view::*;
use crate::components::{set_status, written_lang, FormBanner, Written};
use crate::forms::{use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Shown when a page needs a signed-in person.
#[component]
pub fn SignInFirst() -> impl IntoView {
    // The same answer whatever was asked for: it reveals nothing about what exists.
    set_status(401);
    view! {
        <p class="banner">{t("applications-please-sign-in-to-apply-or")}</p>
        <p><a class="button primary" href="/login" rel="external">{t("applications-sign-in")}</a></p>
    }
}

#[component]
pub fn NotYours() -> impl IntoView {
    set_status(404);
    let t = use_strings();
    view! {
        <h1>{t.not_found_title}</h1>
        <p>{t.not_found_body}</p>
    }
}

fn query_id(name: &'static str) -> impl Fn() -> Option<i64> + Copy + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get(name).and_then(|v| v.parse().ok()))
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let params = use_params_map();
    let for_id = query_id("for");
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(
        move || (params.with(|p| p.get("code").unwrap_or_default()), for_id()),
        |(code, for_id)| load_apply_form(code, for_id),
    );
    view! {
        <Title text=t("applications-apply-online")/>
        {if !signed_in {
            view! { <h1>{t("applications-apply-online")}</h1><SignInFirst/> }.into_any()
        } else {
            view! {
                <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                    {
                        let form = form.clone();
                        move || {
                            let form = form.clone();
                            Suspend::new(async move {
                                match data.await {
                                    Ok(Some(v)) => view! { <ApplyBody v form/> }.into_any(),
                                    Ok(None) => view! { <NotYours/> }.into_any(),
                                    Err(_) => crate::components::load_failed(),
                                }
                            })
                        }
                    }
                </Suspense>
            }.into_any()
        }}
    }
}

#[component]
fn ApplyBody(v: ApplyView, form: FormState) -> impl IntoView {
    let action = format!("/services/{}/apply", v.service_code);
    let chooser_action = action.clone();
    let is_staff = v.acting_as == "staff";
    let someone_chosen = v.applicant.id != 0;
    let acting_for_other = v.acting_as != "self";
    let applicant_id = v.applicant.id.to_string();
    let consent = form.value("consent");
    let consent_error = form.error("consent");
    let show_chooser = is_staff || v.choices.len() > 1;
    view! {
        <h1>{t("applications-apply-online-2")}{v.service_name.clone()}</h1>
        <p class="lead">
            {t("applications-handled-by")}{v.department.clone()}" · "
            {t("applications-promised-time")}{v.time_limit_days}{t("applications-working-days-if-submitted-today-by")}{v.promised_by.clone()}
        </p>
        {show_chooser.then(|| view! {
            <form method="get" action=chooser_action class="stack chooser">
                <div class="field">
                    <label for="for">{t("applications-applying-for")}</label>
                    <select id="for" name="for">
                        {is_staff.then(|| view! { <option value="">{t("applications-choose-a-resident")}</option> })}
                        {v.choices.iter().map(|c| view! {
                            <option value=c.id.to_string() selected=c.id == v.applicant.id lang=written_lang(&c.name)>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t("applications-switch")}</button>
            </form>
        })}
        {someone_chosen.then(|| view! {
            <section class="card" aria-labelledby="who">
                <h2 id="who">{t("applications-applicant-filled-in-from-the-account")}</h2>
                <dl class="facts pairs">
                    <dt>{t("applications-name")}</dt><dd lang=written_lang(&v.applicant.name)>{v.applicant.name.clone()}</dd>
                    <dt>{t("applications-id-number")}</dt><dd lang=written_lang(&v.applicant.id_masked)>{v.applicant.id_masked.clone()}</dd>
                    <dt>{t("applications-phone")}</dt><dd lang=written_lang(&v.applicant.phone_masked)>{v.applicant.phone_masked.clone()}</dd>
                    <dt>{t("applications-address")}</dt><dd lang=written_lang(&v.applicant.address)>{v.applicant.address.clone()}</dd>
                </dl>
                {acting_for_other.then(|| view! {
                    <p class="hint">{if is_staff { t("applications-you-are-filing-as-community-staff") }
                        else { t("applications-you-are-filing-for-a-relative") }}</p>
                })}
            </section>
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            <form method="post" action=action enctype="multipart/form-data" class="stack" data-upload="true">
                {acting_for_other.then(|| view! { <input type="hidden" name="for" value=applicant_id.clone()/> })}
                {v.fields.iter().map(|f| view! { <FormFieldInput f=f.clone() form=form.clone()/> }).collect_view()}
                {v.slots.iter().map(|s| view! { <MaterialInput material=s.clone() form=form.clone()/> }).collect_view()}
                <div class="field checkbox">
                    <input type="checkbox" id="keep" name="keep" value="1"/>
                    <label for="keep">{t("applications-keep-these-materials-in-my-wallet")}</label>
                </div>
                {is_staff.then(|| view! {
                    <fieldset class="field" class:invalid=consent_error.is_some()>
                        <legend>{t("applications-how-the-resident-agreed")}<span class="req" aria-hidden="true">" *"</span></legend>
                        <div class="checkbox"><input type="radio" id="consent-in-person" name="consent" value="in_person" checked=consent == "in_person"/>
                            <label for="consent-in-person">{t("applications-in-person-at-the-service-centre")}</label></div>
                        <div class="checkbox"><input type="radio" id="consent-phone" name="consent" value="phone" checked=consent == "phone"/>
                            <label for="consent-phone">{t("applications-by-phone")}</label></div>
                        <div class="checkbox"><input type="checkbox" id="consent-confirmed" name="consent_confirmed" value="1"/>
                            <label for="consent-confirmed">{t("applications-i-confirm-the-resident-agreed-that")}</label></div>
                        {consent_error.clone().map(|e| view! { <p class="error" id="consent-error">{e}</p> })}
                    </fieldset>
                })}
                <UploadProgress/>
                <button type="submit" class="button primary">{t("applications-submit-application")}</button>
            </form>
        })}
    }
}

/// One catalogue-defined field.
#[component]
pub fn FormFieldInput(f: FieldView, form: FormState) -> impl IntoView {
    let name = format!("f_{}", f.key);
    let error = form.error(&name);
    let has_error = error.is_some();
    let value = form.value(&name);
    let error_id = format!("{name}-error");
    let described = error.as_ref().map(|_| error_id.clone());
    let invalid = error.as_ref().map(|_| "true");
    let input = match f.kind.as_str() {
        "textarea" => view! {
            <textarea id=name.clone() name=name.clone() rows="4" maxlength="1000" required=f.required aria-invalid=invalid aria-describedby=described.clone()>{value.clone()}</textarea>
        }.into_any(),
        "select" => view! {
            <select id=name.clone() name=name.clone() required=f.required aria-invalid=invalid aria-describedby=described.clone()>
                <option value="">{t("applications-choose")}</option>
                {f.options.iter().zip(&f.option_labels).map(|(o, label)| view! { <option value=o.clone() selected=*o == value>{label.clone()}</option> }).collect_view()}
            </select>
        }.into_any(),
        kind => {
            let (kind, mode) = match kind { "number" => ("text", Some("numeric")), "date" => ("date", None), _ => ("text", None) };
            view! {
                <input id=name.clone() name=name.clone() type=kind inputmode=mode value=value.clone() maxlength="100" required=f.required
                    aria-invalid=invalid aria-describedby=described.clone()/>
            }.into_any()
        }
    };
    view! {
        <div class="field" class:invalid=has_error>
            <label for=name.clone()>{f.label.clone()}{f.required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {input}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}

/// An upload slot: files from the wallet to reuse, and new files.
#[component]
pub fn MaterialInput(material: SlotView, form: FormState) -> impl IntoView {
    let name = format!("m_{}", material.kind);
    let wallet_name = format!("w_{}", material.kind);
    let error = form.error(&name);
    let has_error = error.is_some();
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described = match &error { Some(_) => format!("{error_id} {hint_id}"), None => hint_id.clone() };
    view! {
        <fieldset class="field material" class:invalid=has_error>
            <legend>{material.label.clone()}{material.required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</legend>
            {(!material.wallet.is_empty()).then(|| view! {
                <p class="hint">{t("applications-reuse-from-your-wallet")}</p>
                <ul class="wallet-choices">
                    {material.wallet.iter().map(|w| {
                        let id = format!("{wallet_name}-{}", w.id);
                        view! {
                            <li class="checkbox">
                                <input type="checkbox" id=id.clone() name=wallet_name.clone() value=w.id.to_string()/>
                                <label for=id>
                                    {w.has_thumb.then(|| view! { <img src=format!("/files/{}/thumb", w.id) alt="" width="48" height="48"/> })}
                                    {w.name.clone()}" · "{w.added.clone()}
                                </label>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <label for=name.clone() class="file-label">{t("applications-take-a-photo-or-choose-files")}</label>
            <p class="hint" id=hint_id>{t("applications-jpeg-png-webp-or-pdf-up")}</p>
            <input type="file" id=name.clone() name=name.clone() multiple=true accept="image/jpeg,image/png,image/webp,application/pdf"
                aria-invalid=error.as_ref().map(|_| "true") aria-describedby=described/>
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </fieldset>
    }
}

/// A progress bar while files upload. Without JavaScript the browser's own indicator is used;
/// with it, the form is sent by XHR so the bar can follow the bytes.
#[component]
pub fn UploadProgress() -> impl IntoView {
    view! { <UploadProgressBar label=t("applications-uploading-please-keep-this-page-open").to_string()/> }
}

/// An island: sends its form by XHR with a progress bar (the label comes from the server).
#[island]
fn UploadProgressBar(label: String) -> impl IntoView {
    let wrapper: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(div) = wrapper.get() {
            upload_enhance::attach(div);
        }
    });
    view! {
        <div class="upload-progress" hidden=true node_ref=wrapper>
            <label for="upload-progress">{label}</label>
            <progress id="upload-progress" max="100" value="0"></progress>
        </div>
    }
}

mod upload_enhance {
    use leptos::prelude::window;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{Event, FormData, HtmlDivElement, HtmlFormElement, HtmlProgressElement, ProgressEvent, XmlHttpRequest};

    /// Sends the enclosing form by XHR with upload progress. On success the browser goes where
    /// the server redirected (the receipt); on a refusal it falls back to a plain submission, so
    /// the server's page with its messages is shown exactly as without JavaScript.
    pub fn attach(div: HtmlDivElement) {
        let Some(form) = div.closest("form").ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok()) else { return };
        let target = form.clone();
        let on_submit = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            let (Ok(data), Ok(xhr)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else { return };
            if xhr.open("POST", &form.action()).is_err() {
                return;
            }
            ev.prevent_default();
            div.set_hidden(false);
            let _ = form.set_attribute("aria-busy", "true");
            if let Some(button) = form.query_selector("button[type=submit]").ok().flatten() {
                let _ = button.set_attribute("disabled", "");
            }
            let bar = div.query_selector("progress").ok().flatten().and_then(|p| p.dyn_into::<HtmlProgressElement>().ok());
            if let (Ok(upload), Some(bar)) = (xhr.upload(), bar) {
                let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                    if e.length_computable() && e.total() > 0.0 {
                        bar.set_value((e.loaded() / e.total() * 100.0).floor());
                    }
                });
                upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
                on_progress.forget();
            }
            let (done_xhr, fallback_form) = (xhr.clone(), form.clone());
            let on_done = Closure::<dyn FnMut()>::new(move || {
                let ok = done_xhr.status().map(|s| (200..400).contains(&s)).unwrap_or(false);
                let url = done_xhr.response_url();
                if ok && !url.is_empty() {
                    let _ = window().location().assign(&url);
                } else {
                    let _ = fallback_form.submit();
                }
            });
            xhr.set_onload(Some(on_done.as_ref().unchecked_ref()));
            xhr.set_onerror(Some(on_done.as_ref().unchecked_ref()));
            on_done.forget();
            if xhr.send_with_opt_form_data(Some(&data)).is_err() {
                let _ = form.submit();
            }
        });
        let _ = target.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
        // Marks the form as sent by XHR (the browser tests check the island came to life).
        let _ = target.set_attribute("data-upload-progress", "on");
    }
}

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let for_id = query_id("for");
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(for_id, load_my_applications);
    view! {
        <Title text=t("applications-my-applications")/>
        <h1>{t("applications-my-applications")}</h1>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(m)) => view! { <MyList m/> }.into_any(),
                        Ok(None) => view! { <NotYours/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}

#[component]
fn MyList(m: MyApplications) -> impl IntoView {
    let me = m.choices.first().map(|c| c.id);
    view! {
        {(m.choices.len() > 1).then(|| view! {
            <nav class="person-switch" aria-label=t("applications-switch-person")>
                <ul>
                    {m.choices.iter().map(|c| {
                        let href = if Some(c.id) == me { "/me/applications".to_string() } else { format!("/me/applications?for={}", c.id) };
                        let current = (c.id == m.person.id).then_some("page");
                        view! { <li><a href=href aria-current=current lang=written_lang(&c.name)>{c.name.clone()}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        })}
        {if m.items.is_empty() {
            view! { <p>{t("applications-no-applications-yet-find-a-service")}</p>
                    <p><A href="/services">{t("applications-go-to-the-service-guide")}</A></p> }.into_any()
        } else {
            view! { <ApplicationList items=m.items/> }.into_any()
        }}
    }
}

#[component]
pub fn ApplicationList(items: Vec<ApplicationSummary>, #[prop(default = "/me/applications")] base: &'static str) -> impl IntoView {
    view! {
        <ul class="cards applications">
            {items.into_iter().map(|a| view! {
                <li class="card">
                    <h2><a href=format!("{base}/{}", a.ref_no)>{a.service_name.clone()}</a></h2>
                    <p class="meta">{t("applications-ref")}{a.ref_no.clone()}" · "<Written text=a.applicant_name.clone()/></p>
                    <p><span class=format!("status status-{}", a.status)>{a.status_label.clone()}</span>
                       " "{t("applications-due")}{a.deadline.clone()}
                       {a.overdue.then(|| view! { " " <strong class="overdue">{t("applications-overdue")}</strong> })}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_application);
    view! {
        <Title text=t("applications-application")/>
        {if !signed_in { view! { <h1>{t("applications-application")}</h1><SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {
                    let form = form.clone();
                    move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok(Some(d)) => view! { <DetailBody d form/> }.into_any(),
                                Ok(None) => view! { <NotYours/> }.into_any(),
                                Err(_) => crate::components::load_failed(),
                            }
                        })
                    }
                }
            </Suspense>
        }.into_any() }}
    }
}

#[component]
pub fn DetailBody(d: ApplicationDetail, form: FormState) -> impl IntoView {
    let base = format!("/me/applications/{}", d.ref_no);
    let needs_correction = !d.correction_slots.is_empty() || !d.correction_fields.is_empty();
    view! {
        <h1>{d.service_name.clone()}</h1>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <p><span class=format!("status status-{}", d.status)>{d.status_label.clone()}</span>
           {d.overdue.then(|| view! { " " <strong class="overdue">{t("applications-overdue")}</strong> })}</p>
        <dl class="facts pairs">
            <dt>{t("applications-reference")}</dt><dd lang=written_lang(&d.ref_no)>{d.ref_no.clone()}</dd>
            <dt>{t("applications-applicant")}</dt><dd><Written text=d.applicant.name.clone()/>" ("{d.applicant.id_masked.clone()}")"</dd>
            <dt>{t("applications-filed")}</dt><dd>{d.filed_as.clone()}{(!d.consent_note.is_empty()).then(|| format!(" · {}", d.consent_note))}</dd>
            <dt>{t("applications-department")}</dt><dd lang=written_lang(&d.department)>{d.department.clone()}</dd>
            <dt>{t("applications-submitted")}</dt><dd lang=written_lang(&d.submitted)>{d.submitted.clone()}</dd>
            <dt>{t("applications-deadline")}</dt>
            <dd>{d.deadline.clone()}{d.paused.then(|| t("applications-paused-until-the-corrections-arrive-then"))}</dd>
        </dl>
        <p><a href=d.receipt_url.clone()>{t("applications-view-and-print-the-receipt")}</a></p>
        {(d.viewer == "applicant" && (d.status == "approved" || d.status == "rejected")).then(|| view! {
            <p><a class="button" href=format!("/rate/application/{}", d.ref_no)>{t("applications-rate-this")}</a></p>
        })}
        {d.undo_until.clone().map(|until| view! {
            <form method="post" action=format!("{base}/undo") class="inline-form">
                <button type="submit" class="button">{t("applications-undo-this-submission")}</button>
                <span class="hint">{t("applications-possible-until")}{until}</span>
            </form>
        })}
        {(d.can_withdraw && d.undo_until.is_none()).then(|| view! {
            <form method="post" action=format!("{base}/withdraw") class="inline-form">
                <button type="submit" class="button">{t("applications-withdraw-application")}</button>
            </form>
        })}
        {(!d.correction_note.is_empty() || !d.correction_items.is_empty()).then(|| view! {
            <section class="card correction" aria-labelledby="corr">
                <h2 id="corr">{t("applications-corrections-requested-all-at-once")}</h2>
                <p lang=written_lang(&d.correction_note)>{d.correction_note.clone()}</p>
                <ul>{d.correction_items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
                <p class="hint">{t("applications-supply-only-the-items-above-no")}</p>
                {needs_correction.then(|| view! {
                    <form method="post" action=format!("{base}/supplement") enctype="multipart/form-data" class="stack" data-upload="true">
                        {d.correction_fields.iter().map(|f| view! { <FormFieldInput f=f.clone() form=form.clone()/> }).collect_view()}
                        {d.correction_slots.iter().map(|s| view! { <MaterialInput material=s.clone() form=form.clone()/> }).collect_view()}
                        <div class="field checkbox">
                            <input type="checkbox" id="keep" name="keep" value="1"/>
                            <label for="keep">{t("applications-keep-the-new-materials-in-my")}</label>
                        </div>
                        <UploadProgress/>
                        <button type="submit" class="button primary">{t("applications-submit-corrections")}</button>
                    </form>
                })}
            </section>
        })}
        {d.result.clone().map(|r| view! {
            <section class="card result" aria-labelledby="res">
                <h2 id="res">{t("applications-result")}</h2>
                <p lang=written_lang(&d.result_note)>{d.result_note.clone()}</p>
                <p><a class="button" href=format!("/files/{}", r.id) rel="external" download=r.name.clone()>{t("applications-download-the-result")}{r.name.clone()}</a></p>
            </section>
        })}
        {(d.result.is_none() && !d.result_note.is_empty()).then(|| view! {
            <section class="card result"><h2>{t("applications-decision")}</h2><p lang=written_lang(&d.result_note)>{d.result_note.clone()}</p></section>
        })}
        {(!d.fields.is_empty()).then(|| view! {
            <h2>{t("applications-details-given")}</h2>
            <dl class="facts pairs">{d.fields.iter().map(|f| view! { <dt>{f.label.clone()}</dt><dd lang=written_lang(&f.value)>{f.value.clone()}</dd> }).collect_view()}</dl>
        })}
        {(!d.materials.is_empty()).then(|| view! {
            <h2>{t("applications-materials")}</h2>
            <ul class="materials">
                {d.materials.iter().map(|m| view! {
                    <li>
                        {m.has_thumb.then(|| view! { <img src=format!("/files/{}/thumb", m.id) alt="" width="64" height="64"/> })}
                        <a href=format!("/files/{}", m.id) rel="external">{m.slot_label.clone()}": "{m.name.clone()}</a>
                        <span class="meta">" "{m.size_kb}" KB · "{m.added.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <h2>{t("applications-timeline")}</h2>
        <ol class="timeline">
            {d.timeline.iter().map(|e| view! {
                <li class:private=e.private>
                    <span class="when">{e.at.clone()}</span>" "
                    <strong>{e.label.clone()}</strong>" · "{e.department.clone()}" · "{e.actor.clone()}
                    {e.private.then(|| view! { " " <em>{t("applications-department-only")}</em> })}
                    {(!e.note.is_empty()).then(|| view! { <p class="note" lang=written_lang(&e.note)>{e.note.clone()}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn WalletPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(|| (), |_| load_wallet());
    view! {
        <Title text=t("applications-materials-wallet")/>
        <h1>{t("applications-my-materials-wallet")}</h1>
        <p>{t("applications-materials-you-chose-to-keep-offered")}</p>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(list)) if list.is_empty() => view! { <p>{t("applications-your-wallet-is-empty")}</p> }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="materials">
                                {list.into_iter().map(|w| view! {
                                    <li>
                                        {w.has_thumb.then(|| view! { <img src=format!("/files/{}/thumb", w.id) alt="" width="64" height="64"/> })}
                                        <a href=format!("/files/{}", w.id) rel="external">{w.kind_label.clone()}": "{w.name.clone()}</a>
                                        <span class="meta">" "{w.added.clone()}</span>
                                        <form method="post" action=format!("/me/wallet/{}/delete", w.id) class="inline-form">
                                            <button type="submit" class="button" aria-label=format!("{} {}", t("applications-delete"), w.name)>{t("applications-delete")}</button>
                                        </form>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Ok(None) => view! { <SignInFirst/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}
