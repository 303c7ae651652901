//! The schema steps, one entry per Grafana schema version, applied in order.
//!
//! Entry `(n, step)` runs when the dashboard's schema version is below `n`, exactly like
//! Grafana's `if (oldVersion < n)` blocks. A version may have several entries (a dashboard
//! part and a panel part). Versions with nothing left to migrate (11, 15, 25, 32) and the
//! Grafana 1 upgrades below our floor (2–5) have no entry. Every step is total: it skips
//! what it does not recognise and never panics.

mod cloudwatch;
mod datasource_refs;
mod links;
mod panel_options;
mod rows;
mod templating;
mod v35_to_v42;
mod v6_to_v15;

use super::datasource::DataSourceLookup;
use super::json::Object;

/// What a step may consult besides the dashboard itself.
pub(crate) struct StepContext<'a> {
    /// Resolves data source names (schema 33 and 36).
    pub(crate) datasources: &'a dyn DataSourceLookup,
}

/// One schema step: rewrites the dashboard in place.
pub(crate) type Step = fn(&mut Object, &StepContext<'_>);

/// Every step, in the order Grafana applies them.
pub(crate) const STEPS: &[(i64, Step)] = &[
    (6, v6_to_v15::v6_annotations_and_variables),
    (7, v6_to_v15::v7_timepicker_and_ref_ids),
    (8, v6_to_v15::v8_influxdb_queries),
    (9, v6_to_v15::v9_singlestat_thresholds),
    (10, v6_to_v15::v10_table_style_thresholds),
    (12, templating::v12_refresh_and_hide),
    (12, v6_to_v15::v12_graph_axes),
    (13, v6_to_v15::v13_graph_thresholds),
    (14, v6_to_v15::v14_shared_crosshair),
    (16, rows::v16_rows_to_grid),
    (17, rows::v17_min_span_to_max_per_row),
    (18, panel_options::v18_gauge_options),
    (19, links::v19_panel_links),
    (20, links::v20_data_link_variables),
    (21, links::v21_series_labels_variable),
    (22, panel_options::v22_table_style_align),
    (23, templating::v23_align_current_with_multi),
    (24, panel_options::v24_angular_table),
    (26, panel_options::v26_text2_panel),
    (27, panel_options::v27_remove_repeated_panels),
    (27, templating::v27_constants_to_textbox),
    (28, templating::v28_remove_variable_tags),
    (29, templating::v29_query_variable_refresh),
    (30, panel_options::v30_value_mappings_and_tooltip),
    (31, panel_options::v31_labels_to_fields_merge),
    (33, datasource_refs::v33_panel_datasource_names),
    (34, cloudwatch::v34_split_statistics),
    (35, v35_to_v42::v35_x_axis_visibility),
    (36, datasource_refs::v36_default_datasources),
    (37, v35_to_v42::v37_legend_visibility),
    (38, v35_to_v42::v38_table_cell_options),
    (39, v35_to_v42::v39_time_series_table_options),
    (40, v35_to_v42::v40_refresh_string),
    (41, v35_to_v42::v41_timepicker_time_options),
    (42, v35_to_v42::v42_hide_from_tooltip),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_in_version_order_and_end_at_the_current_version() {
        assert!(STEPS.windows(2).all(|pair| pair[0].0 <= pair[1].0));
        assert_eq!(
            STEPS.last().map(|(version, _)| *version),
            Some(super::super::CURRENT_SCHEMA_VERSION)
        );
    }
}
