//! The data source plugins built into Sightline, one folder per plugin, each implementing
//! [`crate::plugin::DataSourcePlugin`]. The binary registers them in a
//! [`crate::plugin::PluginRegistry`] at start (`sightline::start`).

pub(crate) mod civil;
pub mod client_cache;
pub mod grafana;
pub mod http_client;
pub mod prometheus;
pub mod sql;
pub mod testdata;
