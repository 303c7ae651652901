//! [`TlsSettings`]: whether and how a SQL data source encrypts its connections, read from
//! Grafana's settings.
//!
//! - PostgreSQL: `jsonData.sslmode` (`disable`, `require` — also when empty, as in Grafana —,
//!   `verify-ca`, `verify-full`); certificates from files (`jsonData.tlsConfigurationMethod`
//!   `file-path` or absent: `sslRootCertFile`, `sslCertFile`, `sslKeyFile`) or from their
//!   PEM text (`file-content`: `secureJsonData.tlsCACert`, `tlsClientCert`, `tlsClientKey`).
//!   As in libpq, `require` with a root certificate verifies the chain (`verify-ca`); the
//!   `verify-*` modes need a root certificate, as in Grafana. Unix sockets never use TLS.
//! - MySQL: TLS when `jsonData.tlsAuthWithCACert` (with `secureJsonData.tlsCACert`) or
//!   `jsonData.tlsAuth` (a client certificate: `tlsClientCert`, `tlsClientKey`) is set, as in
//!   Grafana; the certificate and the host name are verified unless `jsonData.tlsSkipVerify`.
//!   `tlsSkipVerify` alone does not turn TLS on (Grafana's behaviour).
//!
//! Where Sightline differs:
//! - Mozilla's root certificates (built into sqlx's rustls) are trusted besides the given
//!   root certificate: sqlx adds one to the other.
//! - A half-configured setting (a flag without its certificate) is an error rather than
//!   silently plain text.

use std::fmt;
use std::path::Path;

use serde_json::{Map, Value};

use super::settings::Address;
use crate::plugin::PluginContext;

/// How much of the server's certificate is checked; `Disabled` means plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    Disabled,
    /// Encrypted, the certificate not checked (`require`, `tlsSkipVerify`).
    Required,
    /// The chain is checked against the root certificate, not the host name.
    VerifyCa,
    /// The chain and the host name are checked.
    VerifyFull,
}

/// A certificate or key: a file read at each connection, or PEM text.
#[derive(Clone, PartialEq, Eq)]
pub enum CertSource {
    File(String),
    Pem(String),
}

