//! `/api/datasources`: the org's data sources — list, create, read, update and delete by uid,
//! by the legacy numeric id and by name. As in Grafana OSS, every org member with a role may
//! read them (secrets show only as `secureJsonFields`); org admins manage them.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};
use sightline_core::{Identity, OrgRole};
use sightline_datasources::plugin_names::{display_name, GENERIC_LOGO_URL};
use sightline_datasources::{Actor, DataSource, DataSourceFields, DataSourceKey};

use crate::auth::{require_role, Authenticated};
use crate::error::{message, ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/datasources",
            get(list_data_sources).post(create_data_source),
        )
        .route(
            "/api/datasources/uid/{uid}",
            get(get_by_uid).put(update_by_uid).delete(delete_by_uid),
        )
        .route(
            "/api/datasources/name/{name}",
            get(get_by_name).delete(delete_by_name),
        )
        .route("/api/datasources/id/{name}", get(id_by_name))
        .route(
            "/api/datasources/{id}",
            get(get_by_id).put(update_by_id).delete(delete_by_id),
        )
}

/// A data source in full, as the single-item endpoints return it.
fn data_source_json(data_source: &DataSource) -> Value {
    let secure_fields: Map<String, Value> = data_source
        .secure_json_data
        .field_names()
        .map(|field| (field.to_string(), Value::Bool(true)))
        .collect();
    json!({
        "id": data_source.id,
        "uid": data_source.uid,
        "orgId": data_source.org_id,
        "name": data_source.name,
        "type": data_source.type_id,
        "typeLogoUrl": GENERIC_LOGO_URL,
        "access": data_source.access.as_str(),
        "url": data_source.url,
        "user": data_source.user,
        "database": data_source.database,
        "basicAuth": data_source.basic_auth,
        "basicAuthUser": data_source.basic_auth_user,
        "withCredentials": data_source.with_credentials,
        "isDefault": data_source.is_default,
        "jsonData": data_source.json_data,
        "secureJsonFields": secure_fields,
        "version": data_source.version,
        "readOnly": data_source.read_only,
        "apiVersion": data_source.api_version,
    })
}

/// A data source as `GET /api/datasources` lists it.
fn list_item_json(data_source: &DataSource) -> Value {
    json!({
        "id": data_source.id,
        "uid": data_source.uid,
        "orgId": data_source.org_id,
        "name": data_source.name,
        "type": data_source.type_id,
        "typeName": display_name(&data_source.type_id),
        "typeLogoUrl": GENERIC_LOGO_URL,
        "access": data_source.access.as_str(),
        "url": data_source.url,
        "user": data_source.user,
        "database": data_source.database,
        "basicAuth": data_source.basic_auth,
        "isDefault": data_source.is_default,
        "jsonData": data_source.json_data,
        "readOnly": data_source.read_only,
    })
}

/// A field that may be `null` or absent, both read as its default (as Go decodes them).
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The body of a create or an update, in Grafana's field names.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct DataSourceBody {
    #[serde(deserialize_with = "nullable")]
    uid: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(rename = "type", deserialize_with = "nullable")]
    type_id: String,
    #[serde(deserialize_with = "nullable")]
    access: String,
    #[serde(deserialize_with = "nullable")]
    url: String,
    #[serde(deserialize_with = "nullable")]
    user: String,
    #[serde(deserialize_with = "nullable")]
    database: String,
    #[serde(deserialize_with = "nullable")]
    basic_auth: bool,
    #[serde(deserialize_with = "nullable")]
    basic_auth_user: String,
    #[serde(deserialize_with = "nullable")]
    with_credentials: bool,
    #[serde(deserialize_with = "nullable")]
    is_default: bool,
    json_data: Option<Value>,
    #[serde(deserialize_with = "nullable")]
    secure_json_data: BTreeMap<String, String>,
    #[serde(deserialize_with = "nullable")]
    api_version: String,
    #[serde(deserialize_with = "nullable")]
    version: i64,
    /// Legacy: moved into `secureJsonData.password`.
    #[serde(deserialize_with = "nullable")]
    password: String,
    /// Legacy: moved into `secureJsonData.basicAuthPassword`.
    #[serde(deserialize_with = "nullable")]
    basic_auth_password: String,
}

impl DataSourceBody {
    fn into_fields(self) -> ApiResult<DataSourceFields> {
        let json_data = match self.json_data {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(object)) => object,
            Some(_) => {
                return Err(ApiError::bad_request(
                    "bad request data: jsonData must be an object",
                ))
            }
        };
        let mut fields = DataSourceFields {
            uid: self.uid,
            name: self.name,
            type_id: self.type_id,
            access: self.access,
            url: self.url,
            user: self.user,
            database: self.database,
            basic_auth: self.basic_auth,
            basic_auth_user: self.basic_auth_user,
            with_credentials: self.with_credentials,
            is_default: self.is_default,
            json_data,
            secure_json_data: self.secure_json_data,
            api_version: self.api_version,
            version: self.version,
            read_only: false,
            prunable: false,
        };
        fields.adopt_legacy_passwords(&self.password, &self.basic_auth_password);
        Ok(fields)
    }
}

