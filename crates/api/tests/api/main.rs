//! API integration tests: every case runs against a real server on SQLite
//! and on a throwaway PostgreSQL cluster.

mod common;

mod administration;
mod auth;
mod channels;
mod cluster;
mod crash;
mod creation;
mod email;
mod errors;
mod imports;
mod integrators;
mod lifecycle;
mod matrix;
mod media;
mod monitoring;
mod open311;
mod operations;
mod outreach;
mod pool;
mod public;
mod reference;
mod replica;
mod reports;
mod scores;
mod settings;
