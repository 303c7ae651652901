//! Resolves the caller of every request into an [`Identity`]: service account token
//! (`Authorization: Bearer glsa_…`), basic auth, session cookie, or anonymous access — then
//! picks the org (`X-Grafana-Org-Id` or the user's current org) and the role there.

mod cookie;
mod csrf;
mod guard;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sightline_core::{AuthMethod, Identity, OrgRole};

pub use cookie::{clear_session_cookie, session_cookie};
pub use guard::{require_role, require_server_admin, require_user};

use crate::error::ApiError;
use crate::state::AppState;

/// Set on every request by [`resolve_caller`]: the caller, if any credentials were valid.
#[derive(Clone, Debug)]
pub struct Caller(pub Option<Identity>);

/// Extractor for handlers that need a signed-in caller; answers 401 otherwise.
pub struct Authenticated(pub Identity);

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Caller>() {
            Some(Caller(Some(identity))) => Ok(Authenticated(identity.clone())),
            _ => Err(ApiError::unauthorized("unauthorized")),
        }
    }
}

/// The client's address as seen on the socket.
pub fn client_ip(parts_or_headers: &axum::http::Extensions) -> String {
    parts_or_headers
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip().to_string())
        .unwrap_or_default()
}

/// Middleware: authenticates the request and stores a [`Caller`] in its extensions.
pub async fn resolve_caller(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let client_ip = client_ip(request.extensions());
    let resolved = match authenticate(&state, request.headers(), &client_ip).await {
        Ok(resolved) => resolved,
        Err(error) => return error.into_response(),
    };
    if resolved
        .identity
        .as_ref()
        .is_some_and(|identity| identity.auth_method == AuthMethod::Session)
    {
        if let Err(error) = csrf::check(&request, &state) {
            return error.into_response();
        }
    }
    request.extensions_mut().insert(Caller(resolved.identity));
    let mut response = next.run(request).await;
    if let Some(token) = resolved.rotated_token {
        if let Ok(value) = HeaderValue::from_str(&session_cookie(&state.settings, &token)) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

struct Resolved {
    identity: Option<Identity>,
    rotated_token: Option<String>,
}

async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    client_ip: &str,
) -> Result<Resolved, ApiError> {
    let requested_org = requested_org(headers)?;
    if let Some(authorization) = headers.get(AUTHORIZATION) {
        let identity = from_authorization(state, authorization, client_ip, requested_org).await?;
        return Ok(Resolved {
            identity: Some(identity),
            rotated_token: None,
        });
    }
    if let Some(token) = session_token(headers, &state.settings.login_cookie_name) {
        if let Some(session) = state.identity.lookup_session(&token).await? {
            if let Some(user) = state.identity.caller_user(session.user_id).await? {
                if !user.is_disabled {
                    let mut identity =
                        user_identity(state, &user, requested_org, AuthMethod::Session).await?;
                    identity.session_id = Some(session.id);
                    return Ok(Resolved {
                        identity: Some(identity),
                        rotated_token: session.rotated_token,
                    });
                }
            }
        }
    }
    Ok(Resolved {
        identity: anonymous(state).await?,
        rotated_token: None,
    })
}

async fn from_authorization(
    state: &AppState,
    authorization: &HeaderValue,
    client_ip: &str,
    requested_org: Option<i64>,
) -> Result<Identity, ApiError> {
    let value = authorization
        .to_str()
        .map_err(|_| ApiError::unauthorized("invalid authorization header"))?;
    let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
    match scheme.to_ascii_lowercase().as_str() {
        "bearer" => {
            let token = state
                .identity
                .authenticate_token(credentials.trim())
                .await?
                .ok_or_else(|| ApiError::unauthorized("invalid API key"))?;
            Ok(Identity {
                org_id: token.org_id,
                user_id: token.user_id,
                login: token.login,
                org_role: token.role,
                server_admin: false,
                is_service_account: true,
                auth_method: AuthMethod::ServiceAccountToken,
                session_id: None,
            })
        }
        "basic" if state.settings.basic_auth_enabled => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(credentials.trim())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| ApiError::unauthorized("invalid basic auth header"))?;
            let (login, password) = decoded
                .split_once(':')
                .ok_or_else(|| ApiError::unauthorized("invalid basic auth header"))?;
            let user = state
                .identity
                .authenticate(login, password, client_ip)
                .await?;
            user_identity(state, &user, requested_org, AuthMethod::Basic).await
        }
        _ => Err(ApiError::unauthorized("unsupported authorization scheme")),
    }
}

async fn user_identity(
    state: &AppState,
    user: &sightline_identity::User,
    requested_org: Option<i64>,
    auth_method: AuthMethod,
) -> Result<Identity, ApiError> {
    let org_id = requested_org.unwrap_or(user.org_id);
    let role = state.identity.caller_org_role(user.id, org_id).await?;
    let org_role = match (role, requested_org) {
        (Some(role), _) => role,
        (None, Some(_)) => {
            return Err(ApiError::unauthorized(format!(
                "user is not a member of organization {org_id}"
            )))
        }
        (None, None) => OrgRole::None,
    };
    state.identity.touch_last_seen(user).await?;
    Ok(Identity {
        org_id,
        user_id: user.id,
        login: user.login.clone(),
        org_role,
        server_admin: user.is_admin,
        is_service_account: user.is_service_account,
        auth_method,
        session_id: None,
    })
}

async fn anonymous(state: &AppState) -> Result<Option<Identity>, ApiError> {
    let Some(anonymous) = &state.settings.anonymous else {
        return Ok(None);
    };
    let org = match state.identity.get_org_by_name(&anonymous.org_name).await {
        Ok(org) => org,
        Err(sightline_identity::IdentityError::OrgNotFound) => {
            tracing::warn!(org = %anonymous.org_name, "anonymous access is enabled but its org does not exist");
            return Ok(None);
        }
        Err(error) => return Err(error.into()),
    };
    Ok(Some(Identity {
        org_id: org.id,
        user_id: 0,
        login: String::new(),
        org_role: anonymous.org_role,
        server_admin: false,
        is_service_account: false,
        auth_method: AuthMethod::Anonymous,
        session_id: None,
    }))
}

fn requested_org(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get("x-grafana-org-id") else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .filter(|org_id| *org_id > 0)
        .map(Some)
        .ok_or_else(|| ApiError::bad_request("invalid X-Grafana-Org-Id header"))
}

fn session_token(headers: &HeaderMap, cookie_name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie_name)
        .map(|(_, token)| token.trim().to_string())
        .filter(|token| !token.is_empty())
}

/// The `User-Agent` of a request, for the session record.
pub fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}
