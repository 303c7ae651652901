//! The scenarios TestData serves, by Grafana's `scenarioId`, with the names and default
//! string inputs the query editor shows (the `scenarios` resource lists them).

/// One scenario as the `scenarios` resource describes it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scenario {
    pub id: &'static str,
    pub name: &'static str,
    pub string_input: &'static str,
    pub description: &'static str,
}

const fn scenario(id: &'static str, name: &'static str) -> Scenario {
    Scenario {
        id,
        name,
        string_input: "",
        description: "",
    }
}

/// Every scenario, sorted by id as Grafana lists them. Client-side scenarios (streaming,
/// live, steps, annotations, Grafana API) answer no data from the server, as in Grafana.
pub(super) const SCENARIOS: &[Scenario] = &[
    scenario("annotations", "Annotations"),
    Scenario {
        string_input: "1,20,90,30,5,0",
        ..scenario("csv_content", "CSV Content")
    },
    Scenario {
        string_input: "1,20,90,30,5,0",
        ..scenario("csv_metric_values", "CSV Metric Values")
    },
    scenario(
        "exponential_heatmap_bucket_data",
        "Exponential heatmap bucket data",
    ),
    scenario("grafana_api", "Grafana API"),
    scenario("linear_heatmap_bucket_data", "Linear heatmap bucket data"),
    scenario("live", "Grafana Live"),
    scenario("logs", "Logs"),
    scenario("no_data_points", "No Data Points"),
    Scenario {
        description: "the values of each valuesCSV, one every timeStep seconds, repeating \
                      from the epoch",
        ..scenario("predictable_csv_wave", "Predictable CSV Wave")
    },
    Scenario {
        description: "a pulse wave with a point every timeStep seconds, cycling every \
                      timeStep*(onCount+offCount) seconds from the epoch",
        ..scenario("predictable_pulse", "Predictable Pulse")
    },
    scenario("random_walk", "Random Walk"),
    scenario("random_walk_table", "Random Walk Table"),
    Scenario {
        string_input: "1,20,90,30,5,0",
        description: "Returns an error when the String Input field is empty",
        ..scenario("server_error_500", "Conditional Error")
    },
    Scenario {
        string_input: "5s",
        ..scenario("slow_query", "Slow Query")
    },
    scenario("steps", "Steps"),
    scenario("streaming_client", "Streaming Client"),
    scenario("table_static", "Table Static"),
];

/// Scenarios the browser plays itself; the server answers them with no frames.
pub(super) const CLIENT_SIDE: &[&str] = &[
    "annotations",
    "grafana_api",
    "live",
    "no_data_points",
    "steps",
    "streaming_client",
];
