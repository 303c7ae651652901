//! The tokens of a math expression, as Grafana's `mathexp/parse` lexer reads them:
//! `$A` and `${A B}` query references (letters, digits, `_`; spaces inside braces),
//! numbers (`1`, `.5`, `2e-3`, `0x1F`), function names (letters and `_`), `"strings"`,
//! parentheses, commas and the operators `! && || == != > >= < <= + - * ** / %`.
//!
//! One deliberate difference: Grafana reads a run of operator characters as one token, so
//! `$A*-1` is an error there; here the longest known operator is taken and `*-` reads as
//! `*` then `-`.

use super::ParseError;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    Number(f64),
    /// A query reference, without `$` and braces.
    Var(String),
    Func(String),
    Str(String),
    LeftParen,
    RightParen,
    Comma,
    Op(&'static str),
    Eof,
}

impl Token {
    pub(crate) fn describe(&self) -> String {
        match self {
            Token::Number(n) => format!("number {n}"),
            Token::Var(name) => format!("reference ${name}"),
            Token::Func(name) => format!("name {name:?}"),
            Token::Str(text) => format!("string {text:?}"),
            Token::LeftParen => "\"(\"".into(),
            Token::RightParen => "\")\"".into(),
            Token::Comma => "\",\"".into(),
            Token::Op(op) => format!("operator {op:?}"),
            Token::Eof => "end of input".into(),
        }
    }
}

/// A token and the character position it starts at.
pub(crate) type Spanned = (usize, Token);

/// Operators, longest first so that `**` wins over `*`.
const OPERATORS: [&str; 14] = [
    "**", "&&", "||", "==", "!=", ">=", "<=", "!", ">", "<", "+", "-", "*", "/",
];
const MODULO: &str = "%";

pub(crate) fn tokenize(input: &str) -> Result<Vec<Spanned>, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        let c = chars[pos];
        let start = pos;
        if c.is_whitespace() {
            pos += 1;
            continue;
        }
        let token = match c {
            '$' => {
                let (name, end) = lex_var(&chars, pos)?;
                pos = end;
                Token::Var(name)
            }
            '(' => {
                pos += 1;
                Token::LeftParen
            }
            ')' => {
                pos += 1;
                Token::RightParen
            }
            ',' => {
                pos += 1;
                Token::Comma
            }
            '"' => {
                let end = (pos + 1..chars.len())
                    .find(|i| chars[*i] == '"')
                    .ok_or_else(|| ParseError::new(start, "unterminated string"))?;
                pos = end + 1;
                Token::Str(chars[start + 1..end].iter().collect())
            }
            '%' => {
                pos += 1;
                Token::Op(MODULO)
            }
            c if c.is_ascii_digit() || c == '.' => {
                let (number, end) = lex_number(&chars, pos)?;
                pos = end;
                Token::Number(number)
            }
            c if c.is_alphabetic() => {
                let end = (pos..chars.len())
                    .find(|i| !(chars[*i].is_alphabetic() || chars[*i] == '_'))
                    .unwrap_or(chars.len());
                pos = end;
                Token::Func(chars[start..end].iter().collect())
            }
            _ => {
                let op = OPERATORS.iter().find(|op| {
                    op.chars()
                        .enumerate()
                        .all(|(i, oc)| chars.get(pos + i) == Some(&oc))
                });
                match op {
                    Some(op) => {
                        pos += op.chars().count();
                        Token::Op(op)
                    }
                    None => return Err(ParseError::new(start, format!("invalid character {c:?}"))),
                }
            }
        };
        tokens.push((start, token));
    }
    tokens.push((chars.len(), Token::Eof));
    Ok(tokens)
}

fn is_var_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Reads `$name` or `${name with spaces}` starting at the `$`.
fn lex_var(chars: &[char], dollar: usize) -> Result<(String, usize), ParseError> {
    let start = dollar + 1;
    if chars.get(start) == Some(&'{') {
        let mut end = start + 1;
        loop {
            match chars.get(end) {
                None => {
                    return Err(ParseError::new(
                        dollar,
                        "unterminated reference, missing closing }",
                    ))
                }
                Some('}') => break,
                Some(c) if is_var_char(*c) || c.is_whitespace() => end += 1,
                Some(c) => {
                    return Err(ParseError::new(
                        end,
                        format!("unsupported character {c:?} in reference"),
                    ))
                }
            }
        }
        let name: String = chars[start + 1..end].iter().collect();
        if name.trim().is_empty() {
            return Err(ParseError::new(dollar, "incomplete reference"));
        }
        return Ok((name, end + 1));
    }
    let end = (start..chars.len())
        .find(|i| !is_var_char(chars[*i]))
        .unwrap_or(chars.len());
    if end == start {
        return Err(ParseError::new(dollar, "incomplete reference after \"$\""));
    }
    Ok((chars[start..end].iter().collect(), end))
}

/// Reads a decimal (with optional fraction and exponent) or hexadecimal integer.
fn lex_number(chars: &[char], start: usize) -> Result<(f64, usize), ParseError> {
    let is_hex =
        chars.get(start) == Some(&'0') && matches!(chars.get(start + 1), Some('x') | Some('X'));
    if is_hex {
        let end = (start + 2..chars.len())
            .find(|i| !chars[*i].is_ascii_hexdigit())
            .unwrap_or(chars.len());
        let digits: String = chars[start + 2..end].iter().collect();
        let number = u64::from_str_radix(&digits, 16).map_err(|_| {
            ParseError::new(
                start,
                format!(
                    "bad number syntax {:?}",
                    chars[start..end].iter().collect::<String>()
                ),
            )
        })?;
        return Ok((number as f64, end));
    }
    let mut end = start;
    let digits_from = |from: usize| {
        (from..chars.len())
            .find(|i| !chars[*i].is_ascii_digit())
            .unwrap_or(chars.len())
    };
    end = digits_from(end);
    if chars.get(end) == Some(&'.') {
        end = digits_from(end + 1);
    }
    if matches!(chars.get(end), Some('e') | Some('E')) {
        let mut exponent = end + 1;
        if matches!(chars.get(exponent), Some('+') | Some('-')) {
            exponent += 1;
        }
        end = digits_from(exponent);
    }
    let text: String = chars[start..end].iter().collect();
    text.parse::<f64>()
        .map(|number| (number, end))
        .map_err(|_| ParseError::new(start, format!("bad number syntax {text:?}")))
}
