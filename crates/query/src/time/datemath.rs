//! Date math expressions (`now-1d/d`, `2024-05-01T10:00:00Z||+1M/M`), with the grammar and
//! evaluation of go-datemath, the library Grafana's backend uses.

use ::time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::calendar;
use super::{TimeError, TimeOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Year,
    FiscalYear,
    Quarter,
    FiscalQuarter,
    Month,
    Week,
    Day,
    BusinessDay,
    Hour,
    Minute,
    Second,
}

#[derive(Debug, Clone, PartialEq)]
enum Anchor {
    Now,
    /// Calendar fields; `offset` when the text named one.
    Absolute {
        date: Date,
        time: Time,
        offset: Option<UtcOffset>,
    },
    Millis(i64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Add(i64, Unit),
    Round(Unit),
}

/// Evaluates `input` to epoch nanoseconds.
pub(super) fn evaluate(
    input: &str,
    round_up: bool,
    options: &TimeOptions,
) -> Result<i128, TimeError> {
    let (anchor, steps) = Parser::new(input)
        .expression()
        .map_err(|reason| TimeError::Invalid {
            input: input.to_string(),
            reason,
        })?;
    let out_of_range = || TimeError::OutOfRange {
        input: input.to_string(),
    };
    let mut t = anchor_time(&anchor, options).ok_or_else(out_of_range)?;
    for step in steps {
        t = match step {
            Step::Add(count, unit) => add(t, count, unit),
            Step::Round(Unit::BusinessDay) => {
                return Err(TimeError::Invalid {
                    input: input.to_string(),
                    reason: "cannot round to business days".into(),
                })
            }
            Step::Round(unit) => round(t, unit, round_up, options),
        }
        .ok_or_else(out_of_range)?;
    }
    Ok(t.unix_timestamp_nanos())
}

fn anchor_time(anchor: &Anchor, options: &TimeOptions) -> Option<OffsetDateTime> {
    match anchor {
        Anchor::Now => millis_to_time(options.now_ms, options.offset),
        Anchor::Millis(millis) => millis_to_time(*millis, options.offset),
        Anchor::Absolute { date, time, offset } => Some(
            PrimitiveDateTime::new(*date, *time).assume_offset(offset.unwrap_or(options.offset)),
        ),
    }
}

fn millis_to_time(millis: i64, offset: UtcOffset) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .map(|t| t.to_offset(offset))
}

fn add(t: OffsetDateTime, count: i64, unit: Unit) -> Option<OffsetDateTime> {
    match unit {
        Unit::Year | Unit::FiscalYear => calendar::add_months(t, count.checked_mul(12)?),
        Unit::Quarter | Unit::FiscalQuarter => calendar::add_months(t, count.checked_mul(3)?),
        Unit::Month => calendar::add_months(t, count),
        Unit::Week => calendar::add_days(t, count.checked_mul(7)?),
        Unit::Day => calendar::add_days(t, count),
        Unit::BusinessDay => add_business_days(t, count),
        Unit::Hour => t.checked_add(Duration::seconds(count.checked_mul(3_600)?)),
        Unit::Minute => t.checked_add(Duration::seconds(count.checked_mul(60)?)),
        Unit::Second => t.checked_add(Duration::seconds(count)),
    }
}

/// Steps day by day, skipping Saturdays and Sundays, as go-datemath does.
fn add_business_days(mut t: OffsetDateTime, count: i64) -> Option<OffsetDateTime> {
    const MAX_BUSINESS_DAYS: i64 = 100_000;
    if count.abs() > MAX_BUSINESS_DAYS {
        return None;
    }
    let direction = count.signum();
    for _ in 0..count.abs() {
        t = calendar::add_days(t, direction)?;
        while calendar::is_weekend(t) {
            t = calendar::add_days(t, direction)?;
        }
    }
    Some(t)
}

/// Rounds down to the start of `unit`, or with `round_up` to the last millisecond of it.
fn round(
    t: OffsetDateTime,
    unit: Unit,
    round_up: bool,
    options: &TimeOptions,
) -> Option<OffsetDateTime> {
    let start = round_down(t, unit, options)?;
    if !round_up {
        return Some(start);
    }
    add(start, 1, unit)?.checked_sub(Duration::milliseconds(1))
}

