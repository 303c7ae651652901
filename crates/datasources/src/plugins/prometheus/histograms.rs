//! Native histograms in a query answer: `histogram` of a vector series, `histograms` of a
//! matrix series, each sample `[<unix seconds>, {"count", "sum", "buckets": [...]}]` with a
//! bucket `[<boundary rule>, "<lower>", "<upper>", "<count>"]`. As Grafana's converter, a
//! series with histograms becomes a `heatmap-cells` frame of one row per bucket per sample:
//! `xMax` (the sample's time), `yMin` (the lower bound, carrying the series' labels), `yMax`,
//! `count` and `yLayout` (the boundary rule: which bounds are inclusive). Its float samples,
//! if any, are dropped; `count` and `sum` are not kept.

use sightline_query::frame::{Field, Frame, FrameMeta, Labels, Timestamp};

use super::json_reader::{parse_decimal, JsonReader, ReadResult};
use super::samples::read_time;

/// Grafana's frame type for histogram buckets as cells.
const HEATMAP_CELLS: &str = "heatmap-cells";

/// The buckets of one series' histograms, a row each.
#[derive(Debug, Default)]
pub(super) struct HistogramCells {
    times: Vec<Timestamp>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    counts: Vec<f64>,
    layouts: Vec<i8>,
}

impl HistogramCells {
    /// Reads one `[<time>, {...}]` histogram sample; `null` is none.
    pub fn read_sample(&mut self, reader: &mut JsonReader<'_>) -> ReadResult<()> {
        if reader.read_null()? {
            return Ok(());
        }
        let mut pair = reader.begin_array()?;
        if !reader.next_element(&mut pair)? {
            return Err(reader.error("expected a histogram's time"));
        }
        let time = read_time(reader)?;
        if !reader.next_element(&mut pair)? {
            return Err(reader.error("expected a histogram"));
        }
        let mut histogram = reader.begin_object()?;
        while let Some(key) = reader.next_key(&mut histogram)? {
            match key.as_ref() {
                "buckets" => {
                    if reader.read_null()? {
                        continue;
                    }
                    let mut buckets = reader.begin_array()?;
                    while reader.next_element(&mut buckets)? {
                        self.read_bucket(reader, time)?;
                    }
                }
                _ => reader.skip_value()?,
            }
        }
        if reader.next_element(&mut pair)? {
            return Err(reader.error("expected the end of a histogram sample"));
        }
        Ok(())
    }

    /// Reads all the samples of a `histograms` list; `null` is none.
    pub fn read_samples(&mut self, reader: &mut JsonReader<'_>) -> ReadResult<()> {
        if reader.read_null()? {
            return Ok(());
        }
        let mut samples = reader.begin_array()?;
        while reader.next_element(&mut samples)? {
            self.read_sample(reader)?;
        }
        Ok(())
    }

    /// `[<boundary rule>, "<lower>", "<upper>", "<count>"]` as a row at `time`.
    fn read_bucket(&mut self, reader: &mut JsonReader<'_>, time: Timestamp) -> ReadResult<()> {
        let mut bucket = reader.begin_array()?;
        if !reader.next_element(&mut bucket)? {
            return Err(reader.error("expected a bucket's boundary rule"));
        }
        let layout: i8 = reader
            .read_number_text()?
            .parse()
            .map_err(|_| reader.error("expected a bucket's boundary rule"))?;
        let mut numbers = [0.0; 3];
        for number in &mut numbers {
            if !reader.next_element(&mut bucket)? {
                return Err(reader.error("expected a bucket's bounds and count"));
            }
            let text = reader.read_str()?;
            *number = parse_decimal(text.as_bytes())
                .or_else(|| text.parse().ok())
                .ok_or_else(|| reader.error(format!("{text:?} is not a number")))?;
        }
        if reader.next_element(&mut bucket)? {
            return Err(reader.error("expected the end of a bucket"));
        }
        let [lower, upper, count] = numbers;
        self.times.push(time);
        self.layouts.push(layout);
        self.lower.push(lower);
        self.upper.push(upper);
        self.counts.push(count);
        Ok(())
    }

    /// The `heatmap-cells` frame of the series with `labels`.
    pub fn into_frame(self, labels: Labels) -> Frame {
        // Named after `__name__` only in Grafana's dataplane mode; otherwise unnamed.
        let mut lower = Field::new("yMin", self.lower);
        lower.labels = Some(labels);
        Frame::new("")
            .with_meta(FrameMeta::typed(HEATMAP_CELLS, [0, 0]))
            .with_field(Field::new("xMax", self.times))
            .with_field(lower)
            .with_field(Field::new("yMax", self.upper))
            .with_field(Field::new("count", self.counts))
            .with_field(Field::new("yLayout", self.layouts))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn cells_of(text: &str) -> ReadResult<HistogramCells> {
        let mut cells = HistogramCells::default();
        let mut reader = JsonReader::new(text.as_bytes());
        cells.read_samples(&mut reader)?;
        Ok(cells)
    }

    #[test]
    fn each_bucket_of_each_sample_is_a_row() {
        let cells = cells_of(
            r#"[[1700000000, {"count": "3", "sum": "1.5", "buckets": [
                   [0, "-0.001", "0.001", "1"], [1, "0.5", "1", "2e0"]]}],
                [1700000015.5, {"buckets": [[3, "1", "+Inf", "0.25"]], "count": "1"}]]"#,
        )
        .expect("read");
        let frame = cells.into_frame(Labels::from([("job".to_string(), "api".to_string())]));
        let written = serde_json::to_value(&frame).expect("json");
        assert_eq!(written["schema"]["meta"]["type"], "heatmap-cells");
        let fields = &written["schema"]["fields"];
        let names: Vec<&str> = (0..5)
            .map(|i| fields[i]["name"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(names, ["xMax", "yMin", "yMax", "count", "yLayout"]);
        assert_eq!(fields[1]["labels"], json!({"job": "api"}));
        assert_eq!(fields[4]["type"], "number");
        assert_eq!(fields[4]["typeInfo"]["frame"], "int8");
        assert_eq!(
            written["data"]["values"],
            json!([
                [
                    1_700_000_000_000_i64,
                    1_700_000_000_000_i64,
                    1_700_000_015_500_i64
                ],
                [-0.001, 0.5, 1],
                [0.001, 1, null],
                [1, 2, 0.25],
                [0, 1, 3]
            ])
        );
        assert_eq!(written["data"]["entities"][2], json!({"Inf": [2]}));
    }

    #[test]
    fn broken_buckets_are_errors_not_rows() {
        for broken in [
            r#"[[1, {"buckets": [[0, "x", "1", "1"]]}]]"#,
            r#"[[1, {"buckets": [[0, "0", "1"]]}]]"#,
            r#"[[1, {"buckets": [[0, "0", "1", "1", "9"]]}]]"#,
            r#"[[1, {"buckets": [["0", "0", "1", "1"]]}]]"#,
            r#"[[1, {"buckets": [[300, "0", "1", "1"]]}]]"#,
            r#"[[1]]"#,
        ] {
            assert!(cells_of(broken).is_err(), "{broken}");
        }
        let empty = cells_of(r#"[[1, {"count": "0", "buckets": null}]]"#).expect("no buckets");
        assert!(empty.times.is_empty());
    }
}
