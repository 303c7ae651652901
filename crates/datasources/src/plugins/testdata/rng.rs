//! A small seeded random number generator (SplitMix64), so that TestData answers the same
//! query over the same range with the same data, as Grafana's seeded random walk does.

#[derive(Debug, Clone)]
pub(super) struct SeededRng {
    state: u64,
}

impl SeededRng {
    pub(super) fn new(seed: i64) -> SeededRng {
        SeededRng { state: seed as u64 }
    }

    /// A seed from a query's range and series index, the inputs Grafana seeds with.
    pub(super) fn for_range(from_ms: i64, to_ms: i64, index: usize) -> SeededRng {
        let nanos = |ms: i64| ms.wrapping_mul(1_000_000);
        SeededRng::new(
            nanos(from_ms)
                .wrapping_add(nanos(to_ms))
                .wrapping_add(index as i64),
        )
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// A float in `[0, 1)`.
    pub(super) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in `0..bound` (`bound` > 0).
    pub(super) fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }
}
