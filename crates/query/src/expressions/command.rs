//! Reading an expression query's JSON model into a [`Command`], with the fields and
//! messages of Grafana's `UnmarshalXxxCommand`s, and the `refId`s each command needs.

use serde_json::Value as Json;

use super::classic::{ClassicCondition, ClassicEvaluator, ClassicReducer, Operator};
use super::math::MathExpression;
use super::reduce::{ReduceMode, Reducer};
use super::resample::{parse_downsampler, Resample, Upsampler};
use super::threshold::Predicate;
use super::ExpressionError;
use crate::interval::parse_duration;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Math(MathExpression),
    Reduce {
        input: String,
        reducer: Reducer,
        mode: ReduceMode,
    },
    Resample {
        input: String,
        resample: Resample,
    },
    Threshold {
        input: String,
        predicate: Predicate,
    },
    ClassicConditions(Vec<ClassicCondition>),
}

impl Command {
    /// Parses the model of an expression of type `kind` (`math`, `reduce`, ...).
    pub fn parse(kind: &str, model: &Json) -> Result<Self, ExpressionError> {
        match kind {
            "math" => {
                let text = string_field(kind, model, "expression")?;
                Ok(Command::Math(MathExpression::parse(text)?))
            }
            "reduce" => parse_reduce(model),
            "resample" => parse_resample(model),
            "threshold" => parse_threshold(model),
            "classic_conditions" => parse_classic(model),
            other => Err(ExpressionError::UnknownType(other.to_string())),
        }
    }

    /// The `refId`s whose results the command reads, in a stable order.
    pub fn references(&self) -> Vec<String> {
        match self {
            Command::Math(expression) => expression.references().into_iter().collect(),
            Command::Reduce { input, .. }
            | Command::Resample { input, .. }
            | Command::Threshold { input, .. } => vec![input.clone()],
            Command::ClassicConditions(conditions) => {
                let mut refs: Vec<String> = conditions.iter().map(|c| c.query.clone()).collect();
                refs.sort();
                refs.dedup();
                refs
            }
        }
    }
}

fn string_field<'a>(kind: &str, model: &'a Json, key: &str) -> Result<&'a str, ExpressionError> {
    match model.get(key) {
        None | Some(Json::Null) => Err(ExpressionError::model(kind, format!("missing {key:?}"))),
        Some(Json::String(text)) => Ok(text),
        Some(other) => Err(ExpressionError::model(
            kind,
            format!("{key:?} must be a string, got {other}"),
        )),
    }
}

/// The `expression` field naming the input, with or without a leading `$`.
fn input_field(kind: &str, model: &Json) -> Result<String, ExpressionError> {
    let text = string_field(kind, model, "expression")?;
    let name = text.strip_prefix('$').unwrap_or(text).trim();
    if name.is_empty() {
        return Err(ExpressionError::model(
            kind,
            "\"expression\" must name a query or expression",
        ));
    }
    Ok(name.to_string())
}

fn parse_reduce(model: &Json) -> Result<Command, ExpressionError> {
    let kind = "reduce";
    let input = input_field(kind, model)?;
    let name = string_field(kind, model, "reducer")?;
    let reducer = Reducer::parse(name).ok_or_else(|| {
        ExpressionError::model(
            kind,
            format!("reducer {name:?} is not supported; supported: sum, mean, min, max, count, last, median"),
        )
    })?;
    let settings = model.get("settings").filter(|s| !s.is_null());
    let mode = match settings {
        None => ReduceMode::Strict,
        Some(Json::Object(settings)) => match settings.get("mode").and_then(Json::as_str) {
            None | Some("") | Some("strict") => ReduceMode::Strict,
            Some("dropNN") => ReduceMode::DropNonNumbers,
            Some("replaceNN") => match settings.get("replaceWithValue") {
                Some(Json::Number(value)) => {
                    ReduceMode::ReplaceNonNumbers(value.as_f64().unwrap_or(f64::NAN))
                }
                None => {
                    return Err(ExpressionError::model(
                        kind,
                        "setting replaceWithValue must be specified when mode is 'replaceNN'",
                    ))
                }
                Some(other) => {
                    return Err(ExpressionError::model(
                        kind,
                        format!("setting replaceWithValue must be a number, got {other}"),
                    ))
                }
            },
            Some(other) => {
                return Err(ExpressionError::model(
                    kind,
                    format!(
                        "reducer mode {other:?} is not supported; supported: dropNN, replaceNN"
                    ),
                ))
            }
        },
        Some(other) => {
            return Err(ExpressionError::model(
                kind,
                format!("\"settings\" must be an object, got {other}"),
            ))
        }
    };
    Ok(Command::Reduce {
        input,
        reducer,
        mode,
    })
}

