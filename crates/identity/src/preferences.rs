//! Preferences of the three Grafana scopes, one `preferences` row each: the org
//! (`user_id = 0, team_id = 0`), a team (`team_id`) and a user in an org (`user_id`).
//!
//! Theme, timezone, week start, home dashboard and language are columns; `queryHistory`,
//! `navbar` and `cookiePreferences` are kept as JSON in `json_data`. A scope without a row has
//! empty preferences. [`IdentityService::effective_preferences`] merges the scopes.

use serde_json::{Map, Value};
use sightline_store::now_epoch;
use sightline_store::sqlx::{self, any::AnyRow, FromRow, Row};

use crate::error::{IdentityError, Result};
use crate::models::{Preferences, PreferencesUpdate};
use crate::{is_unique, IdentityService};

const QUERY_HISTORY: &str = "queryHistory";
const NAVBAR: &str = "navbar";
const COOKIE_PREFERENCES: &str = "cookiePreferences";

struct PreferencesRow {
    theme: String,
    timezone: String,
    week_start: String,
    home_dashboard_uid: String,
    language: String,
    json_data: Option<String>,
}

impl FromRow<'_, AnyRow> for PreferencesRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(PreferencesRow {
            theme: row.try_get("theme")?,
            timezone: row.try_get("timezone")?,
            week_start: row.try_get("week_start")?,
            home_dashboard_uid: row.try_get("home_dashboard_uid")?,
            language: row.try_get("language")?,
            json_data: sightline_store::long_text(row, "json_data")?,
        })
    }
}

impl IdentityService {
    /// The preferences of one scope; empty when the scope has none saved.
    pub async fn get_preferences(
        &self,
        org_id: i64,
        user_id: i64,
        team_id: i64,
    ) -> Result<Preferences> {
        let select = self.store().sql(
            "SELECT theme, timezone, week_start, home_dashboard_uid, language, json_data \
             FROM preferences WHERE org_id = ? AND user_id = ? AND team_id = ?",
        );
        let row: Option<PreferencesRow> = sqlx::query_as(select)
            .bind(org_id)
            .bind(user_id)
            .bind(team_id)
            .fetch_optional(self.store().pool())
            .await?;
        Ok(row.map(preferences_from_row).unwrap_or_default())
    }

    /// What applies to a user in an org: org, then each of the user's teams (by id), then the
    /// user's own preferences, a set field overriding the broader one. Fields still empty take
    /// the server defaults, which are the caller's to apply.
    pub async fn effective_preferences(&self, org_id: i64, user_id: i64) -> Result<Preferences> {
        let select = self.store().sql(
            "SELECT theme, timezone, week_start, home_dashboard_uid, language, json_data \
             FROM preferences WHERE org_id = ? AND ((user_id = 0 AND team_id = 0) \
             OR (user_id = 0 AND team_id IN (SELECT team_id FROM team_member WHERE org_id = ? AND user_id = ?)) \
             OR (user_id = ? AND team_id = 0)) ORDER BY user_id, team_id",
        );
        let rows: Vec<PreferencesRow> = sqlx::query_as(select)
            .bind(org_id)
            .bind(org_id)
            .bind(user_id)
            .bind(user_id)
            .fetch_all(self.store().pool())
            .await?;
        let mut effective = Preferences::default();
        for scope in rows.into_iter().map(preferences_from_row) {
            override_if_set(&mut effective.theme, scope.theme);
            override_if_set(&mut effective.timezone, scope.timezone);
            override_if_set(&mut effective.week_start, scope.week_start);
            override_if_set(&mut effective.home_dashboard_uid, scope.home_dashboard_uid);
            override_if_set(&mut effective.language, scope.language);
            effective.query_history = scope.query_history.or(effective.query_history);
            effective.navbar = scope.navbar.or(effective.navbar);
            effective.cookie_preferences =
                scope.cookie_preferences.or(effective.cookie_preferences);
        }
        Ok(effective)
    }

    /// Saves a scope's preferences with PUT semantics: every field is replaced, an absent one
    /// by its empty value. As in Grafana, an absent `navbar` or `queryHistory` keeps the saved
    /// one, since clients that edit the other fields do not send them.
    pub async fn upsert_preferences(
        &self,
        org_id: i64,
        user_id: i64,
        team_id: i64,
        update: &PreferencesUpdate,
    ) -> Result<()> {
        validate(update)?;
        let current = self.get_preferences(org_id, user_id, team_id).await?;
        let replaced = Preferences {
            theme: update.theme.clone().unwrap_or_default(),
            timezone: update.timezone.clone().unwrap_or_default(),
            week_start: update.week_start.clone().unwrap_or_default(),
            home_dashboard_uid: update.home_dashboard_uid.clone().unwrap_or_default(),
            language: update.language.clone().unwrap_or_default(),
            query_history: update.query_history.clone().or(current.query_history),
            navbar: update.navbar.clone().or(current.navbar),
            cookie_preferences: update.cookie_preferences.clone(),
        };
        self.save_preferences(org_id, user_id, team_id, &replaced)
            .await
    }

