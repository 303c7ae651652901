//! `/api/serviceaccounts`: service accounts of the caller's org and their `glsa_` tokens
//! (org admins). A token's key is shown once, when it is created.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_core::OrgRole;
use sightline_identity::{Page, ServiceAccount, ServiceAccountToken};

use crate::auth::{require_role, Authenticated};
use crate::dto::{avatar_url, parse_role, rfc3339};
use crate::error::{message, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/serviceaccounts", post(create_account))
        .route("/api/serviceaccounts/search", get(search_accounts))
        .route(
            "/api/serviceaccounts/{id}",
            get(get_account)
                .patch(update_account)
                .delete(delete_account),
        )
        .route(
            "/api/serviceaccounts/{id}/tokens",
            get(list_tokens).post(create_token),
        )
        .route(
            "/api/serviceaccounts/{id}/tokens/{token_id}",
            delete(delete_token),
        )
}

fn account_json(account: &ServiceAccount) -> Value {
    json!({
        "id": account.id,
        "uid": account.uid,
        "name": account.name,
        "login": account.login,
        "orgId": account.org_id,
        "isDisabled": account.is_disabled,
        "role": account.role,
        "tokens": account.tokens,
        "avatarUrl": avatar_url(&account.login),
    })
}

fn token_json(token: &ServiceAccountToken) -> Value {
    let now = sightline_store::now_epoch();
    let seconds_left = token.expires.map(|expires| (expires - now).max(0));
    json!({
        "id": token.id,
        "name": token.name,
        "created": rfc3339(token.created),
        "lastUsedAt": token.last_used_at.map(rfc3339),
        "expiration": token.expires.map(rfc3339),
        "secondsUntilExpiration": seconds_left,
        "hasExpired": token.has_expired(now),
        "isRevoked": token.is_revoked,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewAccount {
    name: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    is_disabled: bool,
}

async fn create_account(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<NewAccount>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    require_role(&caller, OrgRole::Admin)?;
    let role = match body.role.as_deref() {
        Some(role) => parse_role(role)?,
        None => OrgRole::Viewer,
    };
    let account = state
        .identity
        .create_service_account(caller.org_id, &body.name, role, body.is_disabled)
        .await?;
    Ok((StatusCode::CREATED, Json(account_json(&account))))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AccountSearch {
    query: String,
    page: Option<i64>,
    perpage: Option<i64>,
}

async fn search_accounts(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(search): QueryParams<AccountSearch>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let page = Page::new(search.page, search.perpage, 1000);
    let (total, accounts) = state
        .identity
        .search_service_accounts(caller.org_id, &search.query, page)
        .await?;
    Ok(Json(json!({
        "totalCount": total,
        "serviceAccounts": accounts.iter().map(account_json).collect::<Vec<_>>(),
        "page": page.page,
        "perPage": page.per_page,
    })))
}

async fn get_account(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(account_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let account = state
        .identity
        .get_service_account(caller.org_id, account_id)
        .await?;
    Ok(Json(account_json(&account)))
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct AccountUpdate {
    name: Option<String>,
    role: Option<String>,
    is_disabled: Option<bool>,
}

async fn update_account(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(account_id): PathParams<i64>,
    JsonBody(body): JsonBody<AccountUpdate>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let role = body.role.as_deref().map(parse_role).transpose()?;
    let account = state
        .identity
        .update_service_account(
            caller.org_id,
            account_id,
            body.name.as_deref(),
            role,
            body.is_disabled,
        )
        .await?;
    Ok(Json(json!({
        "id": account.id,
        "name": account.name,
        "serviceaccount": account_json(&account),
        "message": "Service account updated",
    })))
}

async fn delete_account(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(account_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state
        .identity
        .delete_service_account(caller.org_id, account_id)
        .await?;
    Ok(message("Service account deleted"))
}

async fn list_tokens(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(account_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let tokens = state
        .identity
        .list_tokens(caller.org_id, account_id)
        .await?;
    Ok(Json(Value::Array(tokens.iter().map(token_json).collect())))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewToken {
    name: String,
    #[serde(default)]
    seconds_to_live: Option<i64>,
}

async fn create_token(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(account_id): PathParams<i64>,
    JsonBody(body): JsonBody<NewToken>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let seconds_to_live = body.seconds_to_live.filter(|seconds| *seconds != 0);
    let (token, key) = state
        .identity
        .create_token(caller.org_id, account_id, &body.name, seconds_to_live)
        .await?;
    Ok(Json(
        json!({ "id": token.id, "name": token.name, "key": key }),
    ))
}

async fn delete_token(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((account_id, token_id)): PathParams<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state
        .identity
        .delete_token(caller.org_id, account_id, token_id)
        .await?;
    Ok(message("Service account token deleted"))
}
