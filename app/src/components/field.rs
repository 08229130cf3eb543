use crate::forms::FormState;
use leptos::prelude::*;

/// A labelled input with its hint and, after a refused submission, the message right below it.
#[component]
pub fn Field(
    form: FormState,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = 100)] maxlength: usize,
    /// Passwords and ID numbers are never echoed back into the page.
    #[prop(optional)] no_echo: bool,
    /// The element id, where one page has several forms with this field (default: `name`).
    #[prop(optional, into)] id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    let error = form.error(name);
    let has_error = error.is_some();
    let value = if no_echo { String::new() } else { form.value(name) };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = match (hint.is_some(), error.is_some()) {
        (true, true) => Some(format!("{error_id} {hint_id}")),
        (true, false) => Some(hint_id.clone()),
        (false, true) => Some(error_id.clone()),
        (false, false) => None,
    };
    let invalid = error.as_ref().map(|_| "true");
    view! {
        <div class="field" class:invalid=has_error>
            <label for=id.clone()>{label}<span class="req" aria-hidden="true">" *"</span></label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input id=id name=name type=kind value=value autocomplete=autocomplete inputmode=inputmode
                maxlength=maxlength.to_string() required=true aria-invalid=invalid aria-describedby=described/>
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}

/// The summary at the top of a refused form; announced to screen readers.
#[component]
pub fn FormBanner(form: FormState, message: &'static str) -> impl IntoView {
    let notice = form.notice_text();
    view! {
        {(!form.errors.is_empty()).then(|| view! { <div class="banner banner-error" role="alert">{message}</div> })}
        {notice.map(|n| view! { <div class="banner banner-ok" role="status">{n}</div> })}
    }
}

/// A long number (a 16-digit reference) in groups of four that wrap between groups, never
/// inside one; copying it still gives the digits alone.
#[component]
pub fn Grouped(text: String) -> impl IntoView {
    let chars: Vec<char> = text.chars().collect();
    let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
    view! { <span class="grouped">{groups.into_iter().map(|g| view! { <span>{g}</span> }).collect_view()}</span> }
}
