//! `[log]` and `[log.console]`: where to log, how much and in which format. The console
//! level falls back to `[log] level` when empty, as in Grafana.

use crate::error::ConfigError;
use crate::values::{one_of, SectionValues};

/// A Grafana log level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Critical,
}

impl LogLevel {
    const CHOICES: [(&'static str, LogLevel); 6] = [
        ("trace", LogLevel::Trace),
        ("debug", LogLevel::Debug),
        ("info", LogLevel::Info),
        ("warn", LogLevel::Warn),
        ("error", LogLevel::Error),
        ("critical", LogLevel::Critical),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Trace => "trace",
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
            LogLevel::Critical => "critical",
        }
    }

    /// The `tracing` level; tracing has no level above error, so critical maps to error.
    pub fn as_tracing_level(self) -> tracing::Level {
        match self {
            LogLevel::Trace => tracing::Level::TRACE,
            LogLevel::Debug => tracing::Level::DEBUG,
            LogLevel::Info => tracing::Level::INFO,
            LogLevel::Warn => tracing::Level::WARN,
            LogLevel::Error | LogLevel::Critical => tracing::Level::ERROR,
        }
    }

    fn parse(text: &str) -> Result<LogLevel, String> {
        one_of(text, &LogLevel::CHOICES)
    }
}

/// `[log.console] format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Console,
    /// logfmt `key=value` lines.
    Text,
    /// One JSON object per line.
    Json,
}

impl LogFormat {
    const CHOICES: [(&'static str, LogFormat); 3] = [
        ("console", LogFormat::Console),
        ("text", LogFormat::Text),
        ("json", LogFormat::Json),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Console => "console",
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

/// One output of `[log] mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogMode {
    Console,
    File,
    Syslog,
}

impl LogMode {
    const CHOICES: [(&'static str, LogMode); 3] = [
        ("console", LogMode::Console),
        ("file", LogMode::File),
        ("syslog", LogMode::Syslog),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogMode::Console => "console",
            LogMode::File => "file",
            LogMode::Syslog => "syslog",
        }
    }
}

/// One `logger:level` entry of `[log] filters`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFilter {
    /// The logger name, e.g. `sqlstore`.
    pub logger: String,
    pub level: LogLevel,
}

/// The `[log]` and `[log.console]` sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// `[log] mode`: outputs, separated by spaces or commas (default console).
    pub modes: Vec<LogMode>,
    /// `[log] level`: trace, debug, info, warn, error or critical (default info).
    pub level: LogLevel,
    /// `[log] filters`: per-logger levels such as `sqlstore:debug` (default none).
    pub filters: Vec<LogFilter>,
    /// `[log.console] level`: console level; `None` uses `level` (default empty). See
    /// [`LogSettings::effective_level`].
    pub console_level: Option<LogLevel>,
    /// `[log.console] format`: console, text or json (default console).
    pub console_format: LogFormat,
}

impl LogSettings {
    pub(crate) fn read(
        log: &SectionValues<'_>,
        console: &SectionValues<'_>,
    ) -> Result<LogSettings, ConfigError> {
        let console_level_text = console.string("level");
        let console_level = if console_level_text.is_empty() {
            None
        } else {
            Some(console.parse("level", LogLevel::parse)?)
        };
        Ok(LogSettings {
            modes: log.parse("mode", parse_modes)?,
            level: log.parse("level", LogLevel::parse)?,
            filters: log.parse("filters", parse_filters)?,
            console_level,
            console_format: console.parse("format", |text| one_of(text, &LogFormat::CHOICES))?,
        })
    }

    /// The level the console logs at: `[log.console] level`, else `[log] level`.
    pub fn effective_level(&self) -> LogLevel {
        self.console_level.unwrap_or(self.level)
    }

    /// The format the console logs in (`[log.console] format`).
    pub fn effective_format(&self) -> LogFormat {
        self.console_format
    }
}

/// Splits on commas when there are any, else on spaces, as Grafana's `initLogging` does.
fn parse_modes(text: &str) -> Result<Vec<LogMode>, String> {
    let names: Vec<&str> = if text.contains(',') {
        text.split(',').map(str::trim).collect()
    } else {
        text.split_whitespace().collect()
    };
    names
        .into_iter()
        .filter(|name| !name.is_empty())
        .map(|name| one_of(name, &LogMode::CHOICES))
        .collect()
}

fn parse_filters(text: &str) -> Result<Vec<LogFilter>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let malformed = || {
                "expected logger:level pairs separated by spaces, e.g. \"sqlstore:debug\""
                    .to_string()
            };
            let (logger, level) = entry.split_once(':').ok_or_else(malformed)?;
            if logger.is_empty() {
                return Err(malformed());
            }
            Ok(LogFilter {
                logger: logger.to_string(),
                level: LogLevel::parse(level)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_split_on_commas_or_spaces() {
        assert_eq!(
            parse_modes("console file"),
            Ok(vec![LogMode::Console, LogMode::File])
        );
        assert_eq!(
            parse_modes("console, syslog"),
            Ok(vec![LogMode::Console, LogMode::Syslog])
        );
        assert!(parse_modes("console papertrail").is_err());
    }

    #[test]
    fn filters_name_a_logger_and_level() {
        assert_eq!(
            parse_filters("sqlstore:debug auth:trace"),
            Ok(vec![
                LogFilter {
                    logger: "sqlstore".to_string(),
                    level: LogLevel::Debug
                },
                LogFilter {
                    logger: "auth".to_string(),
                    level: LogLevel::Trace
                },
            ])
        );
        assert_eq!(parse_filters(""), Ok(vec![]));
        assert!(parse_filters("sqlstore").is_err());
        assert!(parse_filters("sqlstore:loud").is_err());
    }
}
