//! The syntax tree of a math expression and its recursive descent parser, with Grafana's
//! precedence (loosest first, all left-associative):
//!
//! ```text
//! ||   &&   == != > >= < <=   + -   * / %   **   unary ! -   ( ) numbers $refs func(...)
//! ```
//!
//! Unary operators bind tighter than `**`, as in Grafana: `-$A ** 2` is `(-$A) ** 2`.

use std::collections::BTreeSet;

use super::functions::Function;
use super::lexer::{tokenize, Spanned, Token};
use super::ParseError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Negate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
}

impl BinaryOp {
    fn from_token(op: &str) -> Option<Self> {
        Some(match op {
            "||" => BinaryOp::Or,
            "&&" => BinaryOp::And,
            "==" => BinaryOp::Equal,
            "!=" => BinaryOp::NotEqual,
            ">" => BinaryOp::Greater,
            ">=" => BinaryOp::GreaterOrEqual,
            "<" => BinaryOp::Less,
            "<=" => BinaryOp::LessOrEqual,
            "+" => BinaryOp::Add,
            "-" => BinaryOp::Subtract,
            "*" => BinaryOp::Multiply,
            "/" => BinaryOp::Divide,
            "%" => BinaryOp::Modulo,
            "**" => BinaryOp::Power,
            _ => return None,
        })
    }
}

/// A parsed math expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Number(f64),
    /// A reference to a query or expression, by `refId`.
    Var(String),
    Unary(UnaryOp, Box<Node>),
    Binary(BinaryOp, Box<Node>, Box<Node>),
    Call(Function, Vec<Node>),
}

impl Node {
    /// The `refId`s the expression refers to.
    pub fn references(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        self.collect_references(&mut names);
        names
    }

    fn collect_references(&self, names: &mut BTreeSet<String>) {
        match self {
            Node::Number(_) => {}
            Node::Var(name) => {
                names.insert(name.clone());
            }
            Node::Unary(_, arg) => arg.collect_references(names),
            Node::Binary(_, left, right) => {
                left.collect_references(names);
                right.collect_references(names);
            }
            Node::Call(_, args) => args.iter().for_each(|a| a.collect_references(names)),
        }
    }
}

/// Parses a math expression such as `$A + $B * 2`.
pub fn parse(input: &str) -> Result<Node, ParseError> {
    let tokens = tokenize(input)?;
    let mut parser = Parser { tokens, next: 0 };
    let root = parser.binary(0)?;
    match parser.peek() {
        (_, Token::Eof) => Ok(root),
        (pos, token) => Err(ParseError::new(
            *pos,
            format!(
                "unexpected {} after a complete expression",
                token.describe()
            ),
        )),
    }
}

/// Binary operator levels, loosest first.
const LEVELS: [&[BinaryOp]; 6] = [
    &[BinaryOp::Or],
    &[BinaryOp::And],
    &[
        BinaryOp::Equal,
        BinaryOp::NotEqual,
        BinaryOp::Greater,
        BinaryOp::GreaterOrEqual,
        BinaryOp::Less,
        BinaryOp::LessOrEqual,
    ],
    &[BinaryOp::Add, BinaryOp::Subtract],
    &[BinaryOp::Multiply, BinaryOp::Divide, BinaryOp::Modulo],
    &[BinaryOp::Power],
];

/// Deeper nesting is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 200;

struct Parser {
    tokens: Vec<Spanned>,
    next: usize,
}

impl Parser {
    fn peek(&self) -> &Spanned {
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[self.next.min(last)]
    }

    fn advance(&mut self) -> Spanned {
        let token = self.peek().clone();
        if self.next < self.tokens.len() {
            self.next += 1;
        }
        token
    }

    fn depth_guard(&self, pos: usize, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError::new(pos, "expression is nested too deeply"));
        }
        Ok(())
    }

    fn binary(&mut self, level: usize) -> Result<Node, ParseError> {
        self.binary_at(level, 0)
    }

    fn binary_at(&mut self, level: usize, depth: usize) -> Result<Node, ParseError> {
        let Some(ops) = LEVELS.get(level) else {
            return self.factor(depth);
        };
        let mut left = self.binary_at(level + 1, depth)?;
        loop {
            let op = match self.peek() {
                (_, Token::Op(text)) => BinaryOp::from_token(text).filter(|op| ops.contains(op)),
                _ => None,
            };
            let Some(op) = op else {
                return Ok(left);
            };
            self.advance();
            let right = self.binary_at(level + 1, depth)?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn factor(&mut self, depth: usize) -> Result<Node, ParseError> {
        let (pos, token) = self.advance();
        self.depth_guard(pos, depth)?;
        match token {
            Token::Number(n) => Ok(Node::Number(n)),
            Token::Var(name) => Ok(Node::Var(name)),
            Token::Op("!") => Ok(Node::Unary(UnaryOp::Not, Box::new(self.factor(depth + 1)?))),
            Token::Op("-") => Ok(Node::Unary(
                UnaryOp::Negate,
                Box::new(self.factor(depth + 1)?),
            )),
            Token::LeftParen => {
                let inner = self.binary_at(0, depth + 1)?;
                self.expect_right_paren("to close \"(\"")?;
                Ok(inner)
            }
            Token::Func(name) => self.call(pos, &name, depth),
            other => Err(ParseError::new(
                pos,
                format!(
                    "unexpected {}, expected a number, $reference, function or \"(\"",
                    other.describe()
                ),
            )),
        }
    }

    fn expect_right_paren(&mut self, context: &str) -> Result<(), ParseError> {
        match self.advance() {
            (_, Token::RightParen) => Ok(()),
            (pos, other) => Err(ParseError::new(
                pos,
                format!("unexpected {}, expected \")\" {context}", other.describe()),
            )),
        }
    }

    fn call(&mut self, pos: usize, name: &str, depth: usize) -> Result<Node, ParseError> {
        let function = Function::by_name(name).ok_or_else(|| {
            ParseError::new(
                pos,
                format!("unknown function {name:?}; known: {}", Function::names()),
            )
        })?;
        match self.advance() {
            (_, Token::LeftParen) => {}
            (at, other) => {
                return Err(ParseError::new(
                    at,
                    format!(
                        "unexpected {}, expected \"(\" after {name}",
                        other.describe()
                    ),
                ))
            }
        }
        let mut args = Vec::new();
        if !matches!(self.peek(), (_, Token::RightParen)) {
            loop {
                args.push(self.binary_at(0, depth + 1)?);
                if matches!(self.peek(), (_, Token::Comma)) {
                    self.advance();
                    continue;
                }
                break;
            }
        }
        self.expect_right_paren(&format!("to close the arguments of {name}"))?;
        if args.len() != function.arity() {
            return Err(ParseError::new(
                pos,
                format!(
                    "function {name} takes {} argument(s), got {}",
                    function.arity(),
                    args.len()
                ),
            ));
        }
        Ok(Node::Call(function, args))
    }
}
