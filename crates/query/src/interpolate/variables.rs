//! The values a template is interpolated with: dashboard [`Variable`]s and the built-in
//! [`Builtins`] (`$__interval`, `$__from`, `${__user.login}`, ...).

use std::collections::BTreeMap;

use ::time::UtcOffset;

use crate::interval::Interval;
use crate::time::TimeRange;
use crate::Duration;

/// Grafana's value of a variable whose "All" option is selected.
pub const ALL_VALUE: &str = "$__all";
/// Grafana's text of the "All" option.
pub const ALL_TEXT: &str = "All";

/// A dashboard variable and its current selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub current: Current,
    /// Several values can be selected.
    pub multi: bool,
    /// The variable offers an "All" option.
    pub include_all: bool,
    /// The custom value of "All" (such as `.*`), inserted as it is instead of the options.
    pub all_value: Option<String>,
    /// The values of every option but "All": what "All" stands for without `all_value`.
    pub options: Vec<String>,
    /// Values of `${name.path}` references.
    pub fields: BTreeMap<String, String>,
}

/// The current selection of a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Current {
    Single {
        value: String,
        text: String,
    },
    Multi {
        values: Vec<String>,
        texts: Vec<String>,
    },
    /// The "All" option.
    All,
}

impl Variable {
    fn with_current(name: impl Into<String>, current: Current) -> Self {
        Self {
            name: name.into(),
            current,
            multi: false,
            include_all: false,
            all_value: None,
            options: Vec::new(),
            fields: BTreeMap::new(),
        }
    }

    /// A single-valued variable whose text is its value.
    pub fn single(name: impl Into<String>, value: impl Into<String>) -> Self {
        let value = value.into();
        Self::with_current(
            name,
            Current::Single {
                text: value.clone(),
                value,
            },
        )
    }

    /// A single-valued variable whose text differs from its value.
    pub fn single_with_text(
        name: impl Into<String>,
        value: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        Self::with_current(
            name,
            Current::Single {
                value: value.into(),
                text: text.into(),
            },
        )
    }

    /// A multi-value variable with `values` selected (texts equal to values).
    pub fn multi<S: Into<String>>(
        name: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        let mut variable = Self::with_current(
            name,
            Current::Multi {
                texts: values.clone(),
                values,
            },
        );
        variable.multi = true;
        variable
    }

    /// A variable with "All" selected, standing for `options`.
    pub fn all<S: Into<String>>(
        name: impl Into<String>,
        options: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut variable = Self::with_current(name, Current::All);
        variable.include_all = true;
        variable.options = options.into_iter().map(Into::into).collect();
        variable
    }

    pub fn with_all_value(mut self, all_value: impl Into<String>) -> Self {
        self.all_value = Some(all_value.into());
        self
    }

    pub fn with_field(mut self, path: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.insert(path.into(), value.into());
        self
    }
}

/// The dashboard a query comes from: `${__dashboard}` (its title), `${__dashboard.uid}`.
/// A value that is not known (`None`) leaves its references as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardInfo {
    pub uid: String,
    pub title: Option<String>,
}

/// `${__org}` (the id, also `${__org.id}`), `${__org.name}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgInfo {
    pub id: i64,
    pub name: Option<String>,
}

/// `${__user}` (the id, also `${__user.id}`), `${__user.login}`, `${__user.email}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    pub id: i64,
    pub login: String,
    pub email: Option<String>,
}

/// Values of Grafana's built-in variables; an unset one is left in the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builtins {
    /// `$__from`, `$__to` (epoch ms, or dates with the `date` format), `$__range`,
    /// `$__range_s`, `$__range_ms`.
    pub time_range: Option<TimeRange>,
    /// `$__interval`, `$__interval_ms`.
    pub interval: Option<Interval>,
    /// `$__rate_interval` (written as Go writes durations: `1m15s`), `$__rate_interval_ms`.
    pub rate_interval: Option<Duration>,
    pub dashboard: Option<DashboardInfo>,
    pub org: Option<OrgInfo>,
    pub user: Option<UserInfo>,
    /// `$__timezone`, such as `utc` or `Europe/Paris`.
    pub timezone: Option<String>,
    /// The offset dates are written in by the `date` and `text` formats.
    pub utc_offset: UtcOffset,
}

impl Default for Builtins {
    fn default() -> Self {
        Self {
            time_range: None,
            interval: None,
            rate_interval: None,
            dashboard: None,
            org: None,
            user: None,
            timezone: None,
            utc_offset: UtcOffset::UTC,
        }
    }
}

/// Everything a template can refer to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    variables: BTreeMap<String, Variable>,
    pub builtins: Builtins,
}

impl Variables {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, variable: Variable) -> Self {
        self.insert(variable);
        self
    }

    pub fn with_builtins(mut self, builtins: Builtins) -> Self {
        self.builtins = builtins;
        self
    }

    /// Adds or replaces the variable of that name.
    pub fn insert(&mut self, variable: Variable) {
        self.variables.insert(variable.name.clone(), variable);
    }

    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.variables.get(name)
    }
}
