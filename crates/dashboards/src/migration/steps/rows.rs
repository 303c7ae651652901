//! Schema 16 and 17: from rows of spans to the 24-column grid.
//!
//! - 16: before Grafana 5 a dashboard was a list of `rows`, each with a pixel `height` and
//!   panels sized by `span` (1–12). Each panel now gets a `gridPos` in a 24-column grid of
//!   30 px cells with 8 px gaps, placed the way Grafana's `RowArea` packs them. If any row is
//!   collapsed, repeated or shows its title, every row becomes a `row` panel; a collapsed
//!   row keeps its panels inside it. Panels end up sorted top to bottom, left to right.
//! - 17: a panel's `minSpan` becomes `maxPerRow`, the largest factor of 24 that fits.

use serde_json::Value;

use super::StepContext;
use crate::migration::json::{
    arr_at, as_number, insert_present, is_nullish, number_value, obj_at, parse_int_prefix, str_at,
    truthy, unary_plus, Object,
};
use crate::migration::walk::for_each_panel;

const GRID_COLUMNS: i64 = 24;
const DEFAULT_PANEL_SPAN: f64 = 4.0;
const DEFAULT_ROW_HEIGHT_PX: f64 = 250.0;
const GRID_CELL_HEIGHT_PX: f64 = 30.0;
const GRID_CELL_MARGIN_PX: f64 = 8.0;
const MIN_PANEL_HEIGHT_PX: f64 = GRID_CELL_HEIGHT_PX * 3.0;
/// No real row is this tall; the cap keeps absurd heights from overflowing positions.
const MAX_PANEL_HEIGHT_PX: f64 = 1_000_000.0;

/// Schema 16: converts `rows` into grid-positioned `panels` and row panels.
pub(super) fn v16_rows_to_grid(dashboard: &mut Object, _: &StepContext<'_>) {
    if !dashboard.get("rows").is_some_and(Value::is_array) {
        return;
    }
    if !matches!(
        dashboard.get("panels"),
        None | Some(Value::Null) | Some(Value::Array(_))
    ) {
        return; // nowhere to put the panels; leave the rows as they are
    }
    let Some(Value::Array(rows)) = dashboard.shift_remove("rows") else {
        return;
    };
    let mut panels = match dashboard.shift_remove("panels") {
        Some(Value::Array(panels)) => panels,
        _ => Vec::new(),
    };
    let mut next_id = max_panel_id(&rows, &panels).saturating_add(1);
    let show_rows = rows.iter().filter_map(Value::as_object).any(|row| {
        truthy(row.get("collapse")) || truthy(row.get("showTitle")) || truthy(row.get("repeat"))
    });

    let mut leftover_rows = Vec::new();
    let mut y = 0;
    for row in rows {
        let Value::Object(mut row) = row else {
            leftover_rows.push(row);
            continue;
        };
        if truthy(row.get("repeatIteration")) {
            continue; // a repeated copy, recreated at render time
        }
        let row_height = grid_height(row.get("height").filter(|h| truthy(Some(h))));
        let collapsed = truthy(row.get("collapse"));
        let mut row_panels = match row.shift_remove("panels") {
            Some(Value::Array(row_panels)) => row_panels,
            _ => Vec::new(),
        };
        for panel in row_panels.iter_mut().filter_map(Value::as_object_mut) {
            if is_nullish(panel.get("id")) {
                panel.insert("id".to_owned(), Value::from(next_id));
                next_id = next_id.saturating_add(1);
            }
        }

        let mut row_panel = None;
        if show_rows {
            row_panel = Some(new_row_panel(&row, next_id, y, row_height));
            next_id = next_id.saturating_add(1);
            y += 1;
        }
        let mut area = RowArea::new(row_height, y);
        let mut kept_in_row = Vec::new();
        for panel in row_panels {
            let Value::Object(mut panel) = panel else {
                panels.push(panel);
                continue;
            };
            let (width, height) = panel_size(&mut panel, row_height);
            let (x, relative_y) = area.place(height, width);
            y = area.y;
            let grid_pos = GridPos {
                x,
                y: y + relative_y,
                w: width,
                h: height,
            };
            area.add(&grid_pos);
            panel.insert("gridPos".to_owned(), grid_pos.to_json());
            panel.shift_remove("span");
            if row_panel.is_some() && collapsed {
                kept_in_row.push(Value::Object(panel));
            } else {
                panels.push(Value::Object(panel));
            }
        }
        if let Some(mut row_panel) = row_panel {
            row_panel.insert("panels".to_owned(), Value::Array(kept_in_row));
            panels.push(Value::Object(row_panel));
        }
        if !(show_rows && collapsed) {
            y += row_height;
        }
    }

    panels.sort_by_key(grid_order);
    dashboard.insert("panels".to_owned(), Value::Array(panels));
    if !leftover_rows.is_empty() {
        dashboard.insert("rows".to_owned(), Value::Array(leftover_rows));
    }
}