    /// Saves a scope's preferences with PATCH semantics: only the fields present change.
    ///
    /// Two patches of the same scope at the same moment may lose one of them (read, merge,
    /// write); preferences are edited by hand, so this is accepted.
    pub async fn patch_preferences(
        &self,
        org_id: i64,
        user_id: i64,
        team_id: i64,
        update: &PreferencesUpdate,
    ) -> Result<()> {
        validate(update)?;
        let mut patched = self.get_preferences(org_id, user_id, team_id).await?;
        let replace = |field: &mut String, value: &Option<String>| {
            if let Some(value) = value {
                field.clone_from(value);
            }
        };
        replace(&mut patched.theme, &update.theme);
        replace(&mut patched.timezone, &update.timezone);
        replace(&mut patched.week_start, &update.week_start);
        replace(&mut patched.home_dashboard_uid, &update.home_dashboard_uid);
        replace(&mut patched.language, &update.language);
        patched.query_history = update.query_history.clone().or(patched.query_history);
        patched.navbar = update.navbar.clone().or(patched.navbar);
        patched.cookie_preferences = update
            .cookie_preferences
            .clone()
            .or(patched.cookie_preferences);
        self.save_preferences(org_id, user_id, team_id, &patched)
            .await
    }

    /// Writes a scope's row whether or not it exists, safe against a concurrent first save:
    /// update; if no row matched, insert; if another request inserted first, update again.
    async fn save_preferences(
        &self,
        org_id: i64,
        user_id: i64,
        team_id: i64,
        prefs: &Preferences,
    ) -> Result<()> {
        if self
            .update_preferences_row(org_id, user_id, team_id, prefs)
            .await?
        {
            return Ok(());
        }
        let now = now_epoch();
        let insert = self.store().sql(
            "INSERT INTO preferences (org_id, user_id, team_id, theme, timezone, week_start, \
             home_dashboard_uid, language, json_data, created, updated) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        let inserted = sqlx::query(insert)
            .bind(org_id)
            .bind(user_id)
            .bind(team_id)
            .bind(&prefs.theme)
            .bind(&prefs.timezone)
            .bind(&prefs.week_start)
            .bind(&prefs.home_dashboard_uid)
            .bind(&prefs.language)
            .bind(json_data(prefs))
            .bind(now)
            .bind(now)
            .execute(self.store().pool())
            .await;
        match inserted {
            Err(error) if is_unique(&error) => {
                self.update_preferences_row(org_id, user_id, team_id, prefs)
                    .await?;
                Ok(())
            }
            other => {
                other?;
                Ok(())
            }
        }
    }

    /// Updates a scope's row; false when there is none.
    async fn update_preferences_row(
        &self,
        org_id: i64,
        user_id: i64,
        team_id: i64,
        prefs: &Preferences,
    ) -> Result<bool> {
        let update = self.store().sql(
            "UPDATE preferences SET theme = ?, timezone = ?, week_start = ?, home_dashboard_uid = ?, \
             language = ?, json_data = ?, updated = ? WHERE org_id = ? AND user_id = ? AND team_id = ?",
        );
        // Affected rows count matched rows on every backend (MySQL connects with FOUND_ROWS).
        let done = sqlx::query(update)
            .bind(&prefs.theme)
            .bind(&prefs.timezone)
            .bind(&prefs.week_start)
            .bind(&prefs.home_dashboard_uid)
            .bind(&prefs.language)
            .bind(json_data(prefs))
            .bind(now_epoch())
            .bind(org_id)
            .bind(user_id)
            .bind(team_id)
            .execute(self.store().pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}

fn preferences_from_row(row: PreferencesRow) -> Preferences {
    let mut json = match row.json_data.as_deref().map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(map))) => map,
        Some(Ok(_)) | None => Map::new(),
        Some(Err(error)) => {
            tracing::warn!(%error, "ignoring unreadable preferences json_data");
            Map::new()
        }
    };
    let mut take = |key: &str| json.remove(key).filter(|value| !value.is_null());
    Preferences {
        query_history: take(QUERY_HISTORY),
        navbar: take(NAVBAR),
        cookie_preferences: take(COOKIE_PREFERENCES),
        theme: row.theme,
        timezone: row.timezone,
        week_start: row.week_start,
        home_dashboard_uid: row.home_dashboard_uid,
        language: row.language,
    }
}

