//! The end-to-end suite, one test binary: each module drives the release
//! `crm` over real HTTP, and most of them through headless Chromium.

mod accessibility;
mod administration;
mod browser;
mod citizen;
mod cluster;
mod http;
mod integrations;
mod language;
mod lifecycle;
mod monitoring;
mod phone;
mod scores;
