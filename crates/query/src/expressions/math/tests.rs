use super::*;
use crate::expressions::test_support::{
    assert_same, labels, number, series, unlabelled_number, unlabelled_series,
};
use crate::expressions::value::Value;

const NAN: f64 = f64::NAN;

fn eval(expression: &str, vars: &Vars) -> Vec<Value> {
    MathExpression::parse(expression)
        .unwrap_or_else(|e| panic!("{expression}: {e}"))
        .evaluate(vars)
        .unwrap_or_else(|e| panic!("{expression}: {e}"))
}

fn vars(entries: Vec<(&str, Vec<Value>)>) -> Vars {
    entries
        .into_iter()
        .map(|(name, values)| (name.to_string(), values))
        .collect()
}

#[test]
fn scalar_arithmetic_follows_grafana_precedence() {
    let cases: [(&str, Option<f64>); 16] = [
        ("1 + 2 * 3", Some(7.0)),
        ("(1 + 2) * 3", Some(9.0)),
        ("2 ** 3 ** 2", Some(64.0)),
        ("-2 ** 2", Some(4.0)),
        ("10 % 4 - 7 / 2", Some(-1.5)),
        ("-7 % 3", Some(-1.0)),
        ("1 < 2 && 3 > 2", Some(1.0)),
        ("1 == 2 || 2 != 2", Some(0.0)),
        ("!0 + !5", Some(1.0)),
        ("2 >= 2 == 1", Some(1.0)),
        ("0x1F + 1e1 + .5", Some(41.5)),
        ("nan() + 1", Some(NAN)),
        ("1 || nan()", Some(1.0)),
        ("0 && nan()", Some(0.0)),
        ("null() + 1", None),
        ("-inf() < infn() + 1", Some(0.0)),
    ];
    for (expression, expected) in cases {
        assert_same(
            &eval(expression, &Vars::new()),
            &[Value::Scalar(expected)],
            expression,
        );
    }
}

#[test]
fn functions_map_values_and_nulls_like_grafana() {
    let input = vars(vec![(
        "A",
        vec![series(
            &[("h", "a")],
            &[
                (1, Some(-2.5)),
                (2, None),
                (3, Some(NAN)),
                (4, Some(f64::INFINITY)),
            ],
        )],
    )]);
    let at = |values: [Option<f64>; 4]| {
        vec![series(
            &[("h", "a")],
            &[
                (1, values[0]),
                (2, values[1]),
                (3, values[2]),
                (4, values[3]),
            ],
        )]
    };
    let inf = f64::INFINITY;
    let cases = [
        ("abs($A)", at([Some(2.5), Some(NAN), Some(NAN), Some(inf)])),
        (
            "round($A)",
            at([Some(-3.0), Some(NAN), Some(NAN), Some(inf)]),
        ),
        (
            "ceil($A)",
            at([Some(-2.0), Some(NAN), Some(NAN), Some(inf)]),
        ),
        (
            "floor($A)",
            at([Some(-3.0), Some(NAN), Some(NAN), Some(inf)]),
        ),
        (
            "is_null($A)",
            at([Some(0.0), Some(1.0), Some(0.0), Some(0.0)]),
        ),
        (
            "is_nan($A)",
            at([Some(0.0), Some(NAN), Some(1.0), Some(0.0)]),
        ),
        (
            "is_inf($A)",
            at([Some(0.0), Some(NAN), Some(0.0), Some(1.0)]),
        ),
        (
            "is_number($A)",
            at([Some(1.0), Some(0.0), Some(0.0), Some(0.0)]),
        ),
        (
            "log(abs($A))",
            at([Some(2.5f64.ln()), Some(NAN), Some(NAN), Some(inf)]),
        ),
    ];
    for (expression, expected) in cases {
        assert_same(&eval(expression, &input), &expected, expression);
    }
}

