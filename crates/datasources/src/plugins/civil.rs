//! Calendar arithmetic on the proleptic Gregorian calendar in UTC, for the plugins: reading
//! the date-time text databases return (`2024-01-02 03:04:05.678+01`) and writing the
//! timestamps SQL macros and TestData's log lines hold (Go's RFC 3339 with nanoseconds,
//! SQLite's `YYYY-MM-DD HH:MM:SS`).

use sightline_query::frame::Timestamp;

const SECONDS_PER_DAY: i64 = 86_400;
const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The parts of an instant given in epoch milliseconds.
struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    millis: i64,
}

fn parts(epoch_ms: i64) -> Parts {
    let seconds = epoch_ms.div_euclid(1000);
    let millis = epoch_ms.rem_euclid(1000);
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let of_day = seconds.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: of_day / 3600,
        minute: of_day % 3600 / 60,
        second: of_day % 60,
        millis,
    }
}

/// Go's `time.RFC3339Nano` of a UTC instant: `2024-01-02T03:04:05Z`, with a fraction only
/// when there is one and without its trailing zeros (`…05.5Z`).
pub(crate) fn format_rfc3339_nano(epoch_ms: i64) -> String {
    let p = parts(epoch_ms);
    let mut text = date_and_time(&p, 'T');
    if p.millis != 0 {
        let fraction = format!("{:03}", p.millis);
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    text.push('Z');
    text
}

/// SQLite's canonical date-time text, `2024-01-02 03:04:05`, with `.SSS` when the instant
/// has milliseconds: the form `datetime()` writes, so text columns compare correctly.
pub(crate) fn format_sqlite_datetime(epoch_ms: i64) -> String {
    let p = parts(epoch_ms);
    let mut text = date_and_time(&p, ' ');
    if p.millis != 0 {
        text.push_str(&format!(".{:03}", p.millis));
    }
    text
}

/// `2024-01-02<separator>03:04:05`.
fn date_and_time(p: &Parts, separator: char) -> String {
    format!(
        "{:04}-{:02}-{:02}{separator}{:02}:{:02}:{:02}",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// Reads a date or date-time as PostgreSQL, MySQL and SQLite write them: `YYYY-MM-DD`,
/// optionally followed by ` ` or `T`, `HH:MM:SS`, a fraction of up to nine digits and a UTC
/// offset (`Z`, `+01`, `-05:30`). Text without an offset is UTC. `None` for anything else,
/// including `infinity`, zero dates (`0000-00-00`) and dates before the common era.
pub(crate) fn parse_datetime(text: &str) -> Option<Timestamp> {
    let mut cursor = Cursor(text.trim().as_bytes());
    let year = cursor.digits(4, 6)?;
    cursor.expect(b'-')?;
    let month = cursor.digits(2, 2)?;
    cursor.expect(b'-')?;
    let day = cursor.digits(2, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds_of_day = 0;
    let mut nanos = 0;
    let mut offset_seconds = 0;
    if cursor.take_one_of(b" T").is_some() {
        let hour = cursor.digits(2, 2)?;
        cursor.expect(b':')?;
        let minute = cursor.digits(2, 2)?;
        cursor.expect(b':')?;
        let second = cursor.digits(2, 2)?;
        if hour > 24 || minute > 59 || second > 60 {
            return None;
        }
        seconds_of_day = hour * 3600 + minute * 60 + second;
        if cursor.take_one_of(b".").is_some() {
            nanos = cursor.fraction_nanos()?;
        }
        offset_seconds = cursor.offset()?;
    }
    if !cursor.0.is_empty() {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32);
    let seconds = days * SECONDS_PER_DAY + seconds_of_day - offset_seconds;
    let total = i128::from(seconds) * i128::from(NANOS_PER_SECOND) + i128::from(nanos);
    i64::try_from(total).ok().map(Timestamp::from_nanos)
}

/// A small reader over the bytes of a date-time text.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    /// Between `min` and `max` ASCII digits, as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let count = self
            .0
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if count < min {
            return None;
        }
        let (digits, rest) = self.0.split_at(count);
        self.0 = rest;
        digits.iter().try_fold(0i64, |acc, b| {
            acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
        })
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.take_one_of(&[byte]).map(|_| ())
    }

    fn take_one_of(&mut self, bytes: &[u8]) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        if !bytes.contains(first) {
            return None;
        }
        self.0 = rest;
        Some(*first)
    }

    /// The digits after a decimal point, as nanoseconds (digits beyond the ninth dropped).
    fn fraction_nanos(&mut self) -> Option<i64> {
        let count = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        let (digits, rest) = self.0.split_at(count);
        self.0 = rest;
        let mut nanos = 0;
        for position in 0..9 {
            let digit = digits.get(position).map_or(0, |b| i64::from(b - b'0'));
            nanos = nanos * 10 + digit;
        }
        Some(nanos)
    }

    /// A UTC offset in seconds east of UTC: nothing, `Z`, or a sign and `HH[[:]MM[[:]SS]]`.
    fn offset(&mut self) -> Option<i64> {
        let Some(sign) = self.take_one_of(b"Z+-") else {
            return Some(0);
        };
        if sign == b'Z' {
            return Some(0);
        }
        let hours = self.digits(2, 2)?;
        let mut minutes = 0;
        let mut seconds = 0;
        if !self.0.is_empty() {
            let _ = self.take_one_of(b":");
            minutes = self.digits(2, 2)?;
            if !self.0.is_empty() {
                let _ = self.take_one_of(b":");
                seconds = self.digits(2, 2)?;
            }
        }
        let magnitude = hours * 3600 + minutes * 60 + seconds;
        Some(if sign == b'-' { -magnitude } else { magnitude })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 59, 365, 11_016, 19_723, 2_932_896] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days, "{days}");
        }
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }

    #[test]
    fn formats_like_go_and_sqlite() {
        assert_eq!(
            format_rfc3339_nano(1_704_067_200_000),
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(
            format_rfc3339_nano(1_704_067_200_500),
            "2024-01-01T00:00:00.5Z"
        );
        assert_eq!(format_rfc3339_nano(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            format_sqlite_datetime(1_704_067_261_000),
            "2024-01-01 00:01:01"
        );
        assert_eq!(
            format_sqlite_datetime(1_704_067_200_050),
            "2024-01-01 00:00:00.050"
        );
    }

    #[test]
    fn reads_database_date_time_text() {
        let ms = |text: &str| parse_datetime(text).map(Timestamp::millis);
        assert_eq!(ms("2024-01-01"), Some(1_704_067_200_000));
        assert_eq!(ms("2024-01-01 00:00:01"), Some(1_704_067_201_000));
        assert_eq!(ms("2024-01-01T00:00:01.25Z"), Some(1_704_067_201_250));
        assert_eq!(ms("2024-01-01 01:00:01+01"), Some(1_704_067_201_000));
        assert_eq!(ms("2023-12-31 18:30:01-05:30"), Some(1_704_067_201_000));
        assert_eq!(
            parse_datetime("2024-01-01 00:00:00.123456789").map(Timestamp::nanos),
            Some(1_704_067_200_123_456_789)
        );
        for bad in [
            "infinity",
            "0000-00-00 00:00:00",
            "2024-13-01",
            "2024-01-01 BC",
            "",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }
}
