//! Icons from `style/icons` (Lucide, ISC), drawn from the sprite `build.rs` makes: one hidden
//! inline SVG per page, each icon a `<use>` of it. Icons sit beside text, so they are hidden
//! from screen readers and never the only label.
mod sprite {
    include!(concat!(env!("OUT_DIR"), "/icons.rs"));
}
use leptos::prelude::*;
pub use sprite::{NAMES, SPRITE};

#[component]
pub fn Icon(name: &'static str) -> impl IntoView {
    // Pages render in the router tests, so a misspelt name fails there rather than drawing nothing.
    debug_assert!(NAMES.contains(&name), "icon {name} is not in style/icons");
    view! { <svg class="icon" aria-hidden="true" focusable="false"><use href=format!("#i-{name}")></use></svg> }
}

/// The sprite itself, once per page (the layout's first child).
#[component]
pub fn IconSprite() -> impl IntoView {
    view! { <div class="icon-sprite" inner_html=SPRITE></div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_used_is_in_the_sprite() {
        let mut used = 0;
        for (_, text) in crate::source_tree::rust_sources() {
            for part in text.split("Icon name=\"").skip(1) {
                let name = &part[..part.find('"').unwrap()];
                assert!(NAMES.contains(&name), "icon {name} is not in style/icons");
                used += 1;
            }
        }
        assert!(used >= 4, "the tab bar alone uses four");
        assert!(SPRITE.contains("<symbol id=\"i-home\"") && SPRITE.matches("<symbol").count() == NAMES.len());
    }
}
