//! Math expressions (`type: math`): parsing (`lexer`, `parser`), Grafana's label matching
//! between the two sides of an operator (`union`), evaluation (`eval`) and the builtin
//! functions (`functions`).

mod eval;
mod functions;
mod lexer;
mod parser;
mod union;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

pub use eval::Vars;
pub use functions::Function;
pub use parser::{BinaryOp, Node, UnaryOp};

use super::value::Value;

/// A math expression that did not parse, with the character position of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at position {position}")]
pub struct ParseError {
    pub position: usize,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(position: usize, message: impl Into<String>) -> Self {
        Self {
            position,
            message: message.into(),
        }
    }
}

/// A parsed math expression, such as `$A + $B * 2`.
#[derive(Debug, Clone, PartialEq)]
pub struct MathExpression {
    root: Node,
}

impl MathExpression {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        if input.trim().is_empty() {
            return Err(ParseError::new(0, "empty expression"));
        }
        Ok(Self {
            root: parser::parse(input)?,
        })
    }

    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The `refId`s the expression refers to.
    pub fn references(&self) -> BTreeSet<String> {
        self.root.references()
    }

    /// Evaluates the expression; every reference must be in `vars`.
    pub fn evaluate(&self, vars: &Vars) -> Result<Vec<Value>, String> {
        eval::evaluate(&self.root, vars)
    }
}