impl fmt::Debug for CertSource {
    /// PEM text is not shown: a client key is a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertSource::File(path) => f.debug_tuple("File").field(path).finish(),
            CertSource::Pem(_) => f.write_str("Pem(..)"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSettings {
    pub mode: TlsMode,
    pub root_cert: Option<CertSource>,
    /// A client certificate and its key, always both or neither.
    pub client_cert: Option<(CertSource, CertSource)>,
}

impl TlsSettings {
    pub fn disabled() -> TlsSettings {
        TlsSettings {
            mode: TlsMode::Disabled,
            root_cert: None,
            client_cert: None,
        }
    }

    /// PostgreSQL's settings, or why they cannot work.
    pub fn postgres(context: &PluginContext, address: &Address) -> Result<TlsSettings, String> {
        let json = &context.data_source.json_data;
        let requested = match text(json, "sslmode").unwrap_or("") {
            "disable" => TlsMode::Disabled,
            "" | "require" => TlsMode::Required,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            other => {
                return Err(format!(
                    "invalid sslmode {other:?}: expected disable, require, verify-ca or verify-full"
                ))
            }
        };
        if requested == TlsMode::Disabled || matches!(address, Address::Socket(_)) {
            return Ok(TlsSettings::disabled());
        }
        let from_content = text(json, "tlsConfigurationMethod") == Some("file-content");
        let (root_cert, cert, key) = if from_content {
            (
                pem(context, "tlsCACert"),
                pem(context, "tlsClientCert"),
                pem(context, "tlsClientKey"),
            )
        } else {
            (
                file(json, "sslRootCertFile")?,
                file(json, "sslCertFile")?,
                file(json, "sslKeyFile")?,
            )
        };
        let client_cert = pair(cert, key)?;
        let mode = match (requested, &root_cert) {
            (TlsMode::Required, Some(_)) => TlsMode::VerifyCa,
            (TlsMode::VerifyCa | TlsMode::VerifyFull, None) => {
                let source = if from_content {
                    "secureJsonData.tlsCACert"
                } else {
                    "jsonData.sslRootCertFile"
                };
                return Err(format!(
                    "sslmode {} needs a root certificate: set {source}",
                    if requested == TlsMode::VerifyCa {
                        "verify-ca"
                    } else {
                        "verify-full"
                    }
                ));
            }
            (mode, _) => mode,
        };
        Ok(TlsSettings {
            mode,
            root_cert,
            client_cert,
        })
    }

    /// MySQL's settings, or why they cannot work.
    pub fn mysql(context: &PluginContext, address: &Address) -> Result<TlsSettings, String> {
        let json = &context.data_source.json_data;
        if matches!(address, Address::Socket(_)) {
            return Ok(TlsSettings::disabled());
        }
        let root_cert = if flag(json, "tlsAuthWithCACert") {
            let ca = pem(context, "tlsCACert");
            if ca.is_none() {
                return Err(
                    "jsonData.tlsAuthWithCACert is set but secureJsonData.tlsCACert is empty"
                        .into(),
                );
            }
            ca
        } else {
            None
        };
        let client_cert = if flag(json, "tlsAuth") {
            let client = pair(pem(context, "tlsClientCert"), pem(context, "tlsClientKey"))?;
            if client.is_none() {
                return Err(
                    "jsonData.tlsAuth is set but secureJsonData.tlsClientCert and tlsClientKey are empty"
                        .into(),
                );
            }
            client
        } else {
            None
        };
        if root_cert.is_none() && client_cert.is_none() {
            return Ok(TlsSettings::disabled());
        }
        let mode = if flag(json, "tlsSkipVerify") {
            TlsMode::Required
        } else {
            TlsMode::VerifyFull
        };
        Ok(TlsSettings {
            mode,
            root_cert,
            client_cert,
        })
    }
}

/// A client certificate and its key: both, or neither.
fn pair(
    cert: Option<CertSource>,
    key: Option<CertSource>,
) -> Result<Option<(CertSource, CertSource)>, String> {
    match (cert, key) {
        (Some(cert), Some(key)) => Ok(Some((cert, key))),
        (None, None) => Ok(None),
        (Some(_), None) => Err("a client certificate is set but its client key is missing".into()),
        (None, Some(_)) => Err("a client key is set but its client certificate is missing".into()),
    }
}

/// A PEM text of `secureJsonData`, when set.
fn pem(context: &PluginContext, key: &str) -> Option<CertSource> {
    context
        .secure_json_data
        .get(key)
        .map(|text| text.trim())
        .filter(|text| !text.is_empty())
        .map(|text| CertSource::Pem(text.to_string()))
}

/// A file path of `jsonData`, when set; it must exist (checked once, when the pool opens).
fn file(json: &Map<String, Value>, key: &str) -> Result<Option<CertSource>, String> {
    let Some(path) = text(json, key) else {
        return Ok(None);
    };
    if !Path::new(path).is_file() {
        return Err(format!(
            "certificate file {path:?} (jsonData.{key}) doesn't exist"
        ));
    }
    Ok(Some(CertSource::File(path.to_string())))
}

fn text<'a>(json: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    json.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// A boolean setting, also when written as the string `"true"`.
fn flag(json: &Map<String, Value>, key: &str) -> bool {
    match json.get(key) {
        Some(Value::Bool(value)) => *value,
        Some(Value::String(text)) => text.trim() == "true",
        _ => false,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::models::{Access, DataSource};
    use crate::secrets::SealedSecrets;

    /// A PostgreSQL data source at `db:5432` with these settings.
    pub(in crate::plugins::sql) fn context(
        json_data: Value,
        secrets: &[(&str, &str)],
    ) -> PluginContext {
        let Value::Object(json_data) = json_data else {
            panic!("jsonData must be an object");
        };
        PluginContext {
            org_id: 1,
            data_source: DataSource {
                id: 1,
                uid: "sql".into(),
                org_id: 1,
                name: "sql".into(),
                type_id: "grafana-postgresql-datasource".into(),
                access: Access::Proxy,
                url: "db:5432".into(),
                user: "u".into(),
                database: "d".into(),
                basic_auth: false,
                basic_auth_user: String::new(),
                with_credentials: false,
                is_default: false,
                json_data,
                secure_json_data: SealedSecrets::default(),
                read_only: false,
                prunable: false,
                api_version: String::new(),
                version: 1,
                created: 0,
                updated: 0,
            },
            secure_json_data: secrets
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect::<BTreeMap<_, _>>(),
            user: None,
        }
    }

    const TCP: Address = Address::Tcp {
        host: String::new(),
        port: 5432,
    };

    fn postgres(json_data: Value, secrets: &[(&str, &str)]) -> Result<TlsSettings, String> {
        TlsSettings::postgres(&context(json_data, secrets), &TCP)
    }

    fn mysql(json_data: Value, secrets: &[(&str, &str)]) -> Result<TlsSettings, String> {
        TlsSettings::mysql(&context(json_data, secrets), &TCP)
    }

    fn pem(text: &str) -> CertSource {
        CertSource::Pem(text.into())
    }

    #[test]
    fn postgres_modes_follow_grafana() {
        let mode = |json_data: Value| postgres(json_data, &[]).map(|tls| tls.mode);
        assert_eq!(mode(json!({})), Ok(TlsMode::Required), "empty is require");
        assert_eq!(mode(json!({"sslmode": "require"})), Ok(TlsMode::Required));
        assert_eq!(mode(json!({"sslmode": "disable"})), Ok(TlsMode::Disabled));
        let error = mode(json!({"sslmode": "prefer"})).expect_err("not Grafana's");
        assert!(error.contains("invalid sslmode \"prefer\""), "{error}");
        let error = mode(json!({"sslmode": "verify-full"})).expect_err("no root");
        assert_eq!(
            error,
            "sslmode verify-full needs a root certificate: set jsonData.sslRootCertFile"
        );
        let socket = TlsSettings::postgres(
            &context(json!({"sslmode": "verify-full"}), &[]),
            &Address::Socket("/run/postgresql".into()),
        );
        assert_eq!(
            socket,
            Ok(TlsSettings::disabled()),
            "no TLS on unix sockets"
        );
    }

    #[test]
    fn postgres_certificates_from_content_or_files() {
        let content = json!({"sslmode": "require", "tlsConfigurationMethod": "file-content"});
        let secrets = [
            ("tlsCACert", "CA"),
            ("tlsClientCert", "C"),
            ("tlsClientKey", "K"),
        ];
        assert_eq!(
            postgres(content.clone(), &secrets),
            Ok(TlsSettings {
                mode: TlsMode::VerifyCa,
                root_cert: Some(pem("CA")),
                client_cert: Some((pem("C"), pem("K"))),
            }),
            "require with a root certificate verifies the chain, as libpq"
        );
        let error = postgres(content, &[("tlsClientCert", "C")]).expect_err("no key");
        assert!(error.contains("client key is missing"), "{error}");

        let dir = tempfile::tempdir().expect("temp dir");
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "CA").expect("writes");
        let ca = ca.to_string_lossy().to_string();
        let files = postgres(
            json!({"sslmode": "verify-full", "sslRootCertFile": ca}),
            &[("tlsCACert", "ignored without file-content")],
        )
        .expect("reads the file path");
        assert_eq!(files.mode, TlsMode::VerifyFull);
        assert_eq!(files.root_cert, Some(CertSource::File(ca)));
        let error = postgres(
            json!({"sslmode": "verify-ca", "sslRootCertFile": "/no/such/ca.pem"}),
            &[],
        )
        .expect_err("missing file");
        assert!(error.contains("\"/no/such/ca.pem\""), "{error}");
        assert!(error.contains("doesn't exist"), "{error}");
    }

    #[test]
    fn mysql_uses_tls_only_with_certificates() {
        assert_eq!(mysql(json!({}), &[]), Ok(TlsSettings::disabled()));
        assert_eq!(
            mysql(json!({"tlsSkipVerify": true}), &[]),
            Ok(TlsSettings::disabled()),
            "tlsSkipVerify alone does not turn TLS on, as in Grafana"
        );
        let with_ca = mysql(json!({"tlsAuthWithCACert": true}), &[("tlsCACert", "CA")]);
        assert_eq!(
            with_ca,
            Ok(TlsSettings {
                mode: TlsMode::VerifyFull,
                root_cert: Some(pem("CA")),
                client_cert: None,
            })
        );
        let skip = mysql(
            json!({"tlsAuth": "true", "tlsSkipVerify": true}),
            &[("tlsClientCert", "C"), ("tlsClientKey", "K")],
        );
        assert_eq!(
            skip,
            Ok(TlsSettings {
                mode: TlsMode::Required,
                root_cert: None,
                client_cert: Some((pem("C"), pem("K"))),
            })
        );
        let error = mysql(json!({"tlsAuthWithCACert": true}), &[]).expect_err("no CA");
        assert!(error.contains("tlsCACert is empty"), "{error}");
        let error = mysql(json!({"tlsAuth": true}), &[("tlsClientKey", "K")]).expect_err("no cert");
        assert!(error.contains("client certificate is missing"), "{error}");
    }

    #[test]
    fn client_keys_do_not_show_in_debug_output() {
        let tls = TlsSettings {
            mode: TlsMode::Required,
            root_cert: None,
            client_cert: Some((pem("CERT"), pem("SECRET KEY"))),
        };
        assert!(!format!("{tls:?}").contains("SECRET"));
    }
}
