//! Unit tests of reading Prometheus's answers: the compact fast path and the general reader
//! agree, keys may come in any order, text with escapes, broken and error answers, exemplars.

use serde_json::{json, Value};
use sightline_query::frame::{FieldValues, Frame, Labels, Timestamp};

use super::exemplars::read_exemplar_answer;
use super::response::{read_query_answer, AnswerError};

/// Sample times (as Prometheus writes them) and values (its strings) covering both paths.
const SAMPLES: [(&str, &str); 14] = [
    ("1700000000", "0"),
    ("1700000015", "1"),
    ("1700000030", "-2.5"),
    ("1700000045", "0.1"),
    ("1700000060", "123456789.125"),
    ("1700000075", "NaN"),
    ("1700000090", "+Inf"),
    ("1700000105", "-Inf"),
    ("1700000120", "1e-05"),
    ("1700000135.5", "3"),
    ("1700000150.125", "9007199254740993"),
    ("1700000165", "0.30000000000000004"),
    ("1700000180", "12345678901234567890"),
    ("1700000195", "-0"),
];

/// A matrix answer of two series holding [`SAMPLES`], compact as Prometheus writes it or with
/// whitespace everywhere (which the fast path leaves to the general reader).
fn matrix_answer(spaced: bool) -> String {
    let (space, newline) = if spaced { (" ", "\n ") } else { ("", "") };
    let samples: Vec<String> = SAMPLES
        .iter()
        .map(|(time, value)| format!("[{space}{time}{space},{space}\"{value}\"{space}]"))
        .collect();
    let values = samples.join(&format!("{space},{newline}"));
    let series = |labels: &str| {
        format!(
            "{{{space}\"metric\"{space}:{space}{labels}{space},{space}\"values\"{space}:{space}[{newline}{values}{space}]{space}}}"
        )
    };
    format!(
        "{{{space}\"status\":{space}\"success\",{newline}\"data\":{{\"resultType\":\"matrix\",\"result\":[{},{space}{}]}}{space}}}{newline}",
        series(r#"{"__name__":"up","job":"api"}"#),
        series(r#"{"job":"db"}"#),
    )
}

/// The frames as Grafana's JSON (NaN and infinities as entities), for comparisons.
fn frames_json(frames: &[Frame]) -> Value {
    serde_json::to_value(frames).expect("frames encode")
}

fn points(frame: &Frame) -> (Vec<Timestamp>, Vec<f64>) {
    let (FieldValues::Time(times), FieldValues::Float64(values)) =
        (&frame.fields[0].values, &frame.fields[1].values)
    else {
        panic!("a time and a float field");
    };
    (
        times.iter().map(|t| *t.expect("time")).collect(),
        values.iter().map(|v| *v.expect("value")).collect(),
    )
}

#[test]
fn compact_and_spaced_answers_read_alike_and_as_grafana_converts() {
    let compact = read_query_answer(matrix_answer(false).as_bytes()).expect("compact");
    let spaced = read_query_answer(matrix_answer(true).as_bytes()).expect("spaced");
    assert_eq!(frames_json(&compact), frames_json(&spaced));
    assert_eq!(compact.len(), 2);
    let (times, values) = points(&compact[0]);
    for ((time, value), (time_text, value_text)) in times.iter().zip(&values).zip(SAMPLES) {
        let seconds: f64 = time_text.parse().expect("seconds");
        // Grafana: `time.UnixMilli(int64(seconds * 1000))`, `strconv.ParseFloat`.
        assert_eq!(time.millis(), (seconds * 1000.0) as i64, "{time_text}");
        let expected: f64 = value_text.parse().expect("value");
        assert_eq!(value.to_bits(), expected.to_bits(), "{value_text}");
    }
}

/// Values beside [`SAMPLES`] that are not plain JSON numbers, or not numbers at all: the text
/// path must leave them to the general reader rather than copy them into the frame JSON.
const ODD_VALUES: [&str; 13] = [
    "1e3",
    "01",
    "1.",
    ".5",
    "--1",
    "1-2",
    "Inf",
    "nan",
    "",
    "1.5.5",
    "-",
    "1\\u0030",
    "123456789012345678901234567890123456789012345",
];

/// One series per sample of [`SAMPLES`] and [`ODD_VALUES`], then two series of the first
/// eight samples (sharing their times) and one on other times: compact or spaced.
fn mixed_answer(spaced: bool) -> String {
    let (space, newline) = if spaced { (" ", "\n ") } else { ("", "") };
    let sample =
        |time: &str, value: &str| format!("[{space}{time}{space},{space}\"{value}\"{space}]");
    let series = |samples: Vec<String>| {
        format!(
            "{{{space}\"metric\":{{\"n\":\"{}\"}},{space}\"values\":{space}[{newline}{}{space}]{space}}}",
            samples.len(),
            samples.join(&format!("{space},{newline}"))
        )
    };
    let mut all: Vec<String> = SAMPLES
        .iter()
        .map(|(time, value)| series(vec![sample(time, value)]))
        .collect();
    all.extend(
        ODD_VALUES
            .iter()
            .map(|value| series(vec![sample("1700000000", value)])),
    );
    let whole: Vec<String> = SAMPLES[..8]
        .iter()
        .map(|(time, value)| sample(time, value))
        .collect();
    all.push(series(whole.clone()));
    all.push(series(whole));
    all.push(series(vec![sample("1", "2"), sample("16", "NaN")]));
    format!(
        "{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{}]}}}}",
        all.join(",")
    )
}

#[test]
fn samples_copied_as_text_read_back_as_the_general_reader_reads_them() {
    let compact = read_query_answer(mixed_answer(false).as_bytes()).expect("compact");
    let spaced = read_query_answer(mixed_answer(true).as_bytes()).expect("spaced");
    // Written from the text (compact) or from the cells (spaced): the same frame JSON.
    assert_eq!(compact.len(), spaced.len());
    for (index, (left, right)) in compact.iter().zip(&spaced).enumerate() {
        assert_eq!(
            frames_json(std::slice::from_ref(left)),
            frames_json(std::slice::from_ref(right)),
            "{index}"
        );
    }
    // The whole-second series were copied as text, and the two equal ones share their times.
    let last = compact.len() - 1;
    let text_of = |frame: &Frame, field: usize| match &frame.fields[field].values {
        FieldValues::Time(column) => column.encoded_cells().map(|cells| cells.json().to_vec()),
        FieldValues::Float64(column) => column.encoded_cells().map(|cells| cells.json().to_vec()),
        _ => None,
    };
    assert_eq!(
        text_of(&compact[last - 1], 1).map(String::from_utf8),
        Some(Ok("[0,1,-2.5,0.1,123456789.125,null,null,null]".to_string()))
    );
    let times_of = |frame: &Frame| match &frame.fields[0].values {
        FieldValues::Time(column) => column.encoded_cells().map(|cells| cells.json().as_ptr()),
        _ => None,
    };
    assert!(times_of(&compact[last - 1]).is_some());
    assert_eq!(
        times_of(&compact[last - 1]),
        times_of(&compact[last - 2]),
        "times kept once"
    );
    let copied = |index: usize| text_of(&compact[index], 1).map(String::from_utf8);
    assert_eq!(copied(4), Some(Ok("[123456789.125]".to_string())));
    assert_eq!(copied(5), Some(Ok("[null]".to_string())));
    // 1e-05, the 20-digit number and -0 leave their series to the general reader, as do
    // all the odd values.
    for index in [8, 12, 13].into_iter().chain(14..14 + ODD_VALUES.len()) {
        assert_eq!(copied(index), None, "series {index}");
    }
    assert_eq!(
        text_of(&compact[last], 0).as_deref(),
        Some(&b"[1000,16000]"[..])
    );
    assert!(
        text_of(&compact[0], 0).is_some(),
        "a whole-second sample alone"
    );
    // Read back, the cells are the general reader's, bit for bit.
    for (from_text, read) in compact.iter().zip(&spaced) {
        let (times, values) = points(from_text);
        let (expected_times, expected_values) = points(read);
        assert_eq!(times, expected_times);
        let bits = |values: &[f64]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&values), bits(&expected_values));
    }
    // And once read, they are written from the cells, still the same.
    assert_eq!(frames_json(&compact), frames_json(&spaced));
}

