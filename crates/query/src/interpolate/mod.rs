//! Template variable interpolation, as Grafana's frontend does it before a query is sent
//! (`sceneInterpolator` and its format registry): `$var`, `${var}`, `[[var]]`,
//! `${var:format}`, `[[var:format]]`, `${var.path}`, and the built-ins `$__interval`,
//! `$__interval_ms`, `$__rate_interval`, `$__range`, `$__range_s`, `$__range_ms`, `$__from`,
//! `$__to`, `$__timezone`, `${__dashboard}`, `${__org}`, `${__user}` (with `.login`,
//! `.email`, `.name`, `.uid`, `.id`).
//!
//! - A reference to an unknown variable is left as written.
//! - A reference without a format uses the data source's default: [`interpolate`] takes
//!   one [`Format`] (Grafana's own default is [`Format::Glob`]), [`interpolate_with`] a
//!   function for data sources whose default depends on the variable (SQL).
//! - An unknown format falls back to `glob`, as in Grafana.
//! - "All" stands for every option, or for the variable's custom all value, which is
//!   inserted unformatted (its own references interpolated with `glob`), except that
//!   `text` writes `All`, `percentencode` encodes it and `queryparam` writes `var-x=All`.
//! - Values are never read again for references: a value `${secret}` stays `${secret}`.
//!
//! See [`Format`] for the formats, and where their escaping is stricter than Grafana's;
//! [`interpolate_model`] interpolates a whole query model in the default format of its
//! data source's [`QueryLanguage`].

mod date_format;
mod escape;
mod formats;
mod query_model;
mod syntax;
mod variables;

#[cfg(test)]
mod injection_tests;
#[cfg(test)]
mod tests;

pub use formats::{Format, FormatContext, VariableValue};
pub use query_model::{interpolate_model, QueryLanguage};
pub use variables::{
    Builtins, Current, DashboardInfo, OrgInfo, UserInfo, Variable, Variables, ALL_TEXT, ALL_VALUE,
};

use crate::interval::format_go_duration;
use syntax::Reference;

/// How deep custom all values may refer to other custom all values.
const MAX_NESTING: usize = 8;

/// Interpolates `template`, writing references without a format in `default_format`.
pub fn interpolate(template: &str, variables: &Variables, default_format: Format) -> String {
    interpolate_with(template, variables, |value, context| {
        default_format.apply(value, &[], context)
    })
}

