//! Linli (邻里): the community government-services portal. Shared by the server (SSR) and the
//! browser (hydration). One module per capability; shared widgets in `components`.
#![recursion_limit = "256"]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod apidoc;
pub mod agenda;
pub mod board;
pub mod applications;
pub mod calendar;
pub mod catalogue;
pub mod certificates;
pub mod channel;
pub mod community;
pub mod counter;
pub mod family;
pub mod feedback;
pub mod components;
pub mod forms;
pub mod help;
pub mod home;
pub mod i18n;
pub mod insights;
pub mod kiosk;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod lifecycle;
pub mod notices;
#[cfg(feature = "ssr")]
pub mod offline;
pub mod notifications;
pub mod surveys;
pub mod things;
pub mod open311;
pub mod prefs;
pub mod privacy;
pub mod market;
pub mod ratings;
#[cfg(feature = "ssr")]
pub mod reference;
#[cfg(feature = "ssr")]
pub mod secrets;
pub mod shell;
#[cfg(test)]
mod source_tree;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod time;
#[cfg(feature = "ssr")]
pub mod units;
#[cfg(feature = "ssr")]
pub mod uploads;
#[cfg(feature = "ssr")]
pub mod web;
pub mod workbench;

pub use shell::{shell, App};
