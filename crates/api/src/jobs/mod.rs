//! Background work inside `crm serve`, driven by rows in the database so a
//! restart loses nothing: the cut-off journal, the time-target warnings and
//! the delivery of notifications to channels and reporters.

pub mod boundaries;
pub mod delivery;
pub mod journal;
pub mod warnings;
