//! `/services/{code}/apply`: the application form built from the catalogue's form spec, with
//! the materials wallet and 代办 (applying for someone). A plain multipart form; with JavaScript
//! the upload shows its progress.
use super::pages::{query_id, query_text};
use super::server::load_apply_form;
use super::view::*;
use crate::components::{written_lang, FormBanner, NotYours, SignInFirst, UploadProgress};
use crate::accounts::identity_pages::LevelGate;
use crate::forms::{use_form_state, FormState};
use crate::i18n::t;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let params = use_params_map();
    let for_id = query_id("for");
    let who = query_text("who");
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(
        move || (params.with(|p| p.get("code").unwrap_or_default()), for_id(), who()),
        |(code, for_id, who)| load_apply_form(code, for_id, who),
    );
    view! {
        <Title text=t("applications-apply-online")/>
        {if !signed_in {
            view! { <h1>{t("applications-apply-online")}</h1><SignInFirst purpose="gate-sign-in-to-apply"/> }.into_any()
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
    let chooser_action = format!("/services/{}/apply", v.service_code);
    // Posted with whom it is for in the address too, so a refused form is drawn again for them,
    // each message beside its field.
    let action = if v.acting_as != "self" && v.applicant.id != 0 { format!("{chooser_action}?for={}", v.applicant.id) } else { chooser_action.clone() };
    let is_staff = v.acting_as == "staff";
    let someone_chosen = v.applicant.id != 0;
    let acting_for_other = v.acting_as != "self";
    let applicant_id = v.applicant.id.to_string();
    let show_chooser = is_staff || v.choices.len() > 1;
    let at_kiosk = crate::prefs::use_viewer().kiosk.is_some();
    let chooser_action_back = chooser_action.clone();
    view! {
        <h1>{t("applications-apply-online-2")}{v.service_name.clone()}</h1>
        <p class="lead">
            {t("applications-handled-by")}{v.department.clone()}" · "
            {t("applications-promised-time")}{v.time_limit_days}{t("applications-working-days-if-submitted-today-by")}{v.promised_by.clone()}
        </p>
        {show_chooser.then(|| view! { <PersonChooser action=chooser_action is_staff choices=v.choices.clone() chosen=v.applicant.id who=v.who.clone()/> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {v.gate.clone().map(|gate| view! { <LevelGate gate/> })}
        {(someone_chosen && v.gate.is_none()).then(|| view! {
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
            // At a terminal a document is easier to photograph with one's own phone.
            {(at_kiosk && !acting_for_other && !v.slots.is_empty()).then(|| view! {
                <crate::kiosk::photo::PhonePhotoButtons slots=v.slots.clone() back=chooser_action_back.clone()/>
            })}
            <form method="post" action=action enctype="multipart/form-data" class="stack" data-upload="true">
                {acting_for_other.then(|| view! { <input type="hidden" name="for" value=applicant_id.clone()/> })}
                {v.fields.iter().map(|f| view! { <FormFieldInput f=f.clone() form=form.clone()/> }).collect_view()}
                {v.slots.iter().map(|s| view! { <MaterialInput material=s.clone() form=form.clone()/> }).collect_view()}
                <div class="field checkbox">
                    <input type="checkbox" id="keep" name="keep" value="1"/>
                    <label for="keep">{t("applications-keep-these-materials-in-my-wallet")}</label>
                </div>
                {is_staff.then(|| view! { <crate::components::StaffConsent form=form.clone()/> })}
                <UploadProgress/>
                <button type="submit" class="button primary">{t("applications-submit-application")}</button>
            </form>
        })}
    }
}

/// Whom the form is for: the viewer's principals (family), or a resident of the community (staff).
#[component]
pub fn PersonChooser(
    action: String,
    is_staff: bool,
    choices: Vec<PersonChoice>,
    chosen: i64,
    who: String,
    /// Query values the page needs kept (a GET form drops its action's own query).
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let none_found = is_staff && !who.is_empty() && choices.iter().all(|c| c.id == chosen);
    view! {
        <form method="get" action=action class="stack chooser">
            {keep.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            // Staff find the resident first: by the start of the name or by phone number.
            {is_staff.then(|| view! {
                <div class="field">
                    <label for="who">{t("applications-find-a-resident")}</label>
                    <input id="who" name="who" type="search" value=who.clone() maxlength="20" autocomplete="off"/>
                    {none_found.then(|| view! { <p class="hint" role="status">{t("applications-nobody-found")}</p> })}
                </div>
                <button type="submit" class="button">{t("applications-find")}</button>
            })}
            {(!choices.is_empty()).then(|| view! {
                <div class="field">
                    <label for="for">{t("applications-applying-for")}</label>
                    <select id="for" name="for">
                        {is_staff.then(|| view! { <option value="">{t("applications-choose-a-resident")}</option> })}
                        {choices.iter().map(|c| view! {
                            <option value=c.id.to_string() selected=c.id == chosen lang=written_lang(&c.name)>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t("applications-switch")}</button>
            })}
        </form>
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
            {(!material.certificates.is_empty()).then(|| {
                let cert_name = format!("c_{}", material.kind);
                view! {
                    <p class="hint">{t("applications-give-your-e-certificate")}</p>
                    <ul class="wallet-choices">
                        {material.certificates.iter().map(|c| {
                            let id = format!("{cert_name}-{}", c.value);
                            view! {
                                <li class="checkbox">
                                    <input type="checkbox" id=id.clone() name=cert_name.clone() value=c.value.clone()/>
                                    <label for=id>{c.label.clone()}</label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
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
            // A terminal's camera opens at once (a phone still offers the choice of camera or files).
            <input type="file" id=name.clone() name=name.clone() multiple=true accept="image/jpeg,image/png,image/webp,application/pdf"
                capture=crate::prefs::use_viewer().kiosk.is_some().then_some("environment") aria-invalid=error.as_ref().map(|_| "true") aria-describedby=described/>
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </fieldset>
    }
}
