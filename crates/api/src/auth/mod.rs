//! Authentication and authorisation: password hashes, access tokens, API
//! keys, and the extractors that check them in one place.

pub mod api_key;
pub mod client;
pub mod extract;
pub mod limits;
pub mod password;
pub mod sessions;
pub mod token;

pub use extract::{AccountManager, Admin, Caller, Integrator, Staff, Visitor};
