//! `[server]`: how the HTTP server listens and the public URL it is reached at.

use std::path::PathBuf;

use crate::error::ConfigError;
use crate::url::split_url;
use crate::values::{one_of, SectionValues};

/// `[server] protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Http,
    Https,
    /// HTTP/2 over TLS.
    H2,
    /// HTTP over a unix socket (`[server] socket`).
    Socket,
}

impl Protocol {
    const CHOICES: [(&'static str, Protocol); 4] = [
        ("http", Protocol::Http),
        ("https", Protocol::Https),
        ("h2", Protocol::H2),
        ("socket", Protocol::Socket),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Http => "http",
            Protocol::Https => "https",
            Protocol::H2 => "h2",
            Protocol::Socket => "socket",
        }
    }

    /// True for the protocols that need `cert_file` and `cert_key`.
    pub fn uses_tls(self) -> bool {
        matches!(self, Protocol::Https | Protocol::H2)
    }
}

/// The `[server]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    /// `[server] protocol`: http, https, h2 or socket (default http).
    pub protocol: Protocol,
    /// `[server] http_addr`: address to bind; empty binds all interfaces (default empty).
    pub http_addr: String,
    /// `[server] http_port`: TCP port; 0 picks a free one (default 3000).
    pub http_port: u16,
    /// `[server] domain`: public domain name (default localhost).
    pub domain: String,
    /// `[server] root_url`: the public URL, always ending in `/`
    /// (default `%(protocol)s://%(domain)s:%(http_port)s/`, i.e. `http://localhost:3000/`).
    pub root_url: String,
    /// `[server] serve_from_sub_path`: serve under the sub path of `root_url` rather than
    /// expecting a proxy to strip it (default false).
    pub serve_from_sub_path: bool,
    /// `[server] enable_gzip`: gzip-compress responses (default false).
    pub enable_gzip: bool,
    /// `[server] cert_file`: TLS certificate; set whenever `protocol` uses TLS.
    pub cert_file: Option<PathBuf>,
    /// `[server] cert_key`: TLS private key; set whenever `protocol` uses TLS.
    pub cert_key: Option<PathBuf>,
    /// `[server] socket`: unix socket path for protocol socket (default /tmp/sightline.sock).
    pub socket: PathBuf,
}

impl ServerSettings {
    pub(crate) fn read(server: &SectionValues<'_>) -> Result<ServerSettings, ConfigError> {
        let protocol = server.parse("protocol", |text| one_of(text, &Protocol::CHOICES))?;
        let cert_file = optional_path(server.string("cert_file"));
        let cert_key = optional_path(server.string("cert_key"));
        if protocol.uses_tls() {
            for (key, path) in [("cert_file", &cert_file), ("cert_key", &cert_key)] {
                if path.is_none() {
                    let expected = format!("required when protocol is {}", protocol.as_str());
                    return Err(server.invalid(key, "", expected));
                }
            }
        }
        Ok(ServerSettings {
            protocol,
            http_addr: server.string("http_addr"),
            http_port: server.integer("http_port")?,
            domain: server.string_or_default("domain"),
            root_url: server.parse("root_url", parse_root_url)?,
            serve_from_sub_path: server.bool("serve_from_sub_path")?,
            enable_gzip: server.bool("enable_gzip")?,
            cert_file,
            cert_key,
            socket: PathBuf::from(server.string_or_default("socket")),
        })
    }

    /// The path part of `root_url` without its trailing slash, e.g. `/grafana` for
    /// `https://example.com/grafana/`; empty when served from the root. Grafana calls it
    /// `AppSubUrl`.
    pub fn app_sub_url(&self) -> &str {
        let path = split_url(&self.root_url).map_or("", |parts| parts.path);
        path.strip_suffix('/').unwrap_or(path)
    }
}

/// Checks that `text` is an absolute URL and appends the `/` Grafana guarantees.
fn parse_root_url(text: &str) -> Result<String, String> {
    let has_host = split_url(text).is_some_and(|parts| !parts.host.is_empty());
    if !has_host {
        return Err("expected an absolute url such as http://localhost:3000/".to_string());
    }
    if text.ends_with('/') {
        return Ok(text.to_string());
    }
    Ok(format!("{text}/"))
}

fn optional_path(text: String) -> Option<PathBuf> {
    (!text.is_empty()).then(|| PathBuf::from(text))
}
