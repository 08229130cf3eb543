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

    fn sources(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }

    #[test]
    fn every_icon_used_is_in_the_sprite() {
        let mut texts = Vec::new();
        sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut texts);
        let mut used = 0;
        for text in &texts {
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
