//! The entry point: evaluating the expressions of a request (datasource uid `__expr__`)
//! after its data source queries ran.
//!
//! The pipeline is: parse the expressions, ask [`datasource_dependencies`] which `refId`s
//! they read from data sources, run those queries, then call [`evaluate_expressions`] with
//! their results. Expressions run in dependency order (an expression may read another); a
//! failure (bad model, unknown reference, a cycle, a failed input) is the answer of that
//! `refId` and of those that depend on it, never of the others.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value as Json;

use super::classic::evaluate_classic;
use super::command::Command;
use super::convert::{name_unlabelled_series, values_from_frames, values_to_frames};
use super::math::Vars;
use super::reduce::reduce_values;
use super::value::Value;
use super::ExpressionError;
use crate::frame::{DataResponse, ErrorSource};
use crate::time::TimeRange;

/// One expression query of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpressionQuery {
    pub ref_id: String,
    /// The model's `type`: `math`, `reduce`, `resample`, `threshold`, `classic_conditions`.
    pub kind: String,
    /// The whole query model (`expression`, `reducer`, `conditions`, ...).
    pub model: Json,
}

impl ExpressionQuery {
    /// From a query model carrying `refId` and `type`; `None` when either is missing.
    pub fn from_model(model: Json) -> Option<Self> {
        let ref_id = model.get("refId")?.as_str()?.to_string();
        let kind = model.get("type")?.as_str()?.to_string();
        Some(Self {
            ref_id,
            kind,
            model,
        })
    }
}

/// The `refId`s the expressions read that are not expressions themselves: the data source
/// queries that must run before [`evaluate_expressions`]. Expressions that do not parse
/// contribute nothing (they fail on evaluation).
pub fn datasource_dependencies(expressions: &[ExpressionQuery]) -> BTreeSet<String> {
    let own: BTreeSet<&str> = expressions.iter().map(|e| e.ref_id.as_str()).collect();
    expressions
        .iter()
        .filter_map(|e| Command::parse(&e.kind, &e.model).ok())
        .flat_map(|command| command.references())
        .filter(|name| !own.contains(name.as_str()))
        .collect()
}

/// The data source results expressions read.
#[derive(Debug, Clone, Copy)]
pub struct ExpressionInputs<'a> {
    /// The results by `refId`.
    pub results: &'a BTreeMap<String, DataResponse>,
    /// The `refId`s answered by data sources whose series carry no labels by nature
    /// (Grafana's TestData and Graphite): when none of a result's series has labels, each is
    /// labelled `__name__` with its name ([`name_unlabelled_series`]), so that expressions
    /// tell them apart, as Grafana's do.
    pub named_by_field: &'a BTreeSet<String>,
}

/// Evaluates `expressions` over the data source results `inputs` in the query time range
/// `range`; one response per expression `refId`.
pub fn evaluate_expressions(
    expressions: &[ExpressionQuery],
    inputs: ExpressionInputs<'_>,
    range: &TimeRange,
) -> BTreeMap<String, DataResponse> {
    let outcomes = Evaluation::run(expressions, inputs, range);
    outcomes
        .into_iter()
        .map(|(ref_id, outcome)| {
            let response = match outcome {
                Ok(values) => DataResponse::ok(values_to_frames(&ref_id, &values)),
                Err(error) => {
                    DataResponse::error(error.status(), error.to_string(), ErrorSource::Plugin)
                }
            };
            (ref_id, response)
        })
        .collect()
}

type Outcome = Result<Vec<Value>, ExpressionError>;

struct Evaluation<'a> {
    inputs: ExpressionInputs<'a>,
    range: &'a TimeRange,
    outcomes: BTreeMap<String, Outcome>,
}

impl<'a> Evaluation<'a> {
    fn run(
        expressions: &[ExpressionQuery],
        inputs: ExpressionInputs<'a>,
        range: &'a TimeRange,
    ) -> BTreeMap<String, Outcome> {
        let mut evaluation = Evaluation {
            inputs,
            range,
            outcomes: BTreeMap::new(),
        };
        let mut commands: BTreeMap<String, Command> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for expression in expressions {
            if !seen.insert(expression.ref_id.clone()) {
                evaluation.outcomes.insert(
                    expression.ref_id.clone(),
                    Err(ExpressionError::model(
                        &expression.kind,
                        format!("refId {:?} is used more than once", expression.ref_id),
                    )),
                );
                commands.remove(&expression.ref_id);
                continue;
            }
            match Command::parse(&expression.kind, &expression.model) {
                Ok(command) => {
                    commands.insert(expression.ref_id.clone(), command);
                }
                Err(error) => {
                    evaluation
                        .outcomes
                        .insert(expression.ref_id.clone(), Err(error));
                }
            }
        }
        let unknown_reference =
            |name: &String| !seen.contains(name) && !inputs.results.contains_key(name);
        let mut waiting_on: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (ref_id, command) in &commands {
            let references = command.references();
            if let Some(unknown) = references.iter().find(|name| unknown_reference(name)) {
                evaluation.outcomes.insert(
                    ref_id.clone(),
                    Err(ExpressionError::UnknownReference(unknown.clone())),
                );
                continue;
            }
            let expression_refs = references
                .into_iter()
                .filter(|name| commands.contains_key(name))
                .collect();
            waiting_on.insert(ref_id.clone(), expression_refs);
        }
        evaluation.in_dependency_order(&commands, waiting_on);
        evaluation.outcomes
    }

