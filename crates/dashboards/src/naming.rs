//! Names derived from titles and the rules for uids: Grafana's slugs (`production-overview`),
//! generated short uids, and uid validation shared by dashboards and folders.

use rand::Rng;

use crate::error::{DashboardError, Result};

/// The longest uid Grafana accepts.
pub const MAX_UID_LENGTH: usize = 40;

/// The longest slug kept; longer ones (and empty ones) become a name-based UUID, as in Grafana.
const MAX_SLUG_LENGTH: usize = 50;

/// Grafana's slug of a title: lowercase, spaces as `-`, a few symbols and accented latin
/// letters spelled out, punctuation dropped, anything else hex-encoded byte by byte. A slug
/// that comes out empty or longer than 50 bytes is replaced by a UUID derived from the title.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for ch in title.trim().to_lowercase().chars() {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-' {
            slug.push(ch);
        } else if let Some(spelled) = spelled_out(ch) {
            slug.push_str(spelled);
        } else if !matches!(
            ch,
            ',' | '"' | '\'' | '\n' | '\r' | '\0' | '?' | '.' | '(' | ')'
        ) {
            let mut bytes = [0u8; 4];
            for byte in ch.encode_utf8(&mut bytes).bytes() {
                slug.push_str(&format!("{byte:x}"));
            }
        }
    }
    if slug.is_empty() || slug.len() > MAX_SLUG_LENGTH {
        return uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, title.as_bytes()).to_string();
    }
    slug
}

/// How the slug spells characters that are not plain `[a-z0-9_-]`.
fn spelled_out(ch: char) -> Option<&'static str> {
    Some(match ch {
        ' ' => "-",
        '&' => "and",
        '@' => "at",
        '©' => "c",
        '®' => "r",
        '™' => "tm",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ü' => "ue",
        'à' | 'á' | 'â' | 'ä' | 'å' | 'ã' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ù' | 'ú' | 'û' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ł' | 'ĺ' | 'ļ' | 'ľ' => "l",
        _ => return None,
    })
}

/// A new short uid: 14 characters of `[a-z0-9]`, starting with a letter so it never reads as
/// a number.
pub fn new_uid() -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    let mut uid = String::with_capacity(14);
    uid.push(char::from(LETTERS[rng.gen_range(0..LETTERS.len())]));
    for _ in 1..14 {
        uid.push(char::from(
            ALPHANUMERIC[rng.gen_range(0..ALPHANUMERIC.len())],
        ));
    }
    uid
}

/// Checks a caller-chosen uid: at most 40 characters of `[a-zA-Z0-9_-]`.
pub fn check_uid(uid: &str) -> Result<()> {
    if uid.len() > MAX_UID_LENGTH {
        return Err(DashboardError::UidTooLong);
    }
    let legal = |ch: char| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-';
    if !uid.chars().all(legal) {
        return Err(DashboardError::InvalidUid);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_grafana() {
        assert_eq!(slugify("Production Overview"), "production-overview");
        assert_eq!(slugify("  Café & Co.  "), "cafe-and-co");
        assert_eq!(slugify("CPU (per core)"), "cpu-per-core");
        assert_eq!(slugify("a/b"), "a2fb");
        assert_eq!(slugify("under_score-dash"), "under_score-dash");
    }

    #[test]
    fn empty_or_long_slugs_become_a_stable_uuid() {
        let from_symbols = slugify("???");
        assert_eq!(from_symbols.len(), 36);
        assert_eq!(from_symbols, slugify("???"));
        assert_eq!(slugify(&"x".repeat(51)).len(), 36);
        assert_eq!(slugify(&"x".repeat(50)), "x".repeat(50));
    }

    #[test]
    fn generated_uids_are_short_and_legal() {
        for _ in 0..100 {
            let uid = new_uid();
            assert_eq!(uid.len(), 14);
            assert!(uid.starts_with(|ch: char| ch.is_ascii_lowercase()));
            assert!(check_uid(&uid).is_ok());
        }
    }

    #[test]
    fn uids_are_checked_for_length_and_characters() {
        assert!(check_uid("abc-DEF_123").is_ok());
        assert!(matches!(check_uid("a b"), Err(DashboardError::InvalidUid)));
        assert!(matches!(check_uid("a/b"), Err(DashboardError::InvalidUid)));
        assert!(matches!(
            check_uid(&"a".repeat(41)),
            Err(DashboardError::UidTooLong)
        ));
    }
}
