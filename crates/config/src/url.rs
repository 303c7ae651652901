//! The little URL handling settings need: splitting `scheme://user:pass@host/path?query`
//! (for `[server] root_url` and `[database] url`), percent-encoding and -decoding the
//! parts, and hiding passwords before a URL appears in an error.

/// The parts of an absolute URL; all still percent-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    pub scheme: &'a str,
    pub user: Option<&'a str>,
    pub password: Option<&'a str>,
    /// Host with optional `:port`, as written.
    pub host: &'a str,
    /// Starts with `/` unless empty.
    pub path: &'a str,
    /// Without the `?`.
    pub query: &'a str,
}

/// Splits `scheme://authority/path?query#fragment`; `None` unless it has a valid scheme
/// followed by `://`.
pub(crate) fn split_url(text: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = text.split_once("://")?;
    let mut scheme_chars = scheme.chars();
    let starts_with_letter = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid_scheme = starts_with_letter
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return None;
    }
    let without_fragment = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (before_query, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let authority_len = before_query.find('/').unwrap_or(before_query.len());
    let (authority, path) = before_query.split_at(authority_len);
    let (user_info, host) = match authority.rsplit_once('@') {
        Some((user_info, host)) => (Some(user_info), host),
        None => (None, authority),
    };
    let (user, password) = match user_info.map(|info| info.split_once(':')) {
        Some(Some((user, password))) => (Some(user), Some(password)),
        Some(None) => (user_info, None),
        None => (None, None),
    };
    Some(UrlParts {
        scheme,
        user,
        password,
        host,
        path,
        query,
    })
}

/// `text` with the password of its user info replaced, for messages and logs.
pub(crate) fn redact_password(text: &str) -> String {
    let Some(parts) = split_url(text) else {
        return text.to_string();
    };
    let Some(password) = parts.password else {
        return text.to_string();
    };
    let user = parts.user.unwrap_or_default();
    text.replacen(&format!("{user}:{password}@"), &format!("{user}:xxxxx@"), 1)
}

/// Percent-encodes everything but RFC 3986 unreserved characters, for user names,
/// passwords and database names.
pub(crate) fn percent_encode(text: &str) -> String {
    encode_except(text, |byte| {
        byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
    })
}

/// Percent-encodes what would end or corrupt a URL path, keeping `/`.
pub(crate) fn percent_encode_path(text: &str) -> String {
    encode_except(text, |byte| {
        byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/' | b':' | b'\\')
    })
}

fn encode_except(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if keep(byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_full_urls() {
        let parts = split_url("postgres://us%40er:p:w@db.local:5433/name?sslmode=disable#x");
        assert_eq!(
            parts,
            Some(UrlParts {
                scheme: "postgres",
                user: Some("us%40er"),
                password: Some("p:w"),
                host: "db.local:5433",
                path: "/name",
                query: "sslmode=disable",
            })
        );
        let parts = split_url("https://example.com");
        assert_eq!(
            parts.map(|p| (p.host, p.path, p.user)),
            Some(("example.com", "", None))
        );
        assert_eq!(split_url("localhost:3000/"), None);
        assert_eq!(split_url("://x"), None);
    }

    #[test]
    fn encodes_and_decodes() {
        assert_eq!(percent_encode("p@ss w:rd/%"), "p%40ss%20w%3Ard%2F%25");
        assert_eq!(
            percent_decode("p%40ss%20w%3Ard%2F%25").as_deref(),
            Some("p@ss w:rd/%")
        );
        assert_eq!(percent_decode("bad%zz"), None);
        assert_eq!(percent_decode("cut%4"), None);
        assert_eq!(
            percent_encode_path("/var/my db?#.db"),
            "/var/my%20db%3F%23.db"
        );
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_password("mysql://root:secret@host/db"),
            "mysql://root:xxxxx@host/db"
        );
        assert_eq!(
            redact_password("mysql://root@host/db"),
            "mysql://root@host/db"
        );
        assert_eq!(redact_password("not a url"), "not a url");
    }
}
