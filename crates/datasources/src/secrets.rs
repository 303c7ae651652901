//! Data source secrets at rest (`secureJsonData`): each value is sealed on its own with
//! AES-256-GCM under a key derived from `[security] secret_key`, with a random 96-bit nonce
//! per value and the field name as associated data (a sealed value moved to another field does
//! not open).
//!
//! A sealed value is stored as `v1.<key id>.<base64 of nonce ‖ ciphertext ‖ tag>`. The key id
//! (8 hex digits, derived from the secret key apart from the encryption key) tells a value
//! sealed under another `secret_key` from a corrupt one, so the error can say which it is.
//! Values are opened only where a plugin needs them; the API reports field names alone.

use std::collections::BTreeMap;
use std::fmt;

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hkdf::Hkdf;
use sha2::Sha256;

/// Salt of the key derivation: fixed, so every server with the same `secret_key` derives the
/// same key.
const KDF_SALT: &[u8] = b"sightline data source secrets";
const ENCRYPTION_KEY_INFO: &[u8] = b"aes-256-gcm key v1";
const KEY_ID_INFO: &[u8] = b"key id v1";
const FORMAT_PREFIX: &str = "v1";
const NONCE_BYTES: usize = 12;

/// A stored secret that cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error(
        "cannot decrypt secureJsonData field {field:?}: it was encrypted with another \
         [security] secret_key (key id {stored_key_id}, the configured key has id \
         {configured_key_id})"
    )]
    WrongKey {
        field: String,
        stored_key_id: String,
        configured_key_id: String,
    },
    #[error("cannot decrypt secureJsonData field {field:?}: {reason}")]
    Corrupt { field: String, reason: String },
    #[error("cannot encrypt secureJsonData field {field:?}")]
    Encrypt { field: String },
}

/// Seals and opens secret values; built once from `[security] secret_key`.
#[derive(Clone)]
pub struct SecretCipher {
    cipher: Aes256Gcm,
    key_id: String,
}

impl fmt::Debug for SecretCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretCipher(key id {})", self.key_id)
    }
}

impl SecretCipher {
    /// Derives the encryption key and the key id from `secret_key` with HKDF-SHA256.
    pub fn new(secret_key: &str) -> SecretCipher {
        let kdf = Hkdf::<Sha256>::new(Some(KDF_SALT), secret_key.as_bytes());
        let mut key = [0u8; 32];
        let mut key_id = [0u8; 4];
        // HKDF-SHA256 yields up to 8160 bytes; 32 and 4 are always valid lengths.
        kdf.expand(ENCRYPTION_KEY_INFO, &mut key)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        kdf.expand(KEY_ID_INFO, &mut key_id)
            .expect("4 bytes is a valid HKDF-SHA256 output length");
        SecretCipher {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key)),
            key_id: hex::encode(key_id),
        }
    }

    /// `plaintext` sealed for the field `field`.
    pub fn seal(&self, field: &str, plaintext: &str) -> Result<String, SecretError> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: field.as_bytes(),
        };
        let ciphertext =
            self.cipher
                .encrypt(&nonce, payload)
                .map_err(|_| SecretError::Encrypt {
                    field: field.to_string(),
                })?;
        let mut sealed = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(format!(
            "{FORMAT_PREFIX}.{}.{}",
            self.key_id,
            BASE64.encode(sealed)
        ))
    }

    /// The plaintext of the value `sealed` of the field `field`.
    pub fn open(&self, field: &str, sealed: &str) -> Result<String, SecretError> {
        let corrupt = |reason: &str| SecretError::Corrupt {
            field: field.to_string(),
            reason: reason.to_string(),
        };
        let mut parts = sealed.splitn(3, '.');
        let (Some(FORMAT_PREFIX), Some(key_id), Some(encoded)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(corrupt("the stored value is not in the v1 format"));
        };
        if key_id != self.key_id {
            return Err(SecretError::WrongKey {
                field: field.to_string(),
                stored_key_id: key_id.to_string(),
                configured_key_id: self.key_id.clone(),
            });
        }
        let bytes = BASE64
            .decode(encoded)
            .map_err(|_| corrupt("the stored value is not valid base64"))?;
        if bytes.len() < NONCE_BYTES {
            return Err(corrupt("the stored value is too short"));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let payload = Payload {
            msg: ciphertext,
            aad: field.as_bytes(),
        };
        let plaintext = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| corrupt("authentication failed: the stored value was altered"))?;
        String::from_utf8(plaintext).map_err(|_| corrupt("the plaintext is not UTF-8"))
    }
}

/// The sealed `secureJsonData` of one data source: field name → sealed value. Field names are
/// what the API shows (`secureJsonFields`); values never leave the domain unopened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealedSecrets(BTreeMap<String, String>);

impl SealedSecrets {
    /// Reads the stored column; an empty column holds no secrets.
    pub(crate) fn from_stored(text: &str) -> Result<SealedSecrets, serde_json::Error> {
        if text.trim().is_empty() {
            return Ok(SealedSecrets::default());
        }
        serde_json::from_str(text).map(SealedSecrets)
    }

