//! Background work inside `crm serve`, driven by rows in the database so a
//! restart loses nothing: the cut-off journal.

pub mod journal;