/// A matrix answer of unlabelled series of `(time, value)` samples, compact as Prometheus
/// writes them or with a space in each sample (which the text path leaves to the general
/// reader).
fn samples_answer(series: &[Vec<(String, String)>], spaced: bool) -> String {
    let space = if spaced { " " } else { "" };
    let series: Vec<String> = series
        .iter()
        .map(|samples| {
            let samples: Vec<String> = samples
                .iter()
                .map(|(time, value)| format!("[{space}{time},\"{value}\"]"))
                .collect();
            format!(r#"{{"metric":{{}},"values":[{}]}}"#, samples.join(","))
        })
        .collect();
    format!(
        r#"{{"status":"success","data":{{"resultType":"matrix","result":[{}]}}}}"#,
        series.join(",")
    )
}

/// The frames of `series` read compact and spaced, which give the same frame JSON.
fn read_both_ways(series: &[Vec<(String, String)>]) -> (Vec<Frame>, Vec<Frame>) {
    let compact = read_query_answer(samples_answer(series, false).as_bytes()).expect("compact");
    let spaced = read_query_answer(samples_answer(series, true).as_bytes()).expect("spaced");
    assert_eq!(frames_json(&compact), frames_json(&spaced));
    (compact, spaced)
}

/// Series whose times repeat the previous series', stop early, go on longer or differ
/// midway: each gets its own times, shared only with the series just before when equal.
#[test]
fn time_columns_are_shared_only_when_equal() {
    let times = |seconds: &[u64]| seconds.to_vec();
    let base = times(&[1_700_000_000, 1_700_000_015, 1_700_000_030, 1_700_000_045]);
    let mut midway = base.clone();
    midway[2] = 1_700_000_031;
    let mut longer = base.clone();
    longer.push(1_700_000_060);
    let all = [
        base.clone(),
        base.clone(),
        base[..3].to_vec(),
        base.clone(),
        longer,
        midway.clone(),
        midway,
        base.clone(),
        // Shorter seconds, and a last sample with fewer than 16 bytes after its start.
        times(&[5, 20]),
        // Past the last second a timestamp holds: the general reader's.
        times(&[9_223_372_037]),
    ];
    let series: Vec<Vec<(String, String)>> = all
        .iter()
        .enumerate()
        .map(|(index, seconds)| {
            let value = |row: usize| (index * 10 + row).to_string();
            seconds
                .iter()
                .enumerate()
                .map(|(row, s)| (s.to_string(), value(row)))
                .collect()
        })
        .collect();
    let (compact, _) = read_both_ways(&series);
    let text_at = |frame: &Frame| match &frame.fields[0].values {
        FieldValues::Time(column) => column.encoded_cells().map(|cells| cells.json().as_ptr()),
        _ => None,
    };
    let (general, copied) = compact.split_last().expect("frames");
    assert!(
        copied.iter().all(|frame| text_at(frame).is_some()),
        "all copied"
    );
    assert_eq!(text_at(general), None);
    let shared: Vec<bool> = copied
        .windows(2)
        .map(|pair| text_at(&pair[0]) == text_at(&pair[1]))
        .collect();
    // Only 0→1 (equal) and 5→6 (the same midway change) share; 3 equals 0 but follows
    // the shorter 2, and 7 equals 0 but follows 6.
    assert_eq!(
        shared,
        [true, false, false, false, false, true, false, false]
    );
    // Read back (which decodes them), the times are each series' own.
    for (frame, seconds) in copied.iter().zip(&all) {
        let (read, _) = points(frame);
        let millis: Vec<i64> = read.into_iter().map(Timestamp::millis).collect();
        let expected: Vec<i64> = seconds.iter().map(|s| *s as i64 * 1000).collect();
        assert_eq!(millis, expected);
    }
}

/// Series whose values change length, shape or kind from one sample to the next: each is
/// read as the general reader reads it, whether checked against the last value's shape or
/// measured anew.
#[test]
fn values_of_changing_shapes_read_as_the_general_reader_reads_them() {
    let runs: [&[&str]; 11] = [
        &[
            "12", "34", "5", "67", "890", "1234567", "7654321", "12345678", "1",
        ],
        &["12", "34", "01"],
        &["7", "0", "0", "00"],
        &["12", "1.5", "23", "NaN", "45", "-6", "78"],
        &["1234567", "1234567", "123456", "12345678901", "1234567"],
        &["12", "12e1"],
        &["99", "9\\\"9"],
        // Decimals of 16, 17 to 32 and 33 to 40 bytes, a tiny negative, 15 whole digits.
        &[
            "0.12345678901234",
            "0.1234567890123456",
            "12345.678901234567890123456789",
            "1.2345678901234567890123456789012345678",
            "-0.000000000000000000001",
            "123456789012345.5",
            "0.5",
        ],
        // 41 bytes, a long negative zero, 16 whole digits: the general reader's.
        &["1.234567890123456789012345678901234567890"],
        &["-0.00000000000000000000"],
        &["1234567890123456.5"],
    ];
    let series: Vec<Vec<(String, String)>> = runs
        .iter()
        .map(|values| {
            let time = |row: usize| (1_700_000_000 + row * 15).to_string();
            values
                .iter()
                .enumerate()
                .map(|(row, v)| (time(row), v.to_string()))
                .collect()
        })
        .collect();
    let (compact, spaced) = read_both_ways(&series);
    let copied = |index: usize| match &compact[index].fields[1].values {
        FieldValues::Float64(column) => column
            .encoded_cells()
            .map(|cells| String::from_utf8_lossy(cells.json()).into_owned()),
        _ => None,
    };
    assert_eq!(
        copied(0).as_deref(),
        Some("[12,34,5,67,890,1234567,7654321,12345678,1]")
    );
    assert_eq!(copied(3).as_deref(), Some("[12,1.5,23,null,45,-6,78]"));
    assert_eq!(
        copied(7).map(|text| text.len()),
        Some(runs[7].iter().map(|value| value.len() + 1).sum::<usize>() + 1)
    );
    // A leading zero, an exponent, a quote inside, too long, a negative zero, too many
    // whole digits: the general reader's.
    for index in [1, 2, 5, 6, 8, 9, 10] {
        assert_eq!(copied(index), None, "series {index}");
    }
    for (from_text, read) in compact.iter().zip(&spaced) {
        let bits = |frame: &Frame| {
            let (_, values) = points(frame);
            values.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        assert_eq!(bits(from_text), bits(read));
    }
}

#[test]
fn keys_come_in_any_order_and_unknown_ones_are_skipped() {
    let body = br#"{
      "data": {
        "result": [{"values": [[1700000000, "1"]], "extra": {"a": [1, "}", {"b": null}]},
                    "metric": {"job": "a\"b\\c\u00e9\n"}}],
        "stats": {"timings": [1.5, true, false]},
        "resultType": "matrix"
      },
      "infos": ["note"], "warnings": null, "status": "success"
    }"#;
    let frames = read_query_answer(body).expect("frames");
    assert_eq!(frames.len(), 1);
    let labels = frames[0].fields[1].label_set();
    assert_eq!(labels.get("job").map(String::as_str), Some("a\"b\\cé\n"));
    assert_eq!(frames[0].fields[1].name, "Value");
    let notices = &frames[0].meta.as_ref().expect("meta").notices;
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].text, "note");
}