/// The highest numeric panel id in the rows and in the existing panels (0 when none).
fn max_panel_id(rows: &[Value], panels: &[Value]) -> i64 {
    let row_panels = rows
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|row| arr_at(row, "panels"))
        .flatten();
    row_panels
        .chain(panels)
        .filter_map(|panel| as_number(panel.get("id")))
        .map(|id| id.floor() as i64)
        .max()
        .unwrap_or(0)
        .max(0)
}

fn new_row_panel(row: &Object, id: i64, y: i64, height: i64) -> Object {
    let mut row_panel = Object::new();
    row_panel.insert("id".to_owned(), Value::from(id));
    row_panel.insert("type".to_owned(), "row".into());
    let title = row
        .get("title")
        .filter(|title| str_at(row, "title") != Some("") && !title.is_null());
    insert_present(&mut row_panel, "title", title.cloned());
    if row.contains_key("collapse") {
        row_panel.insert(
            "collapsed".to_owned(),
            Value::Bool(truthy(row.get("collapse"))),
        );
    }
    insert_present(&mut row_panel, "repeat", row.get("repeat").cloned());
    row_panel.insert("panels".to_owned(), Value::Array(Vec::new()));
    let grid_pos = GridPos {
        x: 0,
        y,
        w: GRID_COLUMNS,
        h: height,
    };
    row_panel.insert("gridPos".to_owned(), grid_pos.to_json());
    row_panel
}

/// A panel's grid width and height, from its `span` and pixel `height`; also rescales its
/// `minSpan` from 12 to 24 columns.
fn panel_size(panel: &mut Object, row_height: i64) -> (i64, i64) {
    let span = unary_plus(panel.get("span"))
        .filter(|span| *span != 0.0)
        .unwrap_or(DEFAULT_PANEL_SPAN);
    if truthy(panel.get("minSpan")) {
        if let Some(min_span) = unary_plus(panel.get("minSpan")) {
            let scaled = (min_span * 2.0).min(GRID_COLUMNS as f64);
            panel.insert("minSpan".to_owned(), number_value(scaled));
        }
    }
    // Grafana trusts `span` to be 1–12; clamp so that odd input still gets a usable size.
    let width = ((span.floor() * 2.0) as i64).clamp(1, GRID_COLUMNS);
    let height = if truthy(panel.get("height")) {
        grid_height(panel.get("height"))
    } else {
        row_height
    };
    (width, height)
}

/// Grid rows for a pixel height (a number or a string such as `"250px"`).
fn grid_height(height: Option<&Value>) -> i64 {
    let pixels = match height {
        Some(Value::Number(number)) => number.as_f64(),
        Some(Value::String(text)) => parse_int_prefix(&text.replace("px", "")),
        _ => None,
    }
    .unwrap_or(DEFAULT_ROW_HEIGHT_PX)
    .clamp(MIN_PANEL_HEIGHT_PX, MAX_PANEL_HEIGHT_PX);
    (pixels / (GRID_CELL_HEIGHT_PX + GRID_CELL_MARGIN_PX)).ceil() as i64
}

fn grid_order(panel: &Value) -> (i64, i64) {
    let grid_pos = panel.as_object().and_then(|panel| obj_at(panel, "gridPos"));
    let coordinate = |key: &str| {
        grid_pos
            .and_then(|grid_pos| as_number(grid_pos.get(key)))
            .map_or(0, |n| n as i64)
    };
    (coordinate("y"), coordinate("x"))
}

struct GridPos {
    x: i64,
    y: i64,
    w: i64,
    h: i64,
}

impl GridPos {
    fn to_json(&self) -> Value {
        serde_json::json!({"x": self.x, "y": self.y, "w": self.w, "h": self.h})
    }
}

/// One legacy row being filled with panels, column by column (Grafana's `RowArea`):
/// `filled[column]` is how many grid rows of that column are taken, counted from `y`.
struct RowArea {
    filled: Vec<i64>,
    y: i64,
    height: i64,
}