    /// Kahn's algorithm; what remains is in a cycle or depends on one.
    fn in_dependency_order(
        &mut self,
        commands: &BTreeMap<String, Command>,
        mut waiting_on: BTreeMap<String, BTreeSet<String>>,
    ) {
        let mut ready: VecDeque<String> = waiting_on
            .iter()
            .filter(|(_, deps)| deps.is_empty())
            .map(|(name, _)| name.clone())
            .collect();
        while let Some(ref_id) = ready.pop_front() {
            waiting_on.remove(&ref_id);
            if let Some(command) = commands.get(&ref_id) {
                let outcome = self.execute(command);
                self.outcomes.insert(ref_id.clone(), outcome);
            }
            for (name, deps) in waiting_on.iter_mut() {
                if deps.remove(&ref_id) && deps.is_empty() {
                    ready.push_back(name.clone());
                }
            }
        }
        for (ref_id, deps) in &waiting_on {
            let error = match cycle_through(ref_id, &waiting_on) {
                Some(cycle) => ExpressionError::Cycle(cycle),
                None => ExpressionError::DependencyFailed(
                    deps.iter().next().cloned().unwrap_or_default(),
                ),
            };
            self.outcomes.insert(ref_id.clone(), Err(error));
        }
    }

    /// The values of `ref_id`: an evaluated expression or a data source result.
    fn input(&self, ref_id: &str) -> Outcome {
        if let Some(outcome) = self.outcomes.get(ref_id) {
            return match outcome {
                Ok(values) => Ok(values.clone()),
                Err(_) => Err(ExpressionError::DependencyFailed(ref_id.to_string())),
            };
        }
        let Some(response) = self.inputs.results.get(ref_id) else {
            return Err(ExpressionError::UnknownReference(ref_id.to_string()));
        };
        if response.error.is_some() {
            return Err(ExpressionError::DependencyFailed(ref_id.to_string()));
        }
        let named = self
            .inputs
            .named_by_field
            .contains(ref_id)
            .then(|| name_unlabelled_series(&response.frames))
            .flatten();
        let frames = named.as_deref().unwrap_or(&response.frames);
        values_from_frames(frames).map_err(|reason| ExpressionError::UnreadableInput {
            ref_id: ref_id.to_string(),
            reason,
        })
    }

    fn execute(&self, command: &Command) -> Outcome {
        match command {
            Command::Math(expression) => {
                let mut vars = Vars::new();
                for name in expression.references() {
                    let values = self.input(&name)?;
                    vars.insert(name, values);
                }
                expression
                    .evaluate(&vars)
                    .map_err(ExpressionError::Execution)
            }
            Command::Reduce {
                input,
                reducer,
                mode,
            } => Ok(reduce_values(&self.input(input)?, *reducer, *mode)),
            Command::Resample { input, resample } => resample
                .apply(&self.input(input)?, self.range)
                .map_err(ExpressionError::Execution),
            Command::Threshold { input, predicate } => Ok(predicate.apply(&self.input(input)?)),
            Command::ClassicConditions(conditions) => {
                evaluate_classic(conditions, |name| self.input(name))
            }
        }
    }
}

/// A dependency path from `start` back to itself, when there is one.
fn cycle_through(
    start: &str,
    waiting_on: &BTreeMap<String, BTreeSet<String>>,
) -> Option<Vec<String>> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue: VecDeque<&str> = VecDeque::from([start]);
    while let Some(current) = queue.pop_front() {
        for next in waiting_on.get(current).into_iter().flatten() {
            if next == start {
                let mut path = Vec::new();
                let mut at = current;
                while at != start {
                    path.push(at.to_string());
                    at = parent.get(at).copied().unwrap_or(start);
                }
                path.push(start.to_string());
                path.reverse();
                path.push(start.to_string());
                return Some(path);
            }
            if !parent.contains_key(next.as_str()) {
                parent.insert(next, current);
                queue.push_back(next);
            }
        }
    }
    None
}