#[test]
fn answers_without_data_or_series_give_no_series_frames() {
    let empty = read_query_answer(br#"{"status":"success","data":null}"#).expect("no data");
    assert!(empty.is_empty());
    let warned = read_query_answer(
        br#"{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["w"]}"#,
    )
    .expect("warnings only");
    assert_eq!(warned.len(), 1);
    assert_eq!(warned[0].name, "Warnings");
    let vector = read_query_answer(
        br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":null}]}}"#,
    )
    .expect("vector without a value");
    assert_eq!(vector[0].fields[0].len(), 0);
}

#[test]
fn scalar_and_string_results_are_pairs() {
    let scalar = read_query_answer(
        br#"{"status":"success","data":{"resultType":"scalar","result":[1700000000.25,"-1.5"]}}"#,
    )
    .expect("scalar");
    let (times, values) = points(&scalar[0]);
    assert_eq!(times, [Timestamp::from_millis(1_700_000_000_250)]);
    assert_eq!(values, [-1.5]);
    assert_eq!(scalar[0].fields[1].labels, Some(Labels::new()));
    let string = read_query_answer(
        br#"{"status":"success","data":{"resultType":"string","result":[1700000000,"hi"]}}"#,
    )
    .expect("string");
    assert_eq!(
        string[0].fields[1].values,
        FieldValues::from(vec!["hi".to_string()])
    );
    assert_eq!(string[0].fields[1].labels, None);
}

#[test]
fn series_without_labels_write_empty_labels_as_grafana() {
    // The first series' samples are read as text, the second's one by one; both as Go's
    // non-nil label map, `"labels":{}` on the value field and none on the time field.
    let answer = br#"{"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{},"values":[[1700000000,"1"]]},
        {"metric":{},"values":[[ 1700000000, "2.5e0" ]]}]}}"#;
    let frames = read_query_answer(answer).expect("frames");
    let json = frames_json(&frames);
    for frame in 0..2 {
        let fields = &json[frame]["schema"]["fields"];
        assert_eq!(fields[1]["labels"], json!({}), "frame {frame}: {fields}");
        assert!(fields[0].get("labels").is_none(), "frame {frame}: {fields}");
    }
}

