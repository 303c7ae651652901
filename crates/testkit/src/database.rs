//! One uniquely named database per test server.

use sightline_store::sqlx::{self, Connection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

pub struct TestDatabase {
    backend: Backend,
    name: String,
    admin_url: String,
}

fn postgres_admin_url() -> String {
    std::env::var("SIGHTLINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn mysql_admin_url() -> String {
    std::env::var("SIGHTLINE_TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into())
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
        let name = format!("sightline_test_{}", uuid::Uuid::new_v4().simple());
        let admin_url = match backend {
            Backend::Sqlite => String::new(),
            Backend::Postgres => postgres_admin_url(),
            Backend::Mysql => mysql_admin_url(),
        };
        let database = TestDatabase {
            backend,
            name,
            admin_url,
        };
        if backend != Backend::Sqlite {
            database
                .admin_execute(&format!("CREATE DATABASE {}", database.name))
                .await
                .unwrap_or_else(|error| {
                    panic!("cannot create test database on {backend:?}: {error}")
                });
        }
        database
    }

    /// Settings that point a server at this database.
    pub fn overrides(&self) -> Vec<String> {
        match self.backend {
            Backend::Sqlite => vec!["database.type=sqlite3".into()],
            Backend::Postgres | Backend::Mysql => {
                vec![format!("database.url={}", self.url())]
            }
        }
    }

    /// The connection URL of this database (not for SQLite, whose file lives in the data dir).
    pub fn url(&self) -> String {
        let (base, _) = self
            .admin_url
            .rsplit_once('/')
            .unwrap_or((&self.admin_url, ""));
        format!("{base}/{}", self.name)
    }

    pub async fn drop_database(&self) {
        let statement = match self.backend {
            Backend::Sqlite => return,
            Backend::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            Backend::Mysql => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        if let Err(error) = self.admin_execute(&statement).await {
            eprintln!(
                "warning: could not drop test database {}: {error}",
                self.name
            );
        }
    }

    async fn admin_execute(&self, statement: &str) -> Result<(), sqlx::Error> {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(&self.admin_url).await?;
        sqlx::Executor::execute(&mut connection, sqlx::AssertSqlSafe(statement)).await?;
        connection.close().await
    }
}
