//! The app's pages, one module each.

pub mod inbox;
pub mod login;
pub mod new_report;
pub mod report;
pub mod reports;
pub mod scores;
pub mod track;
pub mod workload;
