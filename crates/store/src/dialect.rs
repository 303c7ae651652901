//! What differs between the three SQL backends: placeholders, id columns, column types.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sqlite,
    Postgres,
    Mysql,
}

impl Dialect {
    pub fn from_url(url: &str) -> Option<Dialect> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Some(Dialect::Sqlite),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            _ => None,
        }
    }

    /// Renders a statement written with portable `?` placeholders for this dialect.
    ///
    /// Statements are `'static` program text, never user input, so each distinct statement is
    /// rewritten once and kept for the life of the process.
    pub fn sql(self, statement: &'static str) -> &'static str {
        if self != Dialect::Postgres || !statement.contains('?') {
            return statement;
        }
        static REWRITTEN: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
        let cache = REWRITTEN.get_or_init(Default::default);
        let mut cache = match cache.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        cache
            .entry(statement)
            .or_insert_with(|| Box::leak(numbered_placeholders(statement).into_boxed_str()))
    }

    /// Renders a statement built at run time (with a variable number of `?`, such as an `IN`
    /// list). Unlike [`Dialect::sql`] nothing is cached.
    pub fn render(self, statement: &str) -> std::borrow::Cow<'_, str> {
        if self == Dialect::Postgres && statement.contains('?') {
            std::borrow::Cow::Owned(numbered_placeholders(statement))
        } else {
            std::borrow::Cow::Borrowed(statement)
        }
    }

    /// Renders migration DDL written with the portable type tokens below:
    ///
    /// | token | SQLite | PostgreSQL | MySQL |
    /// |---|---|---|---|
    /// | `{id}` | `INTEGER PRIMARY KEY AUTOINCREMENT` | `BIGSERIAL PRIMARY KEY` | `BIGINT AUTO_INCREMENT PRIMARY KEY` |
    /// | `{key}` short indexed string | `TEXT` | `VARCHAR(190)` | `VARCHAR(190)` |
    /// | `{text}` long string | `TEXT` | `TEXT` | `MEDIUMTEXT` |
    /// | `{int}` | `BIGINT` | `BIGINT` | `BIGINT` |
    /// | `{table_options}` | empty | empty | `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin` |
    pub fn ddl(self, template: &str) -> String {
        let (id, key, text, table_options) = match self {
            Dialect::Sqlite => ("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "TEXT", ""),
            Dialect::Postgres => ("BIGSERIAL PRIMARY KEY", "VARCHAR(190)", "TEXT", ""),
            Dialect::Mysql => (
                "BIGINT AUTO_INCREMENT PRIMARY KEY",
                "VARCHAR(190)",
                "MEDIUMTEXT",
                "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
            ),
        };
        template
            .replace("{id}", id)
            .replace("{key}", key)
            .replace("{text}", text)
            .replace("{int}", "BIGINT")
            .replace("{table_options}", table_options)
    }

    /// The suffix that makes an INSERT return the new row's `id` where the driver does not
    /// report it otherwise (sqlx's Any driver reports it only for MySQL).
    pub(crate) fn returning_id(self) -> &'static str {
        match self {
            Dialect::Postgres | Dialect::Sqlite => " RETURNING id",
            Dialect::Mysql => "",
        }
    }
}

/// `?` → `$1`, `$2`, … outside string literals.
fn numbered_placeholders(statement: &str) -> String {
    let mut rendered = String::with_capacity(statement.len() + 8);
    let mut in_literal = false;
    let mut next = 1;
    for ch in statement.chars() {
        match ch {
            '\'' => {
                in_literal = !in_literal;
                rendered.push(ch);
            }
            '?' if !in_literal => {
                rendered.push('$');
                rendered.push_str(&next.to_string());
                next += 1;
            }
            _ => rendered.push(ch),
        }
    }
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_placeholders_are_numbered_outside_literals() {
        let sql = Dialect::Postgres.sql("SELECT '?' FROM t WHERE a = ? AND b IN (?, ?)");
        assert_eq!(sql, "SELECT '?' FROM t WHERE a = $1 AND b IN ($2, $3)");
    }

    #[test]
    fn sqlite_and_mysql_keep_question_marks() {
        let statement = "UPDATE t SET a = ? WHERE id = ?";
        assert_eq!(Dialect::Sqlite.sql(statement), statement);
        assert_eq!(Dialect::Mysql.sql(statement), statement);
    }

    #[test]
    fn ddl_tokens_render_per_dialect() {
        let template = "CREATE TABLE t (id {id}, login {key} NOT NULL, n {int}) {table_options}";
        assert_eq!(
            Dialect::Postgres.ddl(template),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, login VARCHAR(190) NOT NULL, n BIGINT) "
        );
        assert!(Dialect::Mysql.ddl(template).contains("AUTO_INCREMENT"));
        assert!(Dialect::Sqlite.ddl(template).contains("AUTOINCREMENT"));
    }

    #[test]
    fn dialect_is_read_from_the_url_scheme() {
        assert_eq!(
            Dialect::from_url("sqlite:///tmp/x.db"),
            Some(Dialect::Sqlite)
        );
        assert_eq!(
            Dialect::from_url("postgres://u@h/db"),
            Some(Dialect::Postgres)
        );
        assert_eq!(Dialect::from_url("mysql://root@h/db"), Some(Dialect::Mysql));
        assert_eq!(Dialect::from_url("oracle://x"), None);
    }
}