fn round_down(t: OffsetDateTime, unit: Unit, options: &TimeOptions) -> Option<OffsetDateTime> {
    match unit {
        Unit::Year => calendar::first_of_month(t, t.year(), Month::January),
        Unit::FiscalYear => calendar::start_of_fiscal_year(t, options.fiscal_year_start),
        Unit::Quarter => {
            let first_month = (u8::from(t.month()) - 1) / 3 * 3 + 1;
            calendar::first_of_month(t, t.year(), Month::try_from(first_month).ok()?)
        }
        Unit::FiscalQuarter => {
            let year_start = calendar::start_of_fiscal_year(t, options.fiscal_year_start)?;
            let months_in = (i64::from(u8::from(t.month()))
                - i64::from(u8::from(year_start.month())))
            .rem_euclid(12);
            calendar::add_months(year_start, months_in / 3 * 3)
        }
        Unit::Month => calendar::first_of_month(t, t.year(), t.month()),
        Unit::Week => calendar::start_of_week(t, options.week_start),
        Unit::Day => Some(calendar::midnight(t, t.date())),
        // Like Go's Time.Truncate: on absolute time, whatever the offset.
        Unit::Hour => truncate(t, 3_600),
        Unit::Minute => truncate(t, 60),
        Unit::Second => truncate(t, 1),
        Unit::BusinessDay => None,
    }
}

fn truncate(t: OffsetDateTime, seconds: i128) -> Option<OffsetDateTime> {
    let step = seconds * 1_000_000_000;
    let nanos = t.unix_timestamp_nanos();
    OffsetDateTime::from_unix_timestamp_nanos(nanos - nanos.rem_euclid(step))
        .ok()
        .map(|truncated| truncated.to_offset(t.offset()))
}

/// A recursive-descent reader of the go-datemath grammar.
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

