//! The app's pages, one module each.

pub mod login;
pub mod report;
pub mod reports;
