//! Grafana's reducer ids (the "calculations" of stat, legend and table footers) and the old
//! names that map onto them.
//!
//! Angular panels named their statistics `avg`, `current` and `total`; the React panels use
//! Grafana's reducer registry, where those are aliases of `mean`, `lastNotNull` and `sum`.

/// Reducer ids Grafana registers, besides the percentiles `p1` … `p99`.
const REDUCER_IDS: &[&str] = &[
    "lastNotNull",
    "last",
    "firstNotNull",
    "first",
    "min",
    "max",
    "mean",
    "median",
    "variance",
    "stdDev",
    "sum",
    "count",
    "countAll",
    "range",
    "delta",
    "step",
    "diff",
    "logmin",
    "allIsZero",
    "allIsNull",
    "changeCount",
    "distinctCount",
    "diffperc",
    "allValues",
    "uniqueValues",
];

/// Old names Grafana's registry accepts as aliases.
const ALIASES: &[(&str, &str)] = &[
    ("current", "lastNotNull"),
    ("avg", "mean"),
    ("total", "sum"),
];

/// The reducer id `name` stands for, following the registry's ids and aliases
/// (`fieldReducers.getIfExists`); `None` when it is not a reducer.
pub(crate) fn reducer_id(name: &str) -> Option<String> {
    if REDUCER_IDS.contains(&name) || is_percentile(name) {
        return Some(name.to_owned());
    }
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, id)| (*id).to_owned())
}

fn is_percentile(name: &str) -> bool {
    let Some(digits) = name.strip_prefix('p') else {
        return false;
    };
    !digits.starts_with('0')
        && digits
            .parse::<u8>()
            .is_ok_and(|percent| (1..=99).contains(&percent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_aliases_resolve_and_others_do_not() {
        assert_eq!(reducer_id("avg").as_deref(), Some("mean"));
        assert_eq!(reducer_id("current").as_deref(), Some("lastNotNull"));
        assert_eq!(reducer_id("total").as_deref(), Some("sum"));
        assert_eq!(reducer_id("max").as_deref(), Some("max"));
        assert_eq!(reducer_id("p95").as_deref(), Some("p95"));
        for not_a_reducer in [
            "name",
            "show",
            "values",
            "p0",
            "p100",
            "p05",
            "alignAsTable",
        ] {
            assert_eq!(reducer_id(not_a_reducer), None, "{not_a_reducer}");
        }
    }
}