type Parsed<T> = Result<T, String>;

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn expression(mut self) -> Parsed<(Anchor, Vec<Step>)> {
        if self.eat("now") {
            let steps = self.steps()?;
            return Ok((Anchor::Now, steps));
        }
        let anchor = self.absolute()?;
        if self.at_end() {
            return Ok((anchor, Vec::new()));
        }
        if !self.eat("||") {
            return Err(self.unexpected("`||` before date math"));
        }
        let steps = self.steps()?;
        Ok((anchor, steps))
    }

    fn steps(&mut self) -> Parsed<Vec<Step>> {
        let mut steps = Vec::new();
        while let Some(byte) = self.peek() {
            self.pos += 1;
            let step = match byte {
                b'+' | b'-' => {
                    let digits = self.digits();
                    let count: i64 = if digits.is_empty() {
                        1
                    } else {
                        digits
                            .parse()
                            .map_err(|_| format!("number {digits} is too large"))?
                    };
                    let sign = if byte == b'-' { -1 } else { 1 };
                    Step::Add(sign * count, self.unit()?)
                }
                b'/' => Step::Round(self.unit()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected("`+`, `-` or `/`"));
                }
            };
            steps.push(step);
        }
        Ok(steps)
    }

    fn unit(&mut self) -> Parsed<Unit> {
        if self.eat("fy") {
            return Ok(Unit::FiscalYear);
        }
        if self.eat("fQ") {
            return Ok(Unit::FiscalQuarter);
        }
        let unit = match self.peek() {
            Some(b'y') => Unit::Year,
            Some(b'Q') => Unit::Quarter,
            Some(b'M') => Unit::Month,
            Some(b'w') => Unit::Week,
            Some(b'd') => Unit::Day,
            Some(b'b') => Unit::BusinessDay,
            Some(b'h' | b'H') => Unit::Hour,
            Some(b'm') => Unit::Minute,
            Some(b's') => Unit::Second,
            _ => return Err(self.unexpected("a unit (y, Q, M, w, d, b, h, m, s, fy, fQ)")),
        };
        self.pos += 1;
        Ok(unit)
    }

    /// `YYYY[-MM[-DD]][Thh[:mm[:ss[.fff]]][Z|±hh:mm]]`, `hh[:mm[:ss[.fff]]]` (on
    /// 1970-01-01), or five or more digits of epoch milliseconds.
    fn absolute(&mut self) -> Parsed<Anchor> {
        let leading = self.bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if leading >= 5 {
            let digits = self.digits();
            let millis = digits
                .parse()
                .map_err(|_| format!("timestamp {digits} is too large"))?;
            return Ok(Anchor::Millis(millis));
        }
        if leading == 2 {
            let time = self.time()?;
            let date =
                Date::from_calendar_date(1970, Month::January, 1).map_err(|e| e.to_string())?;
            return Ok(Anchor::Absolute {
                date,
                time,
                offset: None,
            });
        }
        if leading != 4 {
            return Err(self.unexpected("a date, a time, `now` or epoch milliseconds"));
        }
        let year = self.number(4)? as i32;
        let mut month = 1;
        let mut day = 1;
        if self.eat("-") {
            month = self.number(2)?;
            if !(1..=12).contains(&month) {
                return Err(format!("month out of bounds {month}"));
            }
            if self.eat("-") {
                day = self.number(2)?;
            }
        }
        let month = Month::try_from(month as u8).map_err(|e| e.to_string())?;
        let date = Date::from_calendar_date(year, month, day as u8)
            .map_err(|_| format!("day {day} out of bounds for month {}", u8::from(month)))?;
        if !self.eat("T") {
            return Ok(Anchor::Absolute {
                date,
                time: Time::MIDNIGHT,
                offset: None,
            });
        }
        let time = self.time()?;
        let offset = self.offset()?;
        Ok(Anchor::Absolute { date, time, offset })
    }

    fn time(&mut self) -> Parsed<Time> {
        let hour = self.number(2)?;
        if hour > 23 {
            return Err(format!("hours out of bounds {hour}"));
        }
        let (mut minute, mut second, mut nanos) = (0, 0, 0);
        if self.eat(":") {
            minute = self.number(2)?;
            if minute > 59 {
                return Err(format!("minutes out of bounds {minute}"));
            }
            if self.eat(":") {
                second = self.number(2)?;
                if second > 59 {
                    return Err(format!("seconds out of bounds {second}"));
                }
                if self.eat(".") {
                    let digits = self.digits();
                    if digits.is_empty() || digits.len() > 9 {
                        return Err("expected 1 to 9 digits of fractional seconds".into());
                    }
                    nanos = format!("{digits:0<9}")
                        .parse()
                        .map_err(|_| "invalid fraction".to_string())?;
                }
            }
        }
        Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos)
            .map_err(|e| e.to_string())
    }

    fn offset(&mut self) -> Parsed<Option<UtcOffset>> {
        if self.eat("Z") {
            return Ok(Some(UtcOffset::UTC));
        }
        let sign = match self.peek() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Ok(None),
        };
        self.pos += 1;
        let hours = self.number(2)? as i8;
        if !self.eat(":") {
            return Err(self.unexpected("`:` in the time zone offset"));
        }
        let minutes = self.number(2)? as i8;
        UtcOffset::from_hms(sign * hours, sign * minutes, 0)
            .map(Some)
            .map_err(|_| "time zone offset out of bounds".to_string())
    }

    /// Exactly `width` digits.
    fn number(&mut self, width: usize) -> Parsed<u32> {
        let end = self.pos + width;
        let digits = self
            .text
            .get(self.pos..end)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
        match digits.and_then(|d| d.parse().ok()) {
            Some(value) => {
                self.pos = end;
                Ok(value)
            }
            None => Err(self.unexpected(&format!("{width} digits"))),
        }
    }

    fn digits(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    fn eat(&mut self, token: &str) -> bool {
        if self
            .text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(token))
        {
            self.pos += token.len();
            return true;
        }
        false
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn unexpected(&self, expected: &str) -> String {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(found) => format!(
                "expected {expected} at character {}, found {found:?}",
                self.pos + 1
            ),
            None => format!("expected {expected} at the end"),
        }
    }
}
