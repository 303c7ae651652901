//! Keeping credentials out of logs: [`Secret`] wraps a typed credential and
//! [`redacted_value`] hides raw values whose key names a credential, following Grafana's
//! `RedactedValue`. Together they make `Settings` safe to debug-print.

use std::borrow::Cow;
use std::fmt;

use crate::url::redact_password;

/// Key name fragments (upper-cased) whose values are credentials.
const SENSITIVE_KEY_PARTS: [&str; 7] = [
    "PASSWORD",
    "SECRET",
    "TOKEN",
    "PRIVATE_KEY",
    "CERTIFICATE",
    "ACCOUNT_KEY",
    "ENCRYPTION_KEY",
];

const REDACTED: &str = "*********";

/// A password, key or similar credential read from the configuration.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself; use it only where the credential is needed.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("Secret(\"\")")
        } else {
            f.write_str("Secret(<redacted>)")
        }
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

/// `value` of `key` fit for logs: fully hidden when the key names a credential, otherwise
/// with any URL password hidden.
pub(crate) fn redacted_value<'a>(key: &str, value: &'a str) -> Cow<'a, str> {
    let upper_key = key.to_ascii_uppercase();
    if !value.is_empty()
        && SENSITIVE_KEY_PARTS
            .iter()
            .any(|part| upper_key.contains(part))
    {
        return Cow::Borrowed(REDACTED);
    }
    if value.contains('@') {
        return Cow::Owned(redact_password(value));
    }
    Cow::Borrowed(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_credentials_and_url_passwords() {
        assert_eq!(redacted_value("admin_password", "x"), REDACTED);
        assert_eq!(redacted_value("client_secret", "x"), REDACTED);
        assert_eq!(redacted_value("admin_password", ""), "");
        assert_eq!(
            redacted_value("url", "mysql://u:p@h/d"),
            "mysql://u:xxxxx@h/d"
        );
        assert_eq!(redacted_value("domain", "localhost"), "localhost");
    }

    #[test]
    fn debug_hides_the_value() {
        let secret = Secret::from("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(secret.expose(), "hunter2");
        assert_eq!(format!("{:?}", Secret::default()), "Secret(\"\")");
    }
}
