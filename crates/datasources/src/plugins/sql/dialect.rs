//! [`Dialect`]: which database a SQL data source talks to, and the facts about it that the
//! rest of the plugin branches on (type id, time column names, identifier quoting).

/// The databases Sightline's SQL data sources speak to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Postgres,
    MySql,
    Sqlite,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite];

    /// The plugin id data sources of this dialect carry.
    pub fn type_id(self) -> &'static str {
        match self {
            Dialect::Postgres => "grafana-postgresql-datasource",
            Dialect::MySql => "mysql",
            Dialect::Sqlite => "sightline-sqlite-datasource",
        }
    }

    /// Older type ids of the same plugin.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Dialect::Postgres => &["postgres"],
            Dialect::MySql | Dialect::Sqlite => &[],
        }
    }

    /// Column names that mark the time column of a result. Grafana's PostgreSQL data source
    /// knows only `time`; MySQL also accepts the older `time_sec`. When several columns
    /// match, the last one wins, as in Grafana.
    pub fn time_column_names(self) -> &'static [&'static str] {
        match self {
            Dialect::Postgres => &["time"],
            Dialect::MySql | Dialect::Sqlite => &["time", "time_sec"],
        }
    }

    /// The characters that open a quoted identifier; each is closed by itself and escaped
    /// by doubling.
    pub(crate) fn identifier_quotes(self) -> &'static [char] {
        match self {
            Dialect::Postgres => &['"'],
            Dialect::MySql => &['`'],
            Dialect::Sqlite => &['"', '`'],
        }
    }

    pub(crate) fn default_port(self) -> u16 {
        match self {
            Dialect::Postgres => 5432,
            Dialect::MySql => 3306,
            Dialect::Sqlite => 0,
        }
    }
}