/// Grafana's legacy routes take a numeric id; anything else is a 400.
fn parse_id(text: &str) -> ApiResult<i64> {
    text.parse()
        .map_err(|_| ApiError::bad_request("id is invalid"))
}

fn require_reader(caller: &Identity) -> ApiResult<()> {
    require_role(caller, OrgRole::Viewer)
}

fn require_manager(caller: &Identity) -> ApiResult<()> {
    require_role(caller, OrgRole::Admin)
}

async fn list_data_sources(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    require_reader(&caller)?;
    let data_sources = state.datasources.list(caller.org_id).await?;
    Ok(Json(Value::Array(
        data_sources.iter().map(list_item_json).collect(),
    )))
}

async fn create_data_source(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<DataSourceBody>,
) -> ApiResult<Json<Value>> {
    require_manager(&caller)?;
    let created = state
        .datasources
        .create(caller.org_id, body.into_fields()?)
        .await?;
    Ok(Json(json!({
        "message": "Datasource added",
        "id": created.id,
        "name": created.name,
        "datasource": data_source_json(&created),
    })))
}

async fn read(
    state: &AppState,
    caller: &Identity,
    key: DataSourceKey<'_>,
) -> ApiResult<Json<Value>> {
    require_reader(caller)?;
    let data_source = state.datasources.get(caller.org_id, key).await?;
    Ok(Json(data_source_json(&data_source)))
}

async fn get_by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    read(&state, &caller, DataSourceKey::Uid(&uid)).await
}

async fn get_by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id)?;
    read(&state, &caller, DataSourceKey::Id(id)).await
}

async fn get_by_name(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(name): PathParams<String>,
) -> ApiResult<Json<Value>> {
    read(&state, &caller, DataSourceKey::Name(&name)).await
}

async fn id_by_name(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(name): PathParams<String>,
) -> ApiResult<Json<Value>> {
    require_reader(&caller)?;
    let key = DataSourceKey::Name(&name);
    let data_source = state.datasources.get(caller.org_id, key).await?;
    Ok(Json(json!({ "id": data_source.id })))
}

async fn update(
    state: &AppState,
    caller: &Identity,
    key: DataSourceKey<'_>,
    body: DataSourceBody,
) -> ApiResult<Json<Value>> {
    require_manager(caller)?;
    let fields = body.into_fields()?;
    let updated = state
        .datasources
        .update(caller.org_id, key, fields, Actor::Api)
        .await?;
    Ok(Json(json!({
        "message": "Datasource updated",
        "id": updated.id,
        "name": updated.name,
        "datasource": data_source_json(&updated),
    })))
}

async fn update_by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    JsonBody(body): JsonBody<DataSourceBody>,
) -> ApiResult<Json<Value>> {
    update(&state, &caller, DataSourceKey::Uid(&uid), body).await
}

async fn update_by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<String>,
    JsonBody(body): JsonBody<DataSourceBody>,
) -> ApiResult<Json<Value>> {
    require_manager(&caller)?;
    let id = parse_id(&id)?;
    update(&state, &caller, DataSourceKey::Id(id), body).await
}

async fn delete_by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    delete_answering_id(&state, &caller, DataSourceKey::Uid(&uid)).await
}

async fn delete_by_name(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(name): PathParams<String>,
) -> ApiResult<Json<Value>> {
    delete_answering_id(&state, &caller, DataSourceKey::Name(&name)).await
}

/// Deletes by uid or name; Grafana answers those with the deleted id.
async fn delete_answering_id(
    state: &AppState,
    caller: &Identity,
    key: DataSourceKey<'_>,
) -> ApiResult<Json<Value>> {
    require_manager(caller)?;
    let deleted = state
        .datasources
        .delete(caller.org_id, key, Actor::Api)
        .await?;
    Ok(Json(
        json!({ "message": "Data source deleted", "id": deleted.id }),
    ))
}

async fn delete_by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<String>,
) -> ApiResult<Json<Value>> {
    require_manager(&caller)?;
    let id = parse_id(&id)?;
    if id <= 0 {
        return Err(ApiError::bad_request("Missing valid datasource id"));
    }
    let key = DataSourceKey::Id(id);
    state
        .datasources
        .delete(caller.org_id, key, Actor::Api)
        .await?;
    Ok(message("Data source deleted"))
}
