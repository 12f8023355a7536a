//! The app's pages, one module each.

pub mod account;
pub mod accounts;
pub mod audit;
pub mod categories;
pub mod dashboard;
pub mod deliveries;
pub mod import;
pub mod inbox;
pub mod integrations;
pub mod login;
pub mod monitor;
pub mod new_report;
pub mod public_stats;
pub mod recap;
pub mod report;
pub mod reports;
pub mod reviews;
pub mod scores;
pub mod settings;
pub mod track;
pub mod units;
pub mod verify;
pub mod workload;
