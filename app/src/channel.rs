//! 渠道: how a request reached Linli. Online (the resident, or a relative acting for them), at a
//! kiosk, through community staff who took it by phone, at the counter, on a home visit, on a
//! paper form or from the 12345 hotline, or from an Open311 client. It is stored on every
//! application, feedback item, help request, booking and answer, so the board and the needs
//! dashboard can show who is still served only offline.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Online,
    Kiosk,
    Phone,
    Counter,
    Visit,
    Paper,
    Hotline,
    Open311,
}

impl Channel {
    pub const ALL: [Channel; 8] =
        [Channel::Online, Channel::Kiosk, Channel::Phone, Channel::Counter, Channel::Visit, Channel::Paper, Channel::Hotline, Channel::Open311];

    /// The ways a request reaches community staff, who then record it for the resident.
    pub const STAFF: [Channel; 5] = [Channel::Phone, Channel::Counter, Channel::Visit, Channel::Paper, Channel::Hotline];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Kiosk => "kiosk",
            Channel::Phone => "phone",
            Channel::Counter => "counter",
            Channel::Visit => "visit",
            Channel::Paper => "paper",
            Channel::Hotline => "hotline",
            Channel::Open311 => "open311",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// A channel staff may record a request as arriving by.
    pub fn parse_staff(s: &str) -> Option<Channel> {
        Channel::parse(s).filter(|c| Channel::STAFF.contains(c))
    }

    /// The Fluent id of the channel's name.
    pub fn label_id(self) -> &'static str {
        match self {
            Channel::Online => "channel-online",
            Channel::Kiosk => "channel-kiosk",
            Channel::Phone => "channel-phone",
            Channel::Counter => "channel-counter",
            Channel::Visit => "channel-visit",
            Channel::Paper => "channel-paper",
            Channel::Hotline => "channel-hotline",
            Channel::Open311 => "channel-open311",
        }
    }

    /// What a resident or a relative does themself: at a self-service terminal when the request
    /// came from one, online otherwise.
    #[cfg(feature = "ssr")]
    pub fn self_service() -> Channel {
        if crate::storage::origin::kiosk().is_some() { Channel::Kiosk } else { Channel::Online }
    }

    /// Reached Linli only through a person at the community: the resident used no screen.
    pub fn is_offline(self) -> bool {
        Channel::STAFF.contains(&self)
    }

    /// What staff filed after the resident agreed by phone came by phone; any other agreement
    /// was given face to face: at the counter, or at home when the form is a survey visit.
    pub fn of_staff_consent(how: &str, face_to_face: Channel) -> Channel {
        if how == "phone" { Channel::Phone } else { face_to_face }
    }
}

/// The kinds of request counted by channel, in the order of the table's columns.
pub const MEASURES: [&str; 5] = ["applications", "feedback", "help", "bookings", "answers"];

/// A measure's column heading (message id).
pub fn measure_label(measure: &str) -> &'static str {
    match measure {
        "applications" => "channel-measure-applications",
        "feedback" => "channel-measure-feedback",
        "help" => "channel-measure-help",
        "bookings" => "channel-measure-bookings",
        _ => "channel-measure-answers",
    }
}

/// One channel's line in a split by channel: its name and a count per measure (as shown: the
/// needs dashboard suppresses small counts).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChannelRow {
    pub channel: String,
    pub offline: bool,
    pub counts: Vec<String>,
}

/// The split as rows, channels in their usual order and only those that carried something;
/// `show` writes a count.
#[cfg(feature = "ssr")]
pub fn rows(counts: &[crate::storage::ChannelCount], lang: crate::prefs::Lang, show: impl Fn(i64) -> String) -> Vec<ChannelRow> {
    Channel::ALL
        .into_iter()
        .filter_map(|c| {
            let n = |m: &str| counts.iter().filter(|x| x.measure == m && x.channel == c.as_str()).map(|x| x.n).sum::<i64>();
            let line: Vec<i64> = MEASURES.iter().map(|m| n(m)).collect();
            line.iter().any(|n| *n > 0).then(|| ChannelRow {
                channel: crate::i18n::text(lang, c.label_id()).to_string(),
                offline: c.is_offline(),
                counts: line.into_iter().map(&show).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_reads_back_from_its_name() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn staff_record_only_offline_channels() {
        assert_eq!(Channel::parse_staff("hotline"), Some(Channel::Hotline));
        assert_eq!(Channel::parse_staff("online"), None);
        assert_eq!(Channel::parse_staff("open311"), None);
        assert!(Channel::STAFF.iter().all(|c| c.is_offline()));
        assert!(!Channel::Kiosk.is_offline() && !Channel::Online.is_offline());
    }

    #[test]
    fn consent_by_phone_means_the_phone() {
        assert_eq!(Channel::of_staff_consent("phone", Channel::Counter), Channel::Phone);
        assert_eq!(Channel::of_staff_consent("in_person", Channel::Counter), Channel::Counter);
        assert_eq!(Channel::of_staff_consent("in_person", Channel::Visit), Channel::Visit);
    }
}