/// Interpolates `template`, writing references without a format with `default_format`
/// (Grafana's data source `interpolateVariable` hook: it sees whether the variable is
/// multi-value or has "All", say to quote SQL literals only then).
pub fn interpolate_with<F>(template: &str, variables: &Variables, default_format: F) -> String
where
    F: Fn(&VariableValue, &FormatContext<'_>) -> String,
{
    render(template, variables, &default_format, 0)
}

fn render(
    template: &str,
    variables: &Variables,
    default_format: &dyn Fn(&VariableValue, &FormatContext<'_>) -> String,
    depth: usize,
) -> String {
    syntax::replace_references(template, |reference| {
        substitute(reference, variables, default_format, depth)
    })
}

/// What a reference resolves to.
enum Resolved<'a> {
    Value(VariableValue, FormatContext<'a>),
    /// A custom all value: inserted as written, then interpolated.
    CustomAll(&'a str, FormatContext<'a>),
    /// A missing field: Grafana writes nothing, unformatted.
    Nothing,
}

fn substitute(
    reference: &Reference<'_>,
    variables: &Variables,
    default_format: &dyn Fn(&VariableValue, &FormatContext<'_>) -> String,
    depth: usize,
) -> Option<String> {
    let resolved = builtin(reference, variables).or_else(|| user_variable(reference, variables))?;
    let (format_id, args) = match reference.format {
        Some(spec) => {
            let mut parts = spec.split(':');
            (parts.next(), parts.collect::<Vec<_>>())
        }
        None => (None, Vec::new()),
    };
    let format = format_id.map(|id| Format::from_id(id).unwrap_or(Format::Glob));
    match resolved {
        Resolved::Nothing => Some(String::new()),
        Resolved::Value(value, context) => Some(match format {
            Some(format) => format.apply(&value, &args, &context),
            None => default_format(&value, &context),
        }),
        Resolved::CustomAll(all_value, context) => match format {
            Some(Format::Text) => Some(ALL_TEXT.to_string()),
            Some(Format::PercentEncode) => Some(Format::PercentEncode.apply(
                &VariableValue::Text(all_value.to_string()),
                &[],
                &context,
            )),
            Some(Format::QueryParam) => Some(format!("var-{}={ALL_TEXT}", context.name)),
            _ if depth >= MAX_NESTING => Some(all_value.to_string()),
            _ => Some(render(
                all_value,
                variables,
                &|v, c| Format::Glob.apply(v, &[], c),
                depth + 1,
            )),
        },
    }
}

fn context<'a>(name: &'a str, text: String, variables: &Variables) -> FormatContext<'a> {
    FormatContext {
        name,
        text,
        multi: false,
        include_all: false,
        all_selected: false,
        utc_offset: variables.builtins.utc_offset,
    }
}

fn builtin<'a>(reference: &Reference<'a>, variables: &'a Variables) -> Option<Resolved<'a>> {
    let builtins = &variables.builtins;
    let name = reference.name;
    let text_value = |text: String| {
        Resolved::Value(
            VariableValue::Text(text.clone()),
            context(name, text, variables),
        )
    };
    let number = |n: i64| {
        Resolved::Value(
            VariableValue::Number(n),
            context(name, n.to_string(), variables),
        )
    };
    let range = builtins.time_range;
    // JavaScript's Math.round of the range in seconds.
    let range_seconds = || range.map(|r| (r.duration_ms() + 500).div_euclid(1000));
    let resolved = match name {
        "__interval" => text_value(builtins.interval.as_ref()?.text.clone()),
        "__interval_ms" => number(builtins.interval.as_ref()?.millis()),
        "__rate_interval" => text_value(format_go_duration(builtins.rate_interval?)),
        "__rate_interval_ms" => {
            let millis = builtins.rate_interval?.whole_milliseconds();
            number(i64::try_from(millis).unwrap_or(i64::MAX))
        }
        "__range" => text_value(format!("{}s", range_seconds()?)),
        "__range_s" => number(range_seconds()?),
        "__range_ms" => number(range?.duration_ms()),
        "__from" | "__to" => {
            let millis = if name == "__from" {
                range?.from_ms()
            } else {
                range?.to_ms()
            };
            let text = date_format::format(millis, "YYYY-MM-DD HH:mm:ss", builtins.utc_offset);
            Resolved::Value(
                VariableValue::Number(millis),
                context(name, text, variables),
            )
        }
        "__timezone" => text_value(builtins.timezone.clone()?),
        "__dashboard" => {
            let dashboard = builtins.dashboard.as_ref()?;
            match reference.field_path {
                None | Some("name") => text_value(dashboard.title.clone()?),
                Some("uid") => text_value(dashboard.uid.clone()),
                Some(_) => Resolved::Nothing,
            }
        }
        "__org" => {
            let org = builtins.org.as_ref()?;
            match reference.field_path {
                Some("name") => text_value(org.name.clone()?),
                _ => text_value(org.id.to_string()),
            }
        }
        "__user" => {
            let user = builtins.user.as_ref()?;
            match reference.field_path {
                Some("login") => text_value(user.login.clone()),
                Some("email") => text_value(user.email.clone()?),
                _ => text_value(user.id.to_string()),
            }
        }
        _ => return None,
    };
    Some(resolved)
}

fn user_variable<'a>(reference: &Reference<'a>, variables: &'a Variables) -> Option<Resolved<'a>> {
    let variable = variables.get(reference.name)?;
    let mut context = context(reference.name, String::new(), variables);
    context.multi = variable.multi;
    context.include_all = variable.include_all;
    if let Some(path) = reference.field_path {
        return Some(match variable.fields.get(path) {
            Some(value) => {
                context.text = value.clone();
                Resolved::Value(VariableValue::Text(value.clone()), context)
            }
            None => Resolved::Nothing,
        });
    }
    let value = match &variable.current {
        variables::Current::Single { value, text } => {
            context.text = text.clone();
            VariableValue::Text(value.clone())
        }
        variables::Current::Multi { values, texts } => {
            context.text = texts.join(" + ");
            VariableValue::List(values.clone())
        }
        variables::Current::All => {
            context.text = ALL_TEXT.to_string();
            context.all_selected = true;
            if let Some(all_value) = &variable.all_value {
                return Some(Resolved::CustomAll(all_value, context));
            }
            VariableValue::List(variable.options.clone())
        }
    };
    Some(Resolved::Value(value, context))
}
