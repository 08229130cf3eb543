//! Plain HTML form posts (they work without JavaScript). A refused submission is answered with
//! the same page, a 4xx status, the values typed so far and a message beside each bad field: a
//! handler returns `web::AppError::Refused` with this state, and the server draws the page again.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub notice: Option<String>,
}

impl FormState {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }
    pub fn refuse(&mut self, field: &str, message: String) {
        self.errors.entry(field.to_string()).or_insert(message);
    }
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// A field's message after a refused post: (message, its element id for aria-describedby, refused?).
pub fn error_of(form: &FormState, name: &str) -> (Option<String>, Option<String>, bool) {
    let e = form.error(name);
    let id = e.as_ref().map(|_| format!("{name}-error"));
    let has = e.is_some();
    (e, id, has)
}

/// The outcome of the form post that produced this page, if any.
pub fn use_form_state() -> FormState {
    leptos::prelude::SharedValue::new(|| leptos::prelude::use_context::<FormState>().unwrap_or_default())
        .into_inner()
}

/// A message for a refused field, in the viewer's language.
pub fn msg(lang: crate::prefs::Lang, zh: &str, en: &str) -> String {
    if lang == crate::prefs::Lang::En { en.into() } else { zh.into() }
}