fn parse_resample(model: &Json) -> Result<Command, ExpressionError> {
    let kind = "resample";
    let input = input_field(kind, model)?;
    let window_text = string_field(kind, model, "window")?;
    let window = parse_duration(window_text)
        .map_err(|error| ExpressionError::model(kind, format!("\"window\": {error}")))?;
    let down = string_field(kind, model, "downsampler")?;
    let downsampler = parse_downsampler(down).ok_or_else(|| {
        ExpressionError::model(
            kind,
            format!("downsampler {down:?} is not supported; supported: mean, min, max, sum, last"),
        )
    })?;
    let up = string_field(kind, model, "upsampler")?;
    let upsampler = Upsampler::parse(up).ok_or_else(|| {
        ExpressionError::model(
            kind,
            format!("upsampler {up:?} is not supported; supported: pad, backfilling, fillna"),
        )
    })?;
    Ok(Command::Resample {
        input,
        resample: Resample {
            window,
            downsampler,
            upsampler,
        },
    })
}

/// `{type, params}` of an evaluator.
fn evaluator_of(kind: &str, value: Option<&Json>) -> Result<(String, Vec<f64>), ExpressionError> {
    let Some(evaluator) = value.filter(|v| v.is_object()) else {
        return Err(ExpressionError::model(
            kind,
            "condition is missing its \"evaluator\"",
        ));
    };
    let evaluator_type = evaluator
        .get("type")
        .and_then(Json::as_str)
        .ok_or_else(|| ExpressionError::model(kind, "evaluator is missing its \"type\""))?;
    let params = match evaluator.get("params") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_f64().ok_or_else(|| {
                    ExpressionError::model(
                        kind,
                        format!("evaluator parameter {item} is not a number"),
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(ExpressionError::model(
                kind,
                format!("evaluator \"params\" must be an array of numbers, got {other}"),
            ))
        }
    };
    Ok((evaluator_type.to_string(), params))
}

fn conditions_of<'a>(kind: &str, model: &'a Json) -> Result<&'a Vec<Json>, ExpressionError> {
    model
        .get("conditions")
        .and_then(Json::as_array)
        .ok_or_else(|| ExpressionError::model(kind, "\"conditions\" must be an array"))
}

fn parse_threshold(model: &Json) -> Result<Command, ExpressionError> {
    let kind = "threshold";
    let input = input_field(kind, model)?;
    let conditions = conditions_of(kind, model)?;
    let [condition] = conditions.as_slice() else {
        return Err(ExpressionError::model(
            kind,
            "threshold expression requires exactly one condition",
        ));
    };
    let (evaluator_type, params) = evaluator_of(kind, condition.get("evaluator"))?;
    let predicate = Predicate::new(&evaluator_type, &params)
        .map_err(|reason| ExpressionError::model(kind, format!("invalid condition: {reason}")))?;
    Ok(Command::Threshold { input, predicate })
}

fn parse_classic(model: &Json) -> Result<Command, ExpressionError> {
    let kind = "classic_conditions";
    let raw = conditions_of(kind, model)?;
    if raw.is_empty() {
        return Err(ExpressionError::model(
            kind,
            "at least one condition is required",
        ));
    }
    let mut conditions = Vec::with_capacity(raw.len());
    for (index, condition) in raw.iter().enumerate() {
        let number = index + 1;
        let operator_type = condition
            .pointer("/operator/type")
            .and_then(Json::as_str)
            .unwrap_or("");
        let operator = match operator_type {
            "or" => Operator::Or,
            "and" => Operator::And,
            // The first condition's operator is never used.
            _ if index == 0 => Operator::And,
            _ => {
                return Err(ExpressionError::model(
                    kind,
                    format!("condition {number} operator must be `and` or `or`"),
                ))
            }
        };
        let query = condition
            .pointer("/query/params/0")
            .and_then(Json::as_str)
            .filter(|q| !q.is_empty())
            .ok_or_else(|| {
                ExpressionError::model(
                    kind,
                    format!("condition {number} is missing the query RefID argument"),
                )
            })?;
        let reducer_type = condition
            .pointer("/reducer/type")
            .and_then(Json::as_str)
            .unwrap_or("");
        let reducer = ClassicReducer::parse(reducer_type).ok_or_else(|| {
            ExpressionError::model(
                kind,
                format!("invalid reducer {reducer_type:?} in condition {number}"),
            )
        })?;
        let (evaluator_type, params) = evaluator_of(kind, condition.get("evaluator"))?;
        let evaluator = ClassicEvaluator::new(&evaluator_type, &params).map_err(|reason| {
            ExpressionError::model(kind, format!("condition {number}: {reason}"))
        })?;
        conditions.push(ClassicCondition {
            query: query.to_string(),
            reducer,
            evaluator,
            operator,
        });
    }
    Ok(Command::ClassicConditions(conditions))
}