#[test]
fn broken_answers_are_unreadable_and_error_answers_keep_their_text() {
    let broken: [&[u8]; 9] = [
        b"",
        b"{",
        br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1700000000,"1"]"#,
        br#"{"status":"success"} trailing"#,
        br#"{"status":"success","data":{"resultType":"matrix","result":[{"values":[[01,"1"]]}]}}"#,
        br#"{"status":"success","data":{"resultType":"matrix","result":[{"values":[[1,"1",3]]}]}}"#,
        br#"{"status":"success","data":{"resultType":"scalar","result":[{"values":[]}]}}"#,
        br#"{"status":"success","data":{"resultType":"matrix"}}"#,
        br#"{"status":"success","data":{"resultType":"matrix","result":[]},}"#,
    ];
    for body in broken {
        assert!(
            matches!(read_query_answer(body), Err(AnswerError::Unreadable(_))),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    let error = br#"{"status":"error","data":{"resultType":"matrix","result":"odd"},"errorType":"execution","error":"boom"}"#;
    assert_eq!(
        read_query_answer(error),
        Err(AnswerError::Prometheus("execution: boom".to_string()))
    );
}

#[test]
fn exemplars_become_one_frame_with_a_column_per_label() {
    // Two series; steps of 60 s. All values but the 9 are close together, so only the
    // highest of each minute is kept, and the 9's minute keeps one more (far below it).
    let body = br#"{"status":"success","data":[{
      "seriesLabels": {"__name__": "latency_bucket", "le": "0.5"},
      "exemplars": [
        {"labels": {"trace_id": "abc"}, "value": "0.25", "timestamp": 1700000000.5},
        {"labels": {"span_id": "s1"}, "value": "0.3", "timestamp": 1700000001},
        {"labels": {"trace_id": "def"}, "value": "9", "timestamp": 1700000065}
      ]}, {
      "seriesLabels": {"__name__": "latency_bucket", "le": "1"},
      "exemplars": [
        {"labels": {"trace_id": "ghi"}, "value": "0.2", "timestamp": 1700000070}
      ]}]}"#;
    let frames = read_exemplar_answer(body, 60_000).expect("exemplars");
    assert_eq!(frames.len(), 1, "one frame for every series");
    let written = frames_json(&frames);
    assert_eq!(written[0]["schema"]["name"], "exemplar");
    let names: Vec<&str> = written[0]["schema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|field| field["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        ["Time", "Value", "__name__", "le", "span_id", "trace_id"]
    );
    assert_eq!(written[0]["schema"]["fields"][1].get("labels"), None);
    assert_eq!(
        written[0]["data"]["values"],
        json!([
            [1700000001000_i64, 1700000065000_i64, 1700000070000_i64],
            [0.3, 9, 0.2],
            ["latency_bucket", "latency_bucket", "latency_bucket"],
            ["0.5", "0.5", "1"],
            ["s1", "", ""],
            ["", "def", "ghi"]
        ])
    );
    let none = br#"{"status":"success","data":[{"seriesLabels": {"a": "b"}, "exemplars": []}]}"#;
    assert!(read_exemplar_answer(none, 60_000).expect("read").is_empty());
    let error = br#"{"status":"error","errorType":"bad_data","error":"nope"}"#;
    assert_eq!(
        read_exemplar_answer(error, 60_000),
        Err(AnswerError::Prometheus("bad_data: nope".to_string()))
    );
}