/// Name, values of `$A`, values of `$B`, expected values of `$A + $B`.
type LabelCase = (&'static str, Vec<Value>, Vec<Value>, Vec<Value>);

#[test]
fn binary_operations_match_labels_like_grafana_union() {
    let web = [("host", "web")];
    let db = [("host", "db")];
    let web_eu = [("host", "web"), ("region", "eu")];
    let cases: Vec<LabelCase> = vec![
        (
            "identical labels pair up",
            vec![number(&web, Some(1.0)), number(&db, Some(2.0))],
            vec![number(&db, Some(20.0)), number(&web, Some(10.0))],
            vec![number(&web, Some(11.0)), number(&db, Some(22.0))],
        ),
        (
            "a subset matches and the result takes the larger set",
            vec![number(&web, Some(1.0))],
            vec![number(&web_eu, Some(5.0)), number(&db, Some(7.0))],
            vec![number(&web_eu, Some(6.0))],
        ),
        (
            "disjoint labels of equal count are dropped",
            vec![number(&web, Some(1.0)), number(&[("host", "x")], Some(1.0))],
            vec![number(&db, Some(2.0)), number(&[("host", "y")], Some(2.0))],
            vec![],
        ),
        (
            "one value on each side pairs anyway and loses its labels",
            vec![number(&web, Some(1.0))],
            vec![number(&db, Some(2.0))],
            vec![unlabelled_number(Some(3.0))],
        ),
        (
            "empty labels against a scalar come out unset, as Go's union takes the scalar's",
            vec![series(&[], &[(1, Some(1.0))])],
            vec![Value::Scalar(Some(2.0))],
            vec![unlabelled_series(&[(1, Some(3.0))])],
        ),
        (
            "labels against a scalar are kept",
            vec![series(&web, &[(1, Some(1.0))])],
            vec![Value::Scalar(Some(2.0))],
            vec![series(&web, &[(1, Some(3.0))])],
        ),
        (
            "unset labels against empty ones take the empty set",
            vec![unlabelled_series(&[(1, Some(1.0))])],
            vec![series(&[], &[(1, Some(5.0))])],
            vec![series(&[], &[(1, Some(6.0))])],
        ),
        (
            "a value without labels matches every value",
            vec![number(&[], Some(100.0))],
            vec![number(&web, Some(1.0)), number(&db, Some(2.0))],
            vec![number(&web, Some(101.0)), number(&db, Some(102.0))],
        ),
        (
            "null stays null",
            vec![number(&web, None)],
            vec![number(&web, Some(1.0))],
            vec![number(&web, None)],
        ),
        (
            "no data wins",
            vec![Value::NoData],
            vec![number(&web, Some(1.0)), number(&db, Some(2.0))],
            vec![Value::NoData],
        ),
        (
            "an empty side gives nothing",
            vec![],
            vec![number(&web, Some(1.0))],
            vec![],
        ),
    ];
    for (name, a, b, expected) in cases {
        let input = vars(vec![("A", a), ("B", b)]);
        assert_same(&eval("$A + $B", &input), &expected, name);
    }
}

#[test]
fn scalars_broadcast_over_numbers_and_series() {
    let input = vars(vec![
        (
            "A",
            vec![series(
                &[("h", "a")],
                &[(1, Some(1.0)), (2, None), (3, Some(3.0))],
            )],
        ),
        (
            "N",
            vec![
                number(&[("h", "a")], Some(2.0)),
                number(&[("h", "b")], Some(4.0)),
            ],
        ),
    ]);
    assert_same(
        &eval("$A * 2", &input),
        &[series(
            &[("h", "a")],
            &[(1, Some(2.0)), (2, None), (3, Some(6.0))],
        )],
        "series * scalar",
    );
    assert_same(
        &eval("10 - $N", &input),
        &[
            number(&[("h", "a")], Some(8.0)),
            number(&[("h", "b")], Some(6.0)),
        ],
        "scalar - numbers",
    );
    assert_same(
        &eval("$A > $N", &input),
        &[series(
            &[("h", "a")],
            &[(1, Some(0.0)), (2, None), (3, Some(1.0))],
        )],
        "series > matching number",
    );
    assert_same(
        &eval("-$N", &input),
        &[
            number(&[("h", "a")], Some(-2.0)),
            number(&[("h", "b")], Some(-4.0)),
        ],
        "unary minus keeps labels",
    );
}

#[test]
fn series_join_on_equal_timestamps_only() {
    let input = vars(vec![
        (
            "A",
            vec![series(
                &[],
                &[(1, Some(1.0)), (2, Some(2.0)), (3, None), (5, Some(NAN))],
            )],
        ),
        (
            "B",
            vec![series(
                &[],
                &[
                    (2, Some(20.0)),
                    (3, Some(30.0)),
                    (4, Some(40.0)),
                    (5, Some(1.0)),
                ],
            )],
        ),
    ]);
    assert_same(
        &eval("$A + $B", &input),
        &[series(&[], &[(2, Some(22.0)), (3, None), (5, Some(NAN))])],
        "join",
    );
}

#[test]
fn references_are_collected_including_braced_names() {
    let parsed = MathExpression::parse("${my query} + $B1_x * abs($A)").expect("parses");
    let names: Vec<String> = parsed.references().into_iter().collect();
    assert_eq!(names, vec!["A", "B1_x", "my query"]);
    let input = vars(vec![("my query", vec![number(&[("a", "b")], Some(2.0))])]);
    assert_same(
        &eval("${my query} / 4", &input),
        &[number(&[("a", "b")], Some(0.5))],
        "braced reference",
    );
    assert_eq!(labels(&[("a", "b")]).len(), 1);
}

#[test]
fn parse_errors_say_what_and_where() {
    let cases = [
        ("$A +", "unexpected end of input", 4),
        ("foo($A)", "unknown function \"foo\"", 0),
        ("$", "incomplete reference", 0),
        ("${A", "unterminated reference", 0),
        ("${}", "incomplete reference", 0),
        ("abs()", "function abs takes 1 argument(s), got 0", 0),
        ("abs($A, $B)", "function abs takes 1 argument(s), got 2", 0),
        ("(1 + 2", "expected \")\"", 6),
        ("1 2", "unexpected number 2 after a complete expression", 2),
        ("$A # 2", "invalid character '#'", 3),
        ("1e+", "bad number syntax", 0),
        ("", "empty expression", 0),
        ("abs", "expected \"(\" after abs", 3),
    ];
    for (input, message, position) in cases {
        let error = MathExpression::parse(input).expect_err(input);
        assert!(
            error.message.contains(message),
            "{input:?}: {:?} does not contain {message:?}",
            error.message
        );
        assert_eq!(error.position, position, "{input:?}: {error}");
    }
}

#[test]
fn unknown_reference_is_an_evaluation_error() {
    let parsed = MathExpression::parse("$A + $Z").expect("parses");
    let input = vars(vec![("A", vec![Value::Scalar(Some(1.0))])]);
    assert_eq!(
        parsed.evaluate(&input),
        Err("unknown reference $Z".to_string())
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let error = MathExpression::parse(&deep).expect_err("too deep");
    assert!(error.message.contains("nested too deeply"), "{error}");
    let negations = format!("{}1", "-".repeat(100_000));
    assert!(MathExpression::parse(&negations).is_err());
}

/// A small deterministic generator, so the garbage is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound
    }
}

