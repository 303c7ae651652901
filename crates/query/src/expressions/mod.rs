//! Grafana's server-side expressions (datasource uid `__expr__`), pure and without IO:
//! math (`$A + $B * 2`), reduce, resample, threshold and classic conditions over the
//! results of data source queries, for panels and alerting alike.
//!
//! - [`value`]: the values expressions compute with (scalar, number, series, no data);
//! - [`convert`]: data frames to values and back, in Grafana's shapes;
//! - [`math`]: the math language (lexer, parser, label matching, evaluation, functions);
//! - [`reduce`], [`resample`], [`threshold`], [`classic`]: the other commands;
//! - [`command`]: a query model read into a [`Command`];
//! - [`pipeline`]: the entry point, [`evaluate_expressions`], and
//!   [`datasource_dependencies`], the queries to run first.

pub mod classic;
pub mod command;
pub mod convert;
mod error;
pub mod math;
pub mod pipeline;
pub mod reduce;
pub mod resample;
pub mod threshold;
pub mod value;

#[cfg(test)]
mod command_tests;
#[cfg(test)]
mod pipeline_tests;
#[cfg(test)]
mod test_support;

pub use command::Command;
pub use error::ExpressionError;
pub use pipeline::{
    datasource_dependencies, evaluate_expressions, ExpressionInputs, ExpressionQuery,
};
pub use value::{Number, Series, Value};

/// The datasource uid that marks a query as an expression.
pub const EXPRESSION_DATASOURCE_UID: &str = "__expr__";
