//! Dates for the `date` format (`${__from:date:YYYY-MM-DD}`): ISO 8601 and a subset of
//! moment.js format tokens, the syntax Grafana's `date` format takes.
//!
//! Tokens: `YYYY YY Q MMMM MMM MM M DDDD DDD DD Do D dddd ddd dd d E GGGG WW W HH H hh h kk
//! k mm m ss s S…(1–9) A a ZZ Z X x`; text in `[brackets]` is copied; any other character is
//! copied as it is.

use ::time::{OffsetDateTime, UtcOffset};

/// `YYYY-MM-DDTHH:mm:ss.SSSZ` in UTC, as JavaScript's `toISOString`.
pub(super) fn iso(millis: i64) -> String {
    format(millis, "YYYY-MM-DD[T]HH:mm:ss.SSS[Z]", UtcOffset::UTC)
}

/// `millis` formatted with a moment.js `pattern` in the time zone `offset`; moment's
/// `Invalid date` outside years 1–9999.
pub(super) fn format(millis: i64, pattern: &str, offset: UtcOffset) -> String {
    let Some(t) = OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .map(|t| t.to_offset(offset))
        .filter(|t| (1..=9999).contains(&t.year()))
    else {
        return "Invalid date".to_string();
    };
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            if let Some(end) = rest.find(']') {
                out.push_str(&rest[1..end]);
                rest = &rest[end + 1..];
                continue;
            }
        }
        match TOKENS.iter().find(|token| rest.starts_with(**token)) {
            Some(token) => {
                write_token(&mut out, token, &t, millis);
                rest = &rest[token.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Longest first, so `MMMM` is not read as `MM` twice.
const TOKENS: &[&str] = &[
    "YYYY",
    "YY",
    "Q",
    "MMMM",
    "MMM",
    "MM",
    "M",
    "DDDD",
    "DDD",
    "DD",
    "Do",
    "D",
    "dddd",
    "ddd",
    "dd",
    "d",
    "E",
    "GGGG",
    "WW",
    "W",
    "HH",
    "H",
    "hh",
    "h",
    "kk",
    "k",
    "mm",
    "m",
    "ss",
    "s",
    "SSSSSSSSS",
    "SSSSSSSS",
    "SSSSSSS",
    "SSSSSS",
    "SSSSS",
    "SSSS",
    "SSS",
    "SS",
    "S",
    "A",
    "a",
    "ZZ",
    "Z",
    "X",
    "x",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn write_token(out: &mut String, token: &str, t: &OffsetDateTime, millis: i64) {
    let month = usize::from(u8::from(t.month()));
    let weekday = usize::from(t.weekday().number_days_from_sunday());
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let text = match token {
        "YYYY" => format!("{:04}", t.year()),
        "YY" => format!("{:02}", t.year().rem_euclid(100)),
        "Q" => ((month - 1) / 3 + 1).to_string(),
        "MMMM" => MONTHS[month - 1].to_string(),
        "MMM" => MONTHS[month - 1][..3].to_string(),
        "MM" => format!("{month:02}"),
        "M" => month.to_string(),
        "DDDD" => format!("{:03}", t.ordinal()),
        "DDD" => t.ordinal().to_string(),
        "DD" => format!("{:02}", t.day()),
        "Do" => ordinal(t.day()),
        "D" => t.day().to_string(),
        "dddd" => WEEKDAYS[weekday].to_string(),
        "ddd" => WEEKDAYS[weekday][..3].to_string(),
        "dd" => WEEKDAYS[weekday][..2].to_string(),
        "d" => weekday.to_string(),
        "E" => t.weekday().number_from_monday().to_string(),
        "GGGG" => format!("{:04}", t.to_iso_week_date().0),
        "WW" => format!("{:02}", t.iso_week()),
        "W" => t.iso_week().to_string(),
        "HH" => format!("{:02}", t.hour()),
        "H" => t.hour().to_string(),
        "hh" => format!("{hour12:02}"),
        "h" => hour12.to_string(),
        "kk" => format!("{:02}", if t.hour() == 0 { 24 } else { t.hour() }),
        "k" => (if t.hour() == 0 { 24 } else { t.hour() }).to_string(),
        "mm" => format!("{:02}", t.minute()),
        "m" => t.minute().to_string(),
        "ss" => format!("{:02}", t.second()),
        "s" => t.second().to_string(),
        "A" => (if t.hour() < 12 { "AM" } else { "PM" }).to_string(),
        "a" => (if t.hour() < 12 { "am" } else { "pm" }).to_string(),
        "ZZ" => offset_text(t.offset(), ""),
        "Z" => offset_text(t.offset(), ":"),
        "X" => millis.div_euclid(1000).to_string(),
        "x" => millis.to_string(),
        fraction => {
            // S…: the leading digits of the milliseconds, zero-padded past three.
            let digits = format!("{:03}", t.millisecond());
            let width = fraction.len();
            format!("{:0<width$}", &digits[..width.min(3)])
        }
    };
    out.push_str(&text);
}

fn ordinal(day: u8) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

fn offset_text(offset: UtcOffset, separator: &str) -> String {
    let sign = if offset.is_negative() { '-' } else { '+' };
    let hours = offset.whole_hours().unsigned_abs();
    let minutes = offset.minutes_past_hour().unsigned_abs();
    format!("{sign}{hours:02}{separator}{minutes:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sunday 2024-05-05 08:09:07.045 UTC.
    const T: i64 = 1_714_896_547_045;

    #[test]
    fn formats_moment_tokens() {
        let cases = [
            ("YYYY-MM-DD HH:mm:ss", "2024-05-05 08:09:07"),
            ("YYYY-MM", "2024-05"),
            ("YY Q M MMM MMMM", "24 2 5 May May"),
            ("D Do DD DDD DDDD", "5 5th 05 126 126"),
            ("d dd ddd dddd E", "0 Su Sun Sunday 7"),
            ("W WW GGGG", "18 18 2024"),
            ("H HH h hh k kk A a", "8 08 8 08 8 08 AM am"),
            ("m mm s ss S SS SSS SSSSSS", "9 09 7 07 0 04 045 045000"),
            ("X x", "1714896547 1714896547045"),
            ("Z ZZ", "+00:00 +0000"),
            ("[Today is] dddd [YYYY]", "Today is Sunday YYYY"),
            ("YYYY/MM/DD|tT [q", "2024/05/05|tT [q"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(format(T, pattern, UtcOffset::UTC), expected, "{pattern}");
        }
    }

    #[test]
    fn formats_in_the_given_offset() {
        let offset = UtcOffset::from_hms(-9, -30, 0).expect("offset");
        assert_eq!(
            format(T, "YYYY-MM-DD HH:mm Z ZZ", offset),
            "2024-05-04 22:39 -09:30 -0930"
        );
    }

    #[test]
    fn iso_is_utc_with_milliseconds() {
        assert_eq!(iso(T), "2024-05-05T08:09:07.045Z");
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(i64::MAX), "Invalid date");
    }

    #[test]
    fn ordinals() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (31, "31st"),
        ];
        for (day, text) in cases {
            assert_eq!(ordinal(day), text);
        }
    }
}
