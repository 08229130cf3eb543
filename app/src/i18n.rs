//! Interface text as data: one Fluent file per locale in `app/locales/` (zh-CN first, en), read
//! once at start. Pages ask for a message by id; messages that take values (`{ $n }`) go through
//! [`text_with`], so no sentence is glued together from fragments. The tests below hold both
//! files to the same ids and variables, and every id the code names to an existing message.
use crate::prefs::Lang;
use fluent_bundle::{concurrent::FluentBundle, FluentArgs, FluentResource, FluentValue};
use std::{collections::HashMap, sync::LazyLock};

pub const ZH_FTL: &str = include_str!("../locales/zh-CN.ftl");
pub const EN_FTL: &str = include_str!("../locales/en.ftl");

struct Locale {
    bundle: FluentBundle<FluentResource>,
    /// Every message formatted once without values, so plain text costs a map lookup.
    plain: HashMap<String, String>,
}

fn load(tag: &str, source: &'static str) -> Locale {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("{tag}.ftl does not parse: {errors:?}"));
    let ids: Vec<String> = resource.entries().filter_map(|entry| match entry {
        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
        _ => None,
    }).collect();
    let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().expect("a valid language tag")]);
    // Isolation marks (U+2068/U+2069) would end up in attributes and read-aloud text.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|errors| panic!("{tag}.ftl repeats ids: {errors:?}"));
    let plain = ids.into_iter().filter_map(|id| {
        let pattern = bundle.get_message(&id)?.value()?;
        let text = bundle.format_pattern(pattern, None, &mut Vec::new()).into_owned();
        Some((id, text))
    }).collect();
    Locale { bundle, plain }
}

static ZH_LOCALE: LazyLock<Locale> = LazyLock::new(|| load("zh-CN", ZH_FTL));
static EN_LOCALE: LazyLock<Locale> = LazyLock::new(|| load("en", EN_FTL));

fn locale(lang: Lang) -> &'static Locale {
    match lang {
        Lang::Zh => &ZH_LOCALE,
        Lang::En => &EN_LOCALE,
    }
}

/// A message without values, if the locale has it.
pub fn lookup(lang: Lang, id: &str) -> Option<&'static str> {
    locale(lang).plain.get(id).map(String::as_str)
}

/// A message without values. An unknown id comes back as itself, which the id test catches.
pub fn text(lang: Lang, id: &'static str) -> &'static str {
    lookup(lang, id).unwrap_or_else(|| {
        tracing::warn!(id, "missing interface text");
        id
    })
}

/// A message with values, e.g. `text_with(lang, "results-count", [("n", 3.into())])`.
pub fn text_with<'a>(lang: Lang, id: &str, args: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>) -> String {
    let locale = locale(lang);
    let Some(pattern) = locale.bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(id, "missing interface text");
        return id.to_string();
    };
    let mut values = FluentArgs::new();
    for (name, value) in args {
        values.set(name, value);
    }
    locale.bundle.format_pattern(pattern, Some(&values), &mut Vec::new()).into_owned()
}

/// A message in the viewer's language (for pages and components).
pub fn t(id: &'static str) -> &'static str {
    text(crate::prefs::use_viewer().lang, id)
}

/// A message with values in the viewer's language.
pub fn t_with<'a>(id: &str, args: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>) -> String {
    text_with(crate::prefs::use_viewer().lang, id, args)
}

macro_rules! strings {
    ($($key:ident),* $(,)?) => {
        /// The shared interface text as fields, for the layout and the older pages. Each field
        /// `some_name` is the message `some-name`.
        pub struct Strings { $(pub $key: &'static str,)* }
        fn strings_in(lang: Lang) -> Strings {
            Strings { $($key: lookup(lang, &stringify!($key).replace('_', "-")).unwrap_or_default(),)* }
        }
    };
}

strings! {
    site_name, site_tagline, skip_to_main, nav_home, nav_services, nav_me,
    nav_sign_in, nav_register, nav_sign_out, nav_settings, nav_staff, main_nav,
    to_elder, to_standard, to_english, to_chinese, footer_text, home_title,
    home_search_label, home_search_button, home_by_event, home_by_group, home_by_dept, home_elder_invite,
    home_elder_intro, tile_services, tile_shebao, tile_yibao, tile_elderly, tile_disability,
    tile_me, services_title, filter_legend, filter_keyword, filter_dept, filter_event,
    filter_group, filter_all, filter_apply, filter_clear, pages_label, page_prev,
    page_next, no_results, time_limit, detail_department, detail_channel,
    detail_fee, detail_conditions, detail_materials, detail_steps, detail_offline, detail_hours,
    detail_phone, detail_faqs, detail_basis, detail_events, detail_groups, detail_back,
    not_found_title, not_found_body, read_aloud, stop_reading, loading, load_failed,
    register_title, register_intro, field_name, field_phone, field_id_number, field_id_hint,
    field_password, field_password_hint, field_password2, field_building, field_building_choose, field_consent,
    register_submit, register_have_account, form_has_errors, sign_in_title, sign_in_submit, sign_in_no_account,
    me_title, me_welcome, me_address, me_role, me_scope, me_verified,
    me_verified_online, me_verified_offline, me_activity, me_no_activity, settings_title, settings_mode,
    settings_mode_standard, settings_mode_elder, settings_lang, settings_save, settings_saved, staff_title,
    staff_intro, staff_verify, staff_verified_at, staff_none, staff_only, nav_calendar,
    calendar_title, calendar_intro, calendar_years, calendar_days, calendar_none, calendar_holiday,
    calendar_workday, calendar_remove, calendar_add, calendar_date, calendar_date_hint, calendar_kind,
    calendar_name, calendar_save, role_resident, role_staff, role_officer, role_provider,
    role_admin,
}

static ZH: LazyLock<Strings> = LazyLock::new(|| strings_in(Lang::Zh));
static EN: LazyLock<Strings> = LazyLock::new(|| strings_in(Lang::En));

/// The interface text in the viewer's language.
pub fn use_strings() -> &'static Strings {
    strings(crate::prefs::use_viewer().lang)
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The short name of a weekday, 1 = Monday … 7 = Sunday.
pub fn weekday(lang: Lang, n: i64) -> &'static str {
    const IDS: [&str; 7] = ["weekday-1", "weekday-2", "weekday-3", "weekday-4", "weekday-5", "weekday-6", "weekday-7"];
    text(lang, IDS[(n.clamp(1, 7) - 1) as usize])
}

pub fn role_label(role: crate::prefs::Role, lang: Lang) -> &'static str {
    use crate::prefs::Role::*;
    text(lang, match role {
        Resident => "role-resident",
        Staff => "role-staff",
        Officer => "role-officer",
        Provider => "role-provider",
        Admin => "role-admin",
    })
}

#[cfg(test)]
mod tests;
