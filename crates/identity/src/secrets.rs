//! Password hashing (Argon2id, memory-hard) and the random tokens of sessions and service
//! accounts, which are stored only as hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::distributions::Alphanumeric;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

use crate::error::{IdentityError, Result};

/// Grafana's minimum password length.
pub const MIN_PASSWORD_LENGTH: usize = 4;

fn hasher() -> Argon2<'static> {
    // OWASP's first recommended Argon2id setting: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| IdentityError::Invalid(format!("cannot hash password: {error}")))
}

/// False for a wrong password and for an unusable stored hash (such as a service account's).
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

pub fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(IdentityError::Invalid("new password is too short".into()));
    }
    Ok(())
}

/// A random session token as sent in the cookie.
pub fn new_session_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A service account token in Grafana's format: `glsa_<32 alphanumerics>_<crc32 hex>`.
pub fn new_service_account_token() -> String {
    let secret: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    let body = format!("glsa_{secret}");
    format!("{body}_{:08x}", crc32(body.as_bytes()))
}

/// True when `token` has the shape and checksum of a service account token.
pub fn is_service_account_token(token: &str) -> bool {
    let Some((body, checksum)) = token.rsplit_once('_') else {
        return false;
    };
    body.starts_with("glsa_") && checksum == format!("{:08x}", crc32(body.as_bytes()))
}

/// The stored form of a token: SHA-256 over the server secret and the token.
pub fn hash_token(secret_key: &str, token: &str) -> String {
    let mut digest = Sha256::new();
    digest.update(secret_key.as_bytes());
    digest.update(token.as_bytes());
    hex::encode(digest.finalize())
}

/// CRC-32 (IEEE), the checksum Grafana appends to its tokens.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_verifies_only_the_same_password() {
        let hash = hash_password("s3cret!").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("s3cret!", &hash));
        assert!(!verify_password("s3cret?", &hash));
        assert!(!verify_password("s3cret!", "not a hash"));
    }

    #[test]
    fn service_account_tokens_carry_a_valid_checksum() {
        let token = new_service_account_token();
        assert!(token.starts_with("glsa_"));
        assert!(is_service_account_token(&token));
        let mut tampered = token.clone();
        tampered.replace_range(5..6, if &token[5..6] == "a" { "b" } else { "a" });
        assert!(!is_service_account_token(&tampered));
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_new_password("abc").is_err());
        assert!(check_new_password("abcd").is_ok());
    }
}
