//! Display names of Grafana's core data source plugins, for `typeName` in lists. Until the
//! plugin registry exists, an unknown type is shown by its id, as Grafana shows a data source
//! whose plugin is not installed.

/// The logo Grafana shows for a data source whose plugin it does not know.
pub const GENERIC_LOGO_URL: &str = "public/img/icn-datasource.svg";

/// The display name of the plugin `type_id`, or the id itself.
pub fn display_name(type_id: &str) -> &str {
    match type_id {
        "prometheus" => "Prometheus",
        "loki" => "Loki",
        "tempo" => "Tempo",
        "jaeger" => "Jaeger",
        "zipkin" => "Zipkin",
        "graphite" => "Graphite",
        "influxdb" => "InfluxDB",
        "elasticsearch" => "Elasticsearch",
        "opentsdb" => "OpenTSDB",
        "mysql" => "MySQL",
        "grafana-postgresql-datasource" | "postgres" => "PostgreSQL",
        "mssql" => "Microsoft SQL Server",
        "grafana-testdata-datasource" | "testdata" => "TestData",
        "alertmanager" => "Alertmanager",
        "cloudwatch" => "CloudWatch",
        "stackdriver" => "Google Cloud Monitoring",
        "grafana-azure-monitor-datasource" => "Azure Monitor",
        "grafana-pyroscope-datasource" => "Grafana Pyroscope",
        "parca" => "Parca",
        other => other,
    }
}
