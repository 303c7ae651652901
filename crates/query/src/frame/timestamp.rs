//! [`Timestamp`]: the value of a time field, nanoseconds since the Unix epoch, as Go's
//! `time.Time` carries it in a Grafana frame.

/// A point in time with nanosecond precision (years 1677 to 2262).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

const NANOS_PER_MILLI: i64 = 1_000_000;

impl Timestamp {
    /// From milliseconds since the epoch, saturating outside the representable range.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis.saturating_mul(NANOS_PER_MILLI))
    }

    pub const fn from_nanos(nanos: i64) -> Self {
        Self(nanos)
    }

    /// Whole milliseconds since the epoch, rounded down (also before 1970).
    pub const fn millis(self) -> i64 {
        self.0.div_euclid(NANOS_PER_MILLI)
    }

    pub const fn nanos(self) -> i64 {
        self.0
    }

    /// The nanoseconds past [`Timestamp::millis`], in `0..1_000_000`: what Grafana's frame
    /// JSON carries in `data.nanos`.
    pub const fn sub_milli_nanos(self) -> i64 {
        self.0.rem_euclid(NANOS_PER_MILLI)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_and_sub_milli_nanos_split_like_go() {
        let cases = [
            (1_500_000_001, 1_500, 1),
            (1_000_000, 1, 0),
            (-1, -1, 999_999),
            (-1_000_000, -1, 0),
            (0, 0, 0),
        ];
        for (nanos, millis, rest) in cases {
            let ts = Timestamp::from_nanos(nanos);
            assert_eq!(
                (ts.millis(), ts.sub_milli_nanos()),
                (millis, rest),
                "{nanos}"
            );
        }
        assert_eq!(Timestamp::from_millis(i64::MAX).nanos(), i64::MAX);
    }
}
