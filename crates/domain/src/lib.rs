//! crm-domain: the rules of Jakarta's Citizen Relation Management ("Cepat
//! Respon Masyarakat") as pure Rust: no I/O, no database, no HTTP.
//!
//! It compiles for the server and for the browser (wasm32), so the web app and
//! the API share one definition of every status, role, unit level, category
//! band and request/response shape. OpenAPI schemas derive behind the
//! `openapi` feature.

pub mod account;
pub mod api;
pub mod arrival;
pub mod category;
pub mod channel;
pub mod feedback;
pub mod import;
pub mod intake;
pub mod lifecycle;
pub mod message;
pub mod notice;
pub mod period;
pub mod publish;
pub mod recap;
pub mod role;
pub mod score;
pub mod settings;
pub mod similar;
pub mod sla;
pub mod stats;
pub mod status;
pub mod time;
pub mod tkd;
pub mod unit;

pub use category::{Bands, CategoryDef};
pub use channel::{ChannelDef, ChannelKind};
pub use role::Role;
pub use status::ReportStatus;
pub use unit::{UnitLevel, UnitTree};
