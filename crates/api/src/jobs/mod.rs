//! Background work inside `crm serve`, driven by rows in the database so a
//! restart loses nothing: the cut-off journal and the time-target warnings.

pub mod journal;
pub mod warnings;