impl RowArea {
    fn new(height: i64, y: i64) -> Self {
        Self {
            filled: vec![0; GRID_COLUMNS as usize],
            y,
            height,
        }
    }

    /// Where a panel goes, as `(x, y relative to self.y)`: the free run of columns that
    /// reaches the right edge, if it is wide enough; otherwise on a fresh line below.
    fn place(&mut self, _height: i64, width: i64) -> (i64, i64) {
        if let Some(position) = self.free_position(width) {
            return position;
        }
        self.y += self.height;
        self.filled.iter_mut().for_each(|column| *column = 0);
        self.free_position(width).unwrap_or((0, 0))
    }

    fn free_position(&self, width: i64) -> Option<(i64, i64)> {
        let columns = self.filled.len();
        let mut start = None;
        let mut end = None;
        for index in (0..columns).rev() {
            if self.height - self.filled[index] <= 0 {
                break;
            }
            if end.is_none() {
                end = Some(index);
            } else if index < columns - 1 && self.filled[index] <= self.filled[index + 1] {
                start = Some(index);
            } else {
                break;
            }
        }
        let (start, end) = (start?, end?);
        if (end - start) as i64 >= width - 1 {
            let top = self.filled[start..].iter().copied().max().unwrap_or(0);
            return Some((start as i64, top));
        }
        None
    }

    fn add(&mut self, grid_pos: &GridPos) {
        let bottom = grid_pos.y + grid_pos.h - self.y;
        let first = grid_pos.x.max(0) as usize;
        let last = (grid_pos.x + grid_pos.w).clamp(0, GRID_COLUMNS) as usize;
        for column in first..last {
            if self.filled[column] == 0 || bottom > self.filled[column] {
                self.filled[column] = bottom;
            }
        }
    }
}

/// Schema 17: `minSpan` (already on the 24-column scale) becomes `maxPerRow`.
pub(super) fn v17_min_span_to_max_per_row(dashboard: &mut Object, _: &StepContext<'_>) {
    const FACTORS_OF_24: [i64; 8] = [1, 2, 3, 4, 6, 8, 12, 24];
    for_each_panel(dashboard, &mut |panel| {
        if truthy(panel.get("minSpan")) {
            let max =
                unary_plus(panel.get("minSpan")).map(|min_span| GRID_COLUMNS as f64 / min_span);
            let first_larger =
                max.and_then(|max| FACTORS_OF_24.iter().position(|f| *f as f64 > max));
            match first_larger.filter(|index| *index > 0) {
                Some(index) => {
                    panel.insert(
                        "maxPerRow".to_owned(),
                        Value::from(FACTORS_OF_24[index - 1]),
                    );
                }
                None => {
                    panel.shift_remove("maxPerRow");
                }
            }
        }
        panel.shift_remove("minSpan");
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn grid_heights_round_up_with_a_floor_of_three() {
        assert_eq!(grid_height(None), 7);
        assert_eq!(grid_height(Some(&json!(100))), 3);
        assert_eq!(grid_height(Some(&json!(10))), 3);
        assert_eq!(grid_height(Some(&json!("400px"))), 11);
        assert_eq!(grid_height(Some(&json!("tall"))), 7);
    }

    #[test]
    fn row_area_packs_left_to_right_then_wraps() {
        let mut area = RowArea::new(7, 0);
        let mut placed = Vec::new();
        for width in [12, 8, 8, 24] {
            let (x, relative_y) = area.place(7, width);
            let grid_pos = GridPos {
                x,
                y: area.y + relative_y,
                w: width,
                h: 7,
            };
            area.add(&grid_pos);
            placed.push((grid_pos.x, grid_pos.y));
        }
        assert_eq!(placed, vec![(0, 0), (12, 0), (0, 7), (0, 14)]);
    }

    #[test]
    fn short_panels_stack_beside_a_tall_one() {
        let mut area = RowArea::new(6, 0);
        let mut placed = Vec::new();
        for (width, height) in [(12, 6), (12, 3), (12, 3)] {
            let (x, relative_y) = area.place(height, width);
            let grid_pos = GridPos {
                x,
                y: area.y + relative_y,
                w: width,
                h: height,
            };
            area.add(&grid_pos);
            placed.push((grid_pos.x, grid_pos.y));
        }
        assert_eq!(placed, vec![(0, 0), (12, 0), (12, 3)]);
    }
}