#[test]
fn garbage_expressions_never_panic() {
    const PIECES: [&str; 34] = [
        "$A",
        "$B",
        "${A}",
        "${",
        "$",
        "}",
        "(",
        ")",
        ",",
        "\"",
        "1",
        "0",
        ".",
        "e",
        "0x",
        "+",
        "-",
        "*",
        "**",
        "/",
        "%",
        "!",
        "&&",
        "||",
        "==",
        "!=",
        "<",
        ">=",
        "abs",
        "is_null",
        "nan",
        " ",
        "é",
        "\u{1F600}",
    ];
    let input = vars(vec![
        (
            "A",
            vec![
                series(&[("h", "a")], &[(1, Some(1.0)), (2, None)]),
                Value::NoData,
            ],
        ),
        (
            "B",
            vec![number(&[("h", "a")], Some(0.0)), number(&[], None)],
        ),
    ]);
    let mut random = Lcg(42);
    let mut parsed = 0;
    for _ in 0..20_000 {
        let length = random.next(14);
        let text: String = (0..length)
            .map(|_| PIECES[random.next(PIECES.len())])
            .collect();
        if let Ok(expression) = MathExpression::parse(&text) {
            parsed += 1;
            let _ = expression.evaluate(&input);
        }
    }
    assert!(
        parsed > 100,
        "the generator should also produce valid expressions"
    );
}
