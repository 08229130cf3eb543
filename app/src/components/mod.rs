//! Widgets every page shares: the layout, form fields, the read-aloud button.
mod field;
mod layout;
mod read_aloud;

pub use field::{Field, FormBanner};
pub use layout::{Layout, NotFound};
pub use read_aloud::ReadAloud;

/// What a page shows when its data could not be loaded (the error itself is logged).
pub fn load_failed() -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    view! { <p class="banner banner-error" role="alert">{crate::i18n::use_strings().load_failed}</p> }.into_any()
}

/// A page's data, once loaded: `body` with it; `missing` when the server answered "nothing for
/// you here" (not signed in, not found, not yours); the failure banner when loading failed.
pub fn loaded<T>(
    data: leptos::prelude::Resource<Result<Option<T>, leptos::prelude::ServerFnError>>,
    missing: fn() -> leptos::prelude::AnyView,
    body: impl Fn(T) -> leptos::prelude::AnyView + Clone + Send + Sync + 'static,
) -> impl leptos::prelude::IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    use leptos::prelude::*;
    view! {
        <Suspense fallback=move || view! { <p>{crate::i18n::use_strings().loading}</p> }>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(v)) => body(v),
                        Ok(None) => missing(),
                        Err(_) => load_failed(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `path?search` with one query parameter set (or replaced), the others kept.
pub fn with_param(path: &str, search: &str, key: &str, value: &str) -> String {
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(key))
        .map(str::to_string)
        .collect();
    pairs.push(format!("{key}={value}"));
    format!("{path}?{}", pairs.join("&"))
}

/// Percent-encodes a query value (enough for UTF-8 search terms in links).
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn with_param_replaces_only_its_key() {
        assert_eq!(super::with_param("/services", "?q=sb&mode=standard", "mode", "elder"), "/services?q=sb&mode=elder");
        assert_eq!(super::with_param("/", "", "lang", "en"), "/?lang=en");
        assert_eq!(super::encode_query("社保 a"), "%E7%A4%BE%E4%BF%9D%20a");
    }
}

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// The `lang` of text people wrote (names, titles, descriptions): "zh-CN" when it is Chinese, so
/// an English page marks it for screen readers (WCAG 3.1.2 language of parts) instead of having
/// it read as English. Interface text never needs this: it comes from the viewer's locale.
pub fn written_lang(text: &str) -> Option<&'static str> {
    text.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)).then_some("zh-CN")
}

/// Text someone wrote, inline, marked with its language when that is Chinese.
#[leptos::prelude::component]
pub fn Written(#[prop(into)] text: String) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    let lang = written_lang(&text);
    view! { <span lang=lang>{text}</span> }
}
