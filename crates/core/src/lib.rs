//! Shared vocabulary of every Sightline crate: error kinds, roles and the caller's identity.
//! No IO lives here.

mod error;
mod identity;

pub use error::{ErrorKind, HasErrorKind};
pub use identity::{AuthMethod, Identity, OrgRole};

/// The Grafana API level Sightline implements; clients read it from `/api/health`. It is the
/// release whose dashboard schema (42) the migrations upgrade to.
pub const GRAFANA_COMPAT_VERSION: &str = "12.3.0";

/// Sightline's own version.
pub const SIGHTLINE_VERSION: &str = env!("CARGO_PKG_VERSION");
