//! Plain HTML form posts (they work without JavaScript). A refused submission is answered with
//! the same page, a 4xx status, the values typed so far and a message beside each bad field: a
//! handler returns `web::AppError::Refused` with this state, and the server draws the page again.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, Message>,
    pub notice: Option<Message>,
}

impl FormState {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }
    /// The field's message, in the viewer's language (pages call this while they are drawn).
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| m.text(crate::prefs::use_viewer().lang))
    }
    /// The message above the form, in the viewer's language.
    pub fn notice_text(&self) -> Option<String> {
        self.notice.as_ref().map(|m| m.text(crate::prefs::use_viewer().lang))
    }
    /// Refuses a field; the first reason given for a field is the one shown.
    pub fn refuse(&mut self, field: &str, message: Message) {
        self.errors.entry(field.to_string()).or_insert(message);
    }
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// What a handler says about a post: a message id in the locale files and its values. Handlers
/// return these codes; the page translates them when it is drawn, in the viewer's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub args: Vec<(String, Arg)>,
}

/// A value in a message: text (a reference, something a person wrote), a number (which chooses
/// plural forms), a name given in both languages (a service, a department), or another message
/// (a file's name followed by why it was refused).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    Text(String),
    Number(i64),
    Names { zh: String, en: String },
    Message(Message),
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message { id: id.into(), args: Vec::new() }
    }
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name.into(), value.into()));
        self
    }
    /// A name given in both languages; the English one falls back to the Chinese when missing.
    pub fn with_names(self, name: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        let (zh, en) = (zh.into(), en.into());
        let en = if en.is_empty() { zh.clone() } else { en };
        self.with(name, Arg::Names { zh, en })
    }
    /// Both renderings, for what is written once and read in either language (notices).
    pub fn both(&self) -> (String, String) {
        (self.text(crate::prefs::Lang::Zh), self.text(crate::prefs::Lang::En))
    }
    pub fn text(&self, lang: crate::prefs::Lang) -> String {
        use fluent_bundle::FluentValue;
        if self.args.is_empty() {
            if let Some(plain) = crate::i18n::lookup(lang, &self.id) {
                return plain.to_string();
            }
        }
        let args = self.args.iter().map(|(name, value)| {
            let value = match value {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Names { zh, en } => FluentValue::from(if lang == crate::prefs::Lang::En { en.as_str() } else { zh.as_str() }),
                Arg::Message(m) => FluentValue::from(m.text(lang)),
            };
            (name.as_str(), value)
        });
        crate::i18n::text_with(lang, &self.id, args)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.into())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(n as i64)
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Message(m)
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
