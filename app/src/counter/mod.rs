//! 预约办事 and 取号: community offices and department halls publish weekly counter hours per
//! service (and for the in-person identity check); residents, relatives and staff book, move and
//! cancel a place (never more than a slot holds); the day before, a reminder; repeated no-shows
//! pause booking for a while. On the day the resident takes a number (the office's QR, the hall's
//! kiosk, or staff), follows their place on the phone, and staff call numbers to windows and
//! record each outcome; `/queue/{office}` is the hall's screen.
pub mod hall_pages;
mod hours_form;
pub mod lifecycle;
pub mod pages;
#[cfg(feature = "ssr")]
mod desk;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod load;
#[cfg(feature = "ssr")]
pub mod rules;

use crate::applications::view::PersonChoice;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficeCard {
    pub code: String,
    pub name: String,
    pub address: String,
    /// (service code, label) of every service with published hours.
    pub services: Vec<(String, String)>,
    /// The viewer runs this office (its staff, officers, an admin).
    pub runs: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentCard {
    pub ref_no: String,
    pub office: String,
    pub office_code: String,
    pub service: String,
    pub when: String,
    pub status: String,
    pub resident: String,
}

/// `/counter`: the offices, and the viewer's appointments (and those of relatives they look after).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounterHome {
    pub offices: Vec<OfficeCard>,
    pub mine: Vec<AppointmentCard>,
    pub signed_in: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotChoice {
    pub starts_at: i64,
    pub text: String,
    pub left: i64,
    /// What the slot holds, by its published hours: the guard books against this.
    pub capacity: i64,
}

/// `/counter/{office}`: a service's open slots this fortnight, to book for oneself, a relative, or
/// (staff) a resident of the community.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookView {
    pub office: OfficeCard,
    pub service: String,
    pub slots: Vec<SlotChoice>,
    pub is_staff: bool,
    pub choices: Vec<PersonChoice>,
    pub chosen: i64,
    pub who: String,
    /// Booking is paused for the chosen person until this day (repeated no-shows).
    pub paused_until: Option<String>,
}

/// `/me/appointments/{ref}`: one appointment, with what this viewer may do now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppointmentView {
    pub card: AppointmentCard,
    pub address: String,
    pub can_change: bool,
    /// It is the day, and no number has been taken yet.
    pub can_take: bool,
    pub slots: Vec<SlotChoice>,
    /// The number taken for it, to follow.
    pub ticket: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketCard {
    pub id: i64,
    pub label: String,
    pub service: String,
    pub status: String,
    pub window: String,
    pub taken_at: String,
    pub holder: String,
    pub outcome: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskAppointment {
    pub ref_no: String,
    pub when: String,
    pub service: String,
    pub resident: String,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoursItem {
    pub id: i64,
    pub service: String,
    pub weekday: String,
    pub time: String,
    pub capacity: i64,
}

/// `/work/counter/{office}`: today's appointments and queue, the windows' calls, the weekly
/// hours, and (administrators) the no-show rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskView {
    pub office: OfficeCard,
    pub today: String,
    pub appointments: Vec<DeskAppointment>,
    pub waiting: Vec<TicketCard>,
    pub called: Vec<TicketCard>,
    pub finished: Vec<TicketCard>,
    pub hours: Vec<HoursItem>,
    /// Every service that may be published here: the identity check and the catalogue's items.
    pub publishable: Vec<(String, String)>,
    pub policy: Option<(i64, i64, i64)>,
}

/// `/queue/{office}`: the hall's screen. Nothing about anyone: numbers and windows only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisplayView {
    pub office: String,
    pub office_code: String,
    pub called: Vec<(String, String)>,
    pub waiting: usize,
    pub take_qr: String,
}

/// `/queue/t/{token}`: one number's place, on the holder's phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceView {
    pub office: String,
    pub office_code: String,
    pub label: String,
    pub service: String,
    pub status: String,
    pub ahead: usize,
    pub wait_minutes: i64,
    pub window: String,
    pub token: String,
}

/// `/queue/{office}/take`: take a number (the office's QR opens this; so does the kiosk).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TakeView {
    pub office: OfficeCard,
    pub signed_in: bool,
    /// Today's appointment here, if the viewer has one still to arrive.
    pub appointment: Option<AppointmentCard>,
}

#[server(endpoint = "counter/home")]
pub async fn load_counter_home() -> Result<Option<CounterHome>, ServerFnError> {
    load::home().await
}

#[server(endpoint = "counter/book")]
pub async fn load_book(office: String, service: String, for_id: Option<i64>, who: String) -> Result<Option<BookView>, ServerFnError> {
    load::book(office, service, for_id, who).await
}

#[server(endpoint = "counter/appointment")]
pub async fn load_appointment(ref_no: String) -> Result<Option<AppointmentView>, ServerFnError> {
    load::appointment(ref_no).await
}

#[server(endpoint = "counter/desk")]
pub async fn load_desk(office: String) -> Result<Option<DeskView>, ServerFnError> {
    load::desk(office).await
}

#[server(endpoint = "counter/display")]
pub async fn load_display(office: String) -> Result<Option<DisplayView>, ServerFnError> {
    load::display(office).await
}

#[server(endpoint = "counter/place")]
pub async fn load_place(token: String) -> Result<Option<PlaceView>, ServerFnError> {
    load::place(token).await
}

#[server(endpoint = "counter/take")]
pub async fn load_take(office: String) -> Result<Option<TakeView>, ServerFnError> {
    load::take(office).await
}