/// The `json_data` column: an object with the JSON-valued preferences that are set.
fn json_data(prefs: &Preferences) -> String {
    let mut json = Map::new();
    for (key, value) in [
        (QUERY_HISTORY, &prefs.query_history),
        (NAVBAR, &prefs.navbar),
        (COOKIE_PREFERENCES, &prefs.cookie_preferences),
    ] {
        if let Some(value) = value {
            json.insert(key.to_string(), value.clone());
        }
    }
    Value::Object(json).to_string()
}

fn override_if_set(field: &mut String, value: String) {
    if !value.is_empty() {
        *field = value;
    }
}

/// Checks the fields Grafana validates; absent fields pass.
fn validate(update: &PreferencesUpdate) -> Result<()> {
    if let Some(theme) = update
        .theme
        .as_deref()
        .filter(|theme| !is_valid_theme(theme))
    {
        return Err(IdentityError::Invalid(format!(
            "invalid theme {theme:?}: expected light, dark, system or empty"
        )));
    }
    if let Some(week_start) = update
        .week_start
        .as_deref()
        .filter(|day| !is_valid_week_start(day))
    {
        return Err(IdentityError::Invalid(format!(
            "invalid week start {week_start:?}: expected monday, saturday, sunday or empty"
        )));
    }
    if let Some(timezone) = update
        .timezone
        .as_deref()
        .filter(|zone| !is_valid_timezone(zone))
    {
        return Err(IdentityError::Invalid(format!(
            "invalid timezone {timezone:?}: expected an IANA timezone name, utc, browser or empty"
        )));
    }
    for (field, value) in [
        ("homeDashboardUID", &update.home_dashboard_uid),
        ("language", &update.language),
    ] {
        if let Some(value) = value {
            crate::storable(field, value)?;
        }
    }
    Ok(())
}

fn is_valid_theme(theme: &str) -> bool {
    matches!(theme, "" | "light" | "dark" | "system")
}

fn is_valid_week_start(week_start: &str) -> bool {
    matches!(week_start, "" | "monday" | "saturday" | "sunday")
}

/// `""`, `utc`, `browser`, or a name shaped like an IANA zone (`UTC`, `Europe/Paris`,
/// `America/Argentina/Buenos_Aires`, `Etc/GMT+5`). Without a zone database at hand, the shape
/// is what is checked: `/`-separated parts of ASCII letters, digits, `_`, `-` and `+`, the
/// first starting with an uppercase letter.
fn is_valid_timezone(timezone: &str) -> bool {
    if matches!(timezone, "" | "utc" | "browser") {
        return true;
    }
    if timezone.len() > 64 || !timezone.starts_with(|ch: char| ch.is_ascii_uppercase()) {
        return false;
    }
    timezone.split('/').all(|part| {
        part.starts_with(|ch: char| ch.is_ascii_alphabetic())
            && part
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '+'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_and_week_starts_follow_grafana() {
        for theme in ["", "light", "dark", "system"] {
            assert!(is_valid_theme(theme), "{theme}");
        }
        assert!(!is_valid_theme("Dark"));
        assert!(!is_valid_theme("solarized"));
        for day in ["", "monday", "saturday", "sunday"] {
            assert!(is_valid_week_start(day), "{day}");
        }
        assert!(!is_valid_week_start("tuesday"));
        assert!(!is_valid_week_start("Monday"));
    }

    #[test]
    fn timezones_must_look_like_iana_names() {
        for zone in [
            "",
            "utc",
            "browser",
            "UTC",
            "Europe/Paris",
            "America/Argentina/Buenos_Aires",
            "America/Port-au-Prince",
            "Etc/GMT+5",
            "EST5EDT",
        ] {
            assert!(is_valid_timezone(zone), "{zone}");
        }
        for zone in [
            "europe/paris",
            "Europe//Paris",
            "Europe/",
            "Europe/Paris ",
            "../etc/passwd",
            "Mars/Olympus Mons",
        ] {
            assert!(!is_valid_timezone(zone), "{zone}");
        }
    }

    #[test]
    fn json_preferences_round_trip_through_json_data() {
        let prefs = Preferences {
            navbar: Some(serde_json::json!({"bookmarkUrls": ["/d/abc"]})),
            query_history: Some(serde_json::json!({"homeTab": "starred"})),
            ..Preferences::default()
        };
        let row = PreferencesRow {
            theme: String::new(),
            timezone: String::new(),
            week_start: String::new(),
            home_dashboard_uid: String::new(),
            language: String::new(),
            json_data: Some(json_data(&prefs)),
        };
        assert_eq!(preferences_from_row(row), prefs);
    }

    #[test]
    fn unreadable_json_data_reads_as_unset() {
        let row = PreferencesRow {
            theme: "dark".into(),
            timezone: String::new(),
            week_start: String::new(),
            home_dashboard_uid: String::new(),
            language: String::new(),
            json_data: Some("not json".into()),
        };
        let prefs = preferences_from_row(row);
        assert_eq!(prefs.theme, "dark");
        assert_eq!(prefs.navbar, None);
    }
}
