//! Creating and updating data sources with Grafana's rules: names and uids unique per org,
//! one default per org (setting one unsets the others; as in Grafana's API, `isDefault` is
//! kept as sent, the first data source too — it is Grafana's web UI that marks the first one
//! default), optimistic versions, read-only (provisioned) data sources closed to the API, and
//! secrets sealed before they are written.

use serde_json::Value;
use sightline_store::now_epoch;

use crate::error::{DataSourceError, Result};
use crate::models::{Actor, DataSource, DataSourceFields, DataSourceKey};
use crate::records::{self, RowValues};
use crate::secrets::SealedSecrets;
use crate::validation::{available_name, check_fields};
use crate::DataSourceService;

impl DataSourceService {
    /// Creates a data source in `org_id`. A missing uid is generated, a missing name is
    /// derived from the type.
    pub async fn create(&self, org_id: i64, fields: DataSourceFields) -> Result<DataSource> {
        let access = check_fields(&fields)?;
        let mut tx = self.store().begin().await?;
        let taken = records::org_names(self.store(), &mut tx, org_id).await?;
        let name = match fields.name.as_str() {
            "" => available_name(&fields.type_id, taken.iter().map(String::as_str)),
            name => name.to_string(),
        };
        if taken.contains(&name) {
            return Err(DataSourceError::NameExists);
        }
        let uid = match fields.uid.as_str() {
            "" => sightline_dashboards::naming::new_uid(),
            uid => uid.to_string(),
        };
        let uid_taken = records::find(self.store(), &mut tx, org_id, DataSourceKey::Uid(&uid))
            .await?
            .is_some();
        if uid_taken {
            return Err(DataSourceError::UidExists);
        }
        let mut secrets = SealedSecrets::default();
        secrets.apply(&self.cipher, &fields.secure_json_data)?;
        let row = RowValues {
            org_id,
            uid: &uid,
            name: &name,
            type_id: &fields.type_id,
            access: access.as_str(),
            url: &fields.url,
            user: &fields.user,
            database: &fields.database,
            basic_auth: fields.basic_auth,
            basic_auth_user: &fields.basic_auth_user,
            with_credentials: fields.with_credentials,
            is_default: fields.is_default,
            json_data: Value::Object(fields.json_data.clone()).to_string(),
            secure_json_data: &secrets,
            read_only: fields.read_only,
            prunable: fields.prunable,
            api_version: &fields.api_version,
            version: 1,
        };
        let id = match records::insert(self.store(), &mut tx, &row, now_epoch()).await {
            Ok(id) => id,
            // Another request took the name (or uid) since it was checked.
            Err(error) if error.is_unique_violation() => return Err(DataSourceError::NameExists),
            Err(error) => return Err(error.into()),
        };
        if row.is_default {
            records::clear_other_defaults(self.store(), &mut tx, org_id, id).await?;
        }
        let created = records::find(self.store(), &mut tx, org_id, DataSourceKey::Id(id))
            .await?
            .ok_or(DataSourceError::NotFound)?;
        tx.commit().await?;
        self.written(org_id).await;
        Ok(created)
    }

    /// Replaces the settings of a data source (see [`DataSourceFields`] for what an empty
    /// field means) and returns it as stored. The API may not update read-only data sources.
    pub async fn update(
        &self,
        org_id: i64,
        key: DataSourceKey<'_>,
        fields: DataSourceFields,
        actor: Actor,
    ) -> Result<DataSource> {
        let access = check_fields(&fields)?;
        if fields.name.is_empty() {
            return Err(DataSourceError::Invalid("name is required".to_string()));
        }
        let mut tx = self.store().begin().await?;
        let current = records::find(self.store(), &mut tx, org_id, key)
            .await?
            .ok_or(DataSourceError::NotFound)?;
        if actor == Actor::Api && current.read_only {
            return Err(DataSourceError::ReadOnlyUpdate);
        }
        if fields.version != 0 && current.version > fields.version {
            return Err(DataSourceError::VersionMismatch);
        }
        if fields.name != current.name {
            let other = DataSourceKey::Name(&fields.name);
            if records::find(self.store(), &mut tx, org_id, other)
                .await?
                .is_some()
            {
                return Err(DataSourceError::UpdateNameExists);
            }
        }
        let uid = keep_if_empty(&fields.uid, &current.uid);
        if uid != current.uid {
            let other = DataSourceKey::Uid(uid);
            if records::find(self.store(), &mut tx, org_id, other)
                .await?
                .is_some()
            {
                return Err(DataSourceError::UpdateUidExists);
            }
        }
        let mut secrets = current.secure_json_data.clone();
        secrets.apply(&self.cipher, &fields.secure_json_data)?;
        let (read_only, prunable) = match actor {
            Actor::Api => (current.read_only, current.prunable),
            Actor::Provisioning => (fields.read_only, fields.prunable),
        };
        let row = RowValues {
            org_id,
            uid,
            name: &fields.name,
            type_id: &fields.type_id,
            access: access.as_str(),
            url: keep_if_empty(&fields.url, &current.url),
            user: &fields.user,
            database: &fields.database,
            basic_auth: fields.basic_auth,
            basic_auth_user: keep_if_empty(&fields.basic_auth_user, &current.basic_auth_user),
            with_credentials: fields.with_credentials,
            is_default: fields.is_default,
            json_data: Value::Object(fields.json_data.clone()).to_string(),
            secure_json_data: &secrets,
            read_only,
            prunable,
            api_version: &fields.api_version,
            version: current.version.max(fields.version) + 1,
        };
        let updated = records::update(
            self.store(),
            &mut tx,
            current.id,
            current.version,
            &row,
            now_epoch(),
        )
        .await;
        match updated {
            Ok(true) => {}
            // Another update committed between the read above and this write.
            Ok(false) => return Err(DataSourceError::VersionMismatch),
            Err(error) if is_unique(&error) => return Err(DataSourceError::UpdateNameExists),
            Err(error) => return Err(error.into()),
        }
        if row.is_default {
            records::clear_other_defaults(self.store(), &mut tx, org_id, current.id).await?;
        }
        let saved = records::find(self.store(), &mut tx, org_id, DataSourceKey::Id(current.id))
            .await?
            .ok_or(DataSourceError::NotFound)?;
        tx.commit().await?;
        self.written(org_id).await;
        Ok(saved)
    }
}

/// Grafana keeps the stored value of a few fields when an update leaves them empty.
fn keep_if_empty<'a>(requested: &'a str, stored: &'a str) -> &'a str {
    if requested.is_empty() {
        stored
    } else {
        requested
    }
}

fn is_unique(error: &sightline_store::sqlx::Error) -> bool {
    matches!(error, sightline_store::sqlx::Error::Database(db) if db.is_unique_violation())
}
