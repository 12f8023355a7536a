//! crm-api: the CRM server. Owns persistence (diesel over SQLite and
//! PostgreSQL), authentication, the HTTP API and its OpenAPI document, the
//! demo data set, and serves the web app.

pub mod app;
pub mod auth;
pub mod backup;
pub mod boundaries;
pub mod cells;
pub mod cluster;
pub mod config;

pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod flows;
pub mod headers;
pub mod heavy;
pub mod jobs;
pub mod live;
pub mod media;
pub mod meters;
pub mod multipart;
pub mod notify;
pub mod open311;
pub mod openapi;
pub mod operator;
pub mod outbound;
pub mod outreach;
pub mod paging;
pub mod precompressed;
pub mod refdata;
pub mod routes;
pub mod sealed;
pub mod shutdown;
pub mod sms;
pub mod state;
pub mod table;
pub mod trace;
pub mod tracking;
pub mod webhook;