    /// The stored column's text.
    pub(crate) fn to_stored(&self) -> String {
        serde_json::Value::from_iter(
            self.0
                .iter()
                .map(|(field, sealed)| (field.clone(), serde_json::Value::from(sealed.clone()))),
        )
        .to_string()
    }

    /// The names of the fields that hold a value.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Applies the `secureJsonData` of a create or update: a field with a value is sealed and
    /// replaces the stored one, a field set to `""` is removed (Grafana keeps it empty, which
    /// shows the same: not set), and fields not named keep their stored value unopened.
    pub(crate) fn apply(
        &mut self,
        cipher: &SecretCipher,
        changes: &BTreeMap<String, String>,
    ) -> Result<(), SecretError> {
        for (field, value) in changes {
            if value.is_empty() {
                self.0.remove(field);
            } else {
                self.0.insert(field.clone(), cipher.seal(field, value)?);
            }
        }
        Ok(())
    }

    /// Every field opened.
    pub(crate) fn open_all(
        &self,
        cipher: &SecretCipher,
    ) -> Result<BTreeMap<String, String>, SecretError> {
        self.0
            .iter()
            .map(|(field, sealed)| Ok((field.clone(), cipher.open(field, sealed)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWORD: &str = "correct horse battery staple";

    fn sealed_password(cipher: &SecretCipher) -> SealedSecrets {
        let mut secrets = SealedSecrets::default();
        let changes = BTreeMap::from([("password".to_string(), PASSWORD.to_string())]);
        secrets.apply(cipher, &changes).expect("sealed");
        secrets
    }

    #[test]
    fn stored_text_holds_no_plaintext_and_opens_again() {
        let cipher = SecretCipher::new("SW2YcwTIb9zpOOhoPsMm");
        let stored = sealed_password(&cipher).to_stored();
        assert!(!stored.contains(PASSWORD), "{stored}");
        assert!(!stored.contains("horse"), "{stored}");
        assert!(!stored.contains(&BASE64.encode(PASSWORD)), "{stored}");
        let read = SealedSecrets::from_stored(&stored).expect("stored JSON");
        assert_eq!(read.field_names().collect::<Vec<_>>(), ["password"]);
        let opened = read.open_all(&cipher).expect("opens");
        assert_eq!(opened["password"], PASSWORD);
    }

    #[test]
    fn each_seal_uses_a_fresh_nonce() {
        let cipher = SecretCipher::new("key");
        let first = cipher.seal("password", PASSWORD).expect("sealed");
        let second = cipher.seal("password", PASSWORD).expect("sealed");
        assert_ne!(first, second);
    }

    #[test]
    fn the_wrong_key_fails_with_a_clear_error() {
        let sealed = sealed_password(&SecretCipher::new("the old key"));
        let error = sealed
            .open_all(&SecretCipher::new("a new key"))
            .expect_err("another key must not open it");
        assert!(matches!(error, SecretError::WrongKey { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("\"password\""), "{message}");
        assert!(message.contains("[security] secret_key"), "{message}");
    }

    #[test]
    fn altered_or_moved_values_do_not_open() {
        let cipher = SecretCipher::new("key");
        let sealed = cipher.seal("password", PASSWORD).expect("sealed");
        let error = cipher
            .open("basicAuthPassword", &sealed)
            .expect_err("bound to its field");
        assert!(matches!(error, SecretError::Corrupt { .. }), "{error:?}");
        let mut altered = sealed.clone();
        let last = altered.pop().expect("not empty");
        altered.push(if last == 'A' { 'B' } else { 'A' });
        assert!(cipher.open("password", &altered).is_err());
        assert!(cipher.open("password", "plain text").is_err());
        assert!(cipher.open("password", "v1.").is_err());
    }

    #[test]
    fn empty_values_remove_fields_and_unnamed_fields_stay() {
        let cipher = SecretCipher::new("key");
        let mut secrets = sealed_password(&cipher);
        let token = BTreeMap::from([("token".to_string(), "t0k3n".to_string())]);
        secrets.apply(&cipher, &token).expect("sealed");
        assert_eq!(
            secrets.field_names().collect::<Vec<_>>(),
            ["password", "token"]
        );
        let cleared = BTreeMap::from([("password".to_string(), String::new())]);
        secrets.apply(&cipher, &cleared).expect("applied");
        assert_eq!(secrets.field_names().collect::<Vec<_>>(), ["token"]);
        assert_eq!(secrets.open_all(&cipher).expect("opens")["token"], "t0k3n");
    }

    #[test]
    fn an_empty_column_holds_no_secrets() {
        assert!(SealedSecrets::from_stored("").expect("empty").is_empty());
        assert!(SealedSecrets::from_stored("{}").expect("empty").is_empty());
        assert!(SealedSecrets::from_stored("not json").is_err());
    }
}
