use crate::i18n::use_strings;
use leptos::prelude::*;

/// Reads the element `target` aloud with the browser's speech synthesis. Hidden until the WASM
/// runs (without it the button could do nothing). An island: its labels come from the server.
#[component]
pub fn ReadAloud(target: &'static str) -> impl IntoView {
    let t = use_strings();
    view! { <ReadAloudButton target=target.to_string() read=t.read_aloud.to_string() stop=t.stop_reading.to_string()/> }
}

#[island]
fn ReadAloudButton(target: String, read: String, stop: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    let speaking = RwSignal::new(false);
    Effect::new(move |_| ready.set(speech_available()));
    let on_click = move |_| {
        if speaking.get_untracked() {
            stop_speaking();
            speaking.set(false);
        } else if speak(&target) {
            speaking.set(true);
        }
    };
    view! {
        <button type="button" class="read-aloud" hidden=move || !ready.get() aria-pressed=move || speaking.get().to_string()
            on:click=on_click>
            {move || if speaking.get() { stop.clone() } else { read.clone() }}
        </button>
    }
}

#[cfg(feature = "hydrate")]
fn speech_available() -> bool {
    web_sys::window().and_then(|w| w.speech_synthesis().ok()).is_some()
}

#[cfg(feature = "hydrate")]
fn speak(target: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(synth) = window.speech_synthesis() else { return false };
    let text = window
        .document()
        .and_then(|d| d.get_element_by_id(target))
        .and_then(|el| el.text_content())
        .unwrap_or_default();
    let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(&text) else { return false };
    let lang = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_else(|| "zh-CN".into());
    utterance.set_lang(&lang);
    utterance.set_rate(0.9);
    synth.cancel();
    synth.speak(&utterance);
    true
}

#[cfg(feature = "hydrate")]
fn stop_speaking() {
    if let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
        synth.cancel();
    }
}

#[cfg(not(feature = "hydrate"))]
fn speech_available() -> bool {
    false
}
#[cfg(not(feature = "hydrate"))]
fn speak(_target: &str) -> bool {
    false
}
#[cfg(not(feature = "hydrate"))]
fn stop_speaking() {}
