//! `csv_metric_values` (a line of numbers spread evenly over the range) and `csv_content`
//! (a CSV document with a header row, each column typed by what its cells hold).

use sightline_query::frame::{Field, FieldValues, Frame, FrameMeta, Timestamp};
use sightline_query::time::{parse_time, TimeOptions};

use super::query::TestDataQuery;

/// The numbers of `stringInput` (`1,20,90,30,5,0`; `null` for a gap), the first at `from`,
/// the last at `to`. An empty input answers one empty frame.
pub(super) fn csv_metric_values(query: &TestDataQuery<'_>) -> Result<Vec<Frame>, String> {
    let input = query.text("stringInput").unwrap_or("").trim();
    if input.is_empty() {
        let meta = FrameMeta {
            executed_query_string: Some(String::new()),
            ..FrameMeta::default()
        };
        return Ok(vec![Frame::new("").with_meta(meta)]);
    }
    let values = input
        .split(',')
        .map(|cell| match cell.trim() {
            "null" | "" => Ok(None),
            number => number
                .parse::<f64>()
                .map(Some)
                .map_err(|_| format!("invalid number {number:?} in the string input")),
        })
        .collect::<Result<Vec<Option<f64>>, String>>()?;
    let count = values.len() as i64;
    let step = if count > 1 {
        (query.to_ms - query.from_ms) / (count - 1)
    } else {
        0
    };
    let times: Vec<Timestamp> = (0..count)
        .map(|i| Timestamp::from_millis(query.from_ms + i * step))
        .collect();
    Ok(vec![Frame::new("")
        .with_field(Field::new("time", times))
        .with_field(Field::new(query.series_name(0), values))])
}

/// `csvContent` as one frame. A column is numbers when every non-empty cell is a number,
/// booleans when every one is `true`/`false`, times when it is named `time` or `timestamp`
/// and every cell is epoch milliseconds or an ISO date, and strings otherwise; empty cells
/// are nulls.
pub(super) fn csv_content(query: &TestDataQuery<'_>) -> Result<Vec<Frame>, String> {
    let content = query.text("csvContent").unwrap_or("");
    let mut rows = parse_csv(content)?.into_iter();
    let Some(header) = rows.next() else {
        return Ok(Vec::new());
    };
    let rows: Vec<Vec<String>> = rows
        .filter(|row| row.iter().any(|c| !c.is_empty()))
        .collect();
    let mut frame = Frame::new("");
    for (index, name) in header.iter().enumerate() {
        let cells: Vec<&str> = rows
            .iter()
            .map(|row| row.get(index).map(String::as_str).unwrap_or(""))
            .collect();
        frame = frame.with_field(Field::new(name.trim(), typed_column(name, &cells)));
    }
    Ok(vec![frame])
}

fn typed_column(name: &str, cells: &[&str]) -> FieldValues {
    let present = || cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let each = |parse: &dyn Fn(&str) -> Option<()>| present().all(|c| parse(c).is_some());
    let is_time_name = matches!(
        name.trim().to_ascii_lowercase().as_str(),
        "time" | "timestamp"
    );
    if is_time_name && present().next().is_some() && each(&|c| csv_time(c).map(|_| ())) {
        return cells_to(cells, csv_time).into();
    }
    if each(&|c| c.parse::<f64>().ok().map(|_| ())) {
        return cells_to(cells, |c| c.parse::<f64>().ok()).into();
    }
    if present().next().is_some() && each(&|c| csv_bool(c).map(|_| ())) {
        return cells_to(cells, csv_bool).into();
    }
    cells_to(cells, |c| Some(c.to_string())).into()
}

fn cells_to<T>(cells: &[&str], parse: impl Fn(&str) -> Option<T>) -> Vec<Option<T>> {
    cells
        .iter()
        .map(|cell| match cell.trim() {
            "" => None,
            text => parse(text),
        })
        .collect()
}

fn csv_bool(cell: &str) -> Option<bool> {
    match cell.to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Epoch milliseconds, or an absolute date (`2024-05-01`, `2024-05-01T10:00:00Z`).
fn csv_time(cell: &str) -> Option<Timestamp> {
    if let Ok(millis) = cell.parse::<i64>() {
        return Some(Timestamp::from_millis(millis));
    }
    if !cell.starts_with(|c: char| c.is_ascii_digit()) || !cell.contains('-') {
        return None;
    }
    parse_time(cell, false, &TimeOptions::at(0))
        .ok()
        .map(Timestamp::from_millis)
}

/// RFC 4180 CSV: comma-separated, `"` quotes a cell (`""` inside is a quote), CRLF or LF.
pub(super) fn parse_csv(content: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = content.chars().peekable();
    let mut quoted = false;
    let mut line = 1;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, other) => {
                if other == '\n' {
                    line += 1;
                }
                cell.push(other);
            }
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                line += 1;
            }
            (false, other) => cell.push(other),
        }
    }
    if quoted {
        return Err(format!(
            "unterminated quoted cell in the CSV content (line {line})"
        ));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Ok(rows)
}
