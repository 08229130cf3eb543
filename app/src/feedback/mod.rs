//! 诉求: consultations, requests for help, complaints, suggestions and public-space problems (报事).
//! Every item has an owner (the first unit that receives it, until it transfers it with a
//! reason), a deadline in working days, replies, and the resident's verdict. Public-space
//! problems are listed publicly at `/feedback`, without the resident's name.
#[cfg(feature = "ssr")]
pub mod act;
pub mod categories;
#[cfg(feature = "ssr")]
pub mod deadlines;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod lifecycle;
pub mod new_page;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod placement;
pub mod server;
pub mod view;

use crate::prefs::Lang;

pub const MAX_PHOTOS: usize = 6;

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match kind {
        "consult" => "feedback-kind-consult",
        "help" => "feedback-kind-help",
        "complaint" => "feedback-kind-complaint",
        "suggestion" => "feedback-kind-suggestion",
        "report" => "feedback-kind-report",
        _ => "feedback-kind-other",
    })
}

pub fn status_label(status: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match status {
        "open" => "feedback-status-open",
        "asked" => "feedback-status-asked",
        "closed" => "feedback-status-closed",
        "resolved" => "feedback-status-resolved",
        _ => "feedback-status-other",
    })
}

pub fn event_label(kind: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match kind {
        "submitted" => "feedback-event-submitted",
        "replied" => "feedback-event-replied",
        "asked" => "feedback-event-asked",
        "answered" => "feedback-event-answered",
        "closed" => "feedback-event-closed",
        "transferred" => "feedback-event-transferred",
        "note" => "feedback-event-note",
        "confirmed" => "feedback-event-confirmed",
        "reopened" => "feedback-event-reopened",
        "reminded" => "feedback-event-reminded",
        "overdue" => "feedback-event-overdue",
        "client_update" => "feedback-event-client-update",
        _ => "feedback-event-other",
    })
}

/// Answers staff can start from (the text box wins when filled, so it works without JS).
pub const REPLY_TEMPLATES: &[(&str, &str)] = &[
    ("已派人处理", "您反映的问题已收到，我们已安排工作人员到现场处理，处理完成后将及时答复您。"),
    ("已修复", "经现场核实，您反映的问题已修复完毕。感谢您对社区的关心，如仍有问题请点击“仍未解决”。"),
    ("政策解答", "关于您咨询的问题，相关政策规定如下："),
    ("需进一步核实", "为更好地处理您的诉求，请补充说明具体位置和发生时间。"),
];

/// Straight-line distance in metres (haversine), for "a report near an open one".
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6_371_000.0_f64;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// Reports this close to an open one of the same category are offered "follow this instead".
pub const NEARBY_METRES: f64 = 150.0;

#[cfg(test)]
mod tests {
    #[test]
    fn distance_is_in_metres() {
        // Two points about 111 m apart along a meridian.
        let d = super::distance_m((31.2300, 121.4700), (31.2310, 121.4700));
        assert!((d - 111.2).abs() < 1.0, "{d}");
        assert!(super::distance_m((31.23, 121.47), (31.23, 121.47)) < 0.001);
    }
}
