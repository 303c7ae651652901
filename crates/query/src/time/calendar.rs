//! Calendar arithmetic in a fixed offset, with Go's `AddDate` normalisation: a day past the
//! end of the month carries into the next (January 31 + 1 month = March 3, or 2 in a leap
//! year).

use ::time::{Date, Duration, Month, OffsetDateTime, Time, Weekday};

/// `t` moved by whole months, keeping the day number and the time of day.
pub(super) fn add_months(t: OffsetDateTime, months: i64) -> Option<OffsetDateTime> {
    let month_index = i64::from(t.year()) * 12 + i64::from(u8::from(t.month())) - 1;
    let target = month_index.checked_add(months)?;
    let year = i32::try_from(target.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(target.rem_euclid(12) + 1).ok()?).ok()?;
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let date = first.checked_add(Duration::days(i64::from(t.day()) - 1))?;
    Some(t.replace_date(date))
}

/// `t` moved by whole calendar days, keeping the time of day.
pub(super) fn add_days(t: OffsetDateTime, days: i64) -> Option<OffsetDateTime> {
    let date = t
        .date()
        .checked_add(Duration::seconds(days.checked_mul(86_400)?))?;
    Some(t.replace_date(date))
}

/// Midnight of `date`, in `t`'s offset.
pub(super) fn midnight(t: OffsetDateTime, date: Date) -> OffsetDateTime {
    t.replace_date(date).replace_time(Time::MIDNIGHT)
}

/// Midnight of the first of `month` in `year`, in `t`'s offset.
pub(super) fn first_of_month(t: OffsetDateTime, year: i32, month: Month) -> Option<OffsetDateTime> {
    Date::from_calendar_date(year, month, 1)
        .ok()
        .map(|date| midnight(t, date))
}

/// The start of the week containing `t`, weeks starting on `week_start`.
pub(super) fn start_of_week(t: OffsetDateTime, week_start: Weekday) -> Option<OffsetDateTime> {
    let days_since_start = (i64::from(t.weekday().number_days_from_sunday())
        - i64::from(week_start.number_days_from_sunday()))
    .rem_euclid(7);
    let date = t.date().checked_sub(Duration::days(days_since_start))?;
    Some(midnight(t, date))
}

/// The first day of the fiscal year containing `t`.
pub(super) fn start_of_fiscal_year(
    t: OffsetDateTime,
    fiscal_start: Month,
) -> Option<OffsetDateTime> {
    let this_year = first_of_month(t, t.year(), fiscal_start)?;
    if this_year > t {
        return first_of_month(t, t.year() - 1, fiscal_start);
    }
    Some(this_year)
}

pub(super) fn is_weekend(t: OffsetDateTime) -> bool {
    matches!(t.weekday(), Weekday::Saturday | Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::time::macros::datetime;

    #[test]
    fn months_overflow_like_go() {
        let cases = [
            (
                datetime!(2023-01-31 10:00 UTC),
                1,
                datetime!(2023-03-03 10:00 UTC),
            ),
            (
                datetime!(2024-01-31 10:00 UTC),
                1,
                datetime!(2024-03-02 10:00 UTC),
            ),
            (
                datetime!(2024-03-31 00:00 UTC),
                -1,
                datetime!(2024-03-02 00:00 UTC),
            ),
            (
                datetime!(2024-05-15 00:00 +02:00),
                -17,
                datetime!(2022-12-15 00:00 +02:00),
            ),
            (
                datetime!(2024-02-29 00:00 UTC),
                12,
                datetime!(2025-03-01 00:00 UTC),
            ),
        ];
        for (start, months, expected) in cases {
            assert_eq!(
                add_months(start, months),
                Some(expected),
                "{start} {months}"
            );
        }
    }

    #[test]
    fn weeks_start_on_the_configured_day() {
        // 2024-05-15 is a Wednesday.
        let wednesday = datetime!(2024-05-15 13:14 UTC);
        let cases = [
            (Weekday::Monday, datetime!(2024-05-13 00:00 UTC)),
            (Weekday::Sunday, datetime!(2024-05-12 00:00 UTC)),
            (Weekday::Wednesday, datetime!(2024-05-15 00:00 UTC)),
            (Weekday::Thursday, datetime!(2024-05-09 00:00 UTC)),
        ];
        for (week_start, expected) in cases {
            assert_eq!(
                start_of_week(wednesday, week_start),
                Some(expected),
                "{week_start}"
            );
        }
    }

    #[test]
    fn fiscal_years_start_in_the_configured_month() {
        let cases = [
            (
                datetime!(2024-05-15 00:00 UTC),
                Month::April,
                datetime!(2024-04-01 00:00 UTC),
            ),
            (
                datetime!(2024-02-15 00:00 UTC),
                Month::April,
                datetime!(2023-04-01 00:00 UTC),
            ),
            (
                datetime!(2024-02-15 00:00 UTC),
                Month::January,
                datetime!(2024-01-01 00:00 UTC),
            ),
        ];
        for (t, month, expected) in cases {
            assert_eq!(
                start_of_fiscal_year(t, month),
                Some(expected),
                "{t} {month}"
            );
        }
    }
}
