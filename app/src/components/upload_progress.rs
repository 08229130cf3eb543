//! The upload progress bar: without JavaScript the browser's own indicator is used; with it,
//! the enclosing form is sent by XHR so the bar can follow the bytes.
use crate::i18n::t;
use leptos::prelude::*;

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
