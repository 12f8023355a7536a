//! Background work inside `crm serve`, driven by rows in the database so a
//! restart loses nothing: the cut-off journal, the time-target warnings, the
//! twice-daily digest and the delivery of notifications to channels,
//! reporters and staff.

pub mod boundaries;
pub mod delivery;
pub mod digest;
pub mod journal;
pub mod warnings;
