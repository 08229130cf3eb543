//! `/styleguide`: the design system as a living page — the tokens in `style/main.css` and
//! every shared component, drawn by the same code the pages use. The mode toggle in the header
//! shows it again in 长辈版, and the browser tests screenshot it in both modes.
use super::{Field, FormBanner, Grouped, Icon, NAMES};
use crate::forms::{FormState, Message};
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

/// (token, what it is for); the swatch shows the colour itself.
const COLOURS: &[(&str, &str)] = &[
    ("--text", "styleguide-colour-text"),
    ("--muted", "styleguide-colour-muted"),
    ("--brand", "styleguide-colour-brand"),
    ("--brand-dark", "styleguide-colour-brand-dark"),
    ("--error", "styleguide-colour-error"),
    ("--ok", "styleguide-colour-ok"),
    ("--panel", "styleguide-colour-panel"),
    ("--line", "styleguide-colour-line"),
];

#[component]
pub fn StyleguidePage() -> impl IntoView {
    let mut refused = FormState::default();
    refused.values.insert("sample_phone".into(), "1380000".into());
    refused.refuse("sample_phone", Message::new("styleguide-sample-error"));
    view! {
        <Title text=t("styleguide-title")/>
        <h1>{t("styleguide-title")}</h1>
        <p class="lead">{t("styleguide-intro")}</p>

        <h2>{t("styleguide-colours")}</h2>
        <ul class="swatches">
            {COLOURS.iter().map(|(token, id)| view! {
                <li><span class=format!("swatch swatch-{}", token.trim_start_matches('-'))></span><code>{*token}</code>" "{t(id)}</li>
            }).collect_view()}
        </ul>

        <h2>{t("styleguide-type")}</h2>
        <p class="type-h1">{t("styleguide-heading-1")}</p>
        <p class="type-h2">{t("styleguide-heading-2")}</p>
        <p>{t("styleguide-body")}</p>
        <p class="meta">{t("styleguide-small")}</p>

        <h2>{t("styleguide-buttons")}</h2>
        <div class="actions">
            <button type="button" class="button primary">{t("styleguide-primary")}</button>
            <button type="button" class="button">{t("styleguide-secondary")}</button>
            <button type="button" class="button danger">{t("styleguide-danger")}</button>
        </div>

        <h2>{t("styleguide-forms")}</h2>
        <FormBanner form=refused.clone() message=t("styleguide-form-refused")/>
        <form class="stack" action="/styleguide" method="get">
            <Field form=refused name="sample_phone" label=t("styleguide-sample-field") kind="tel" hint=t("styleguide-sample-hint")/>
            <div class="checkbox"><input type="checkbox" id="sample-check"/><label for="sample-check">{t("styleguide-checkbox")}</label></div>
        </form>

        <h2>{t("styleguide-messages")}</h2>
        <p class="banner banner-ok">{t("styleguide-ok-banner")}</p>
        <p class="banner banner-error">{t("styleguide-error-banner")}</p>
        <p>
            <span class="status status-submitted">{t("styleguide-status-submitted")}</span>" "
            <span class="status status-approved">{t("styleguide-status-approved")}</span>" "
            <span class="status status-correction">{t("styleguide-status-correction")}</span>" "
            <span class="badge badge-ok">{t("styleguide-badge")}</span>
        </p>

        <h2>{t("styleguide-cards")}</h2>
        <ul class="cards">
            <li class="card">
                <h3>{t("styleguide-card-title")}</h3>
                <p class="meta">{t("applications-ref")}<Grouped text="2026120100001234".to_string()/></p>
                <p>{t("styleguide-card-body")}</p>
            </li>
        </ul>
        <dl class="facts pairs">
            <dt>{t("styleguide-fact")}</dt><dd>{t("styleguide-fact-value")}</dd>
        </dl>
        <ul class="chips"><li><a href="/services?event=birth">{t("home-task-birth")}</a></li><li><a href="/services?event=school">{t("home-task-school")}</a></li></ul>
        <details class="more-filters"><summary>{t("catalogue-filter")}</summary><p>{t("styleguide-disclosure")}</p></details>

        <h2>{t("styleguide-icons")}</h2>
        <p>{t("styleguide-icons-intro")}</p>
        <ul class="icon-list">
            {NAMES.iter().copied().map(|name| view! { <li><Icon name=name/><code>{name}</code></li> }).collect_view()}
        </ul>
    }
}
