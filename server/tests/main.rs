//! The server's integration tests, as one test binary: one link instead of one per file,
//! which on 2 cores saves minutes and gigabytes of disk. Each module is one capability's
//! tests; `common` holds the helpers they share (the router driven with `oneshot`).
mod common;

mod access_matrix;
mod agenda;
mod applications;
mod assurance;
mod certificates;
mod channels;
mod counter;
mod backup;
mod boundaries;
mod disputes;
mod durability;
mod feedback;
mod help;
mod insights;
mod kiosk;
mod kiosk_sign_in;
mod http_limits;
mod market;
mod my_data;
mod notices;
mod object_storage;
mod offline;
mod open311;
mod operations;
mod open311_clients;
mod page_cache;
mod openapi;
mod phone_change;
mod phone_first;
mod query_plans;
mod router;
mod sms_gateway;
mod surveys;
mod things;
mod time_rules;
mod trust;
mod upload_limits;
