//! The one error type of this crate. Every variant names the input that was wrong:
//! the file and line, the `[section] key` and value, or the argument.

use std::io;
use std::path::PathBuf;

use sightline_core::{ErrorKind, HasErrorKind};

/// Why settings could not be loaded. Reported at start-up; the server does not run with
/// a configuration it could not fully understand.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file (given with `--config`, or `conf/custom.ini`) could not be read.
    #[error("cannot read config file {}: {source}", path.display())]
    ReadFile { path: PathBuf, source: io::Error },

    /// The home path could not be made absolute.
    #[error("cannot resolve home path {}: {source}", path.display())]
    HomePath { path: PathBuf, source: io::Error },

    /// An ini file is malformed.
    #[error("cannot parse {file} line {line}: {message}")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },

    /// A command-line override is not of the form `section.key=value`.
    #[error(
        "invalid override {argument:?}: expected section.key=value, e.g. cfg:server.http_port=4000"
    )]
    InvalidOverride { argument: String },

    /// A `$__file{path}` reference names a file that cannot be read.
    #[error("cannot expand [{section}] {key}: cannot read file {}: {source}", path.display())]
    ExpandFile {
        section: String,
        key: String,
        path: PathBuf,
        source: io::Error,
    },

    /// A value does not have the type or form its key requires.
    #[error("invalid value {value:?} for [{section}] {key}: {expected}")]
    InvalidValue {
        section: String,
        key: String,
        value: String,
        expected: String,
    },
}

impl HasErrorKind for ConfigError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadRequest
    }
}
