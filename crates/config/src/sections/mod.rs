//! One typed struct per `grafana.ini` section, each read and validated from the merged
//! values by its own `read` function.

pub(crate) mod auth;
pub(crate) mod database;
pub(crate) mod dataproxy;
pub(crate) mod log;
pub(crate) mod metrics;
pub(crate) mod paths;
pub(crate) mod security;
pub(crate) mod server;
pub(crate) mod sql_datasources;
pub(crate) mod users;
