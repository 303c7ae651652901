//! Errors of the identity domain. Messages follow Grafana's wording where clients may read them.

use sightline_core::{ErrorKind, HasErrorKind};
use sightline_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("user not found")]
    UserNotFound,
    #[error("organization not found")]
    OrgNotFound,
    #[error("team not found")]
    TeamNotFound,
    #[error("service account not found")]
    ServiceAccountNotFound,
    #[error("service account token not found")]
    TokenNotFound,
    #[error("user with email '{email}' or username '{login}' already exists")]
    UserExists { login: String, email: String },
    #[error("login or email already in use by another user")]
    LoginOrEmailTaken,
    #[error("organization name taken")]
    OrgNameTaken,
    #[error("team name taken")]
    TeamNameTaken,
    #[error("service account name taken")]
    ServiceAccountNameTaken,
    #[error("service account token with given name already exists in the organization")]
    TokenNameTaken,
    #[error("user is already added to organization")]
    AlreadyOrgMember,
    #[error("user is already added to this team")]
    AlreadyTeamMember,
    #[error("user is not a member of this organization")]
    NotOrgMember,
    #[error("user is not a member of this team")]
    NotTeamMember,
    #[error("cannot remove or demote the last admin of the organization")]
    LastOrgAdmin,
    #[error("invalid username or password")]
    InvalidCredentials,
    #[error("invalid old password")]
    WrongOldPassword,
    #[error("user account is disabled")]
    UserDisabled,
    #[error("too many consecutive incorrect login attempts for user - login for user temporarily blocked")]
    TooManyLoginAttempts,
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sightline_store::sqlx::Error> for IdentityError {
    fn from(error: sightline_store::sqlx::Error) -> Self {
        IdentityError::Store(StoreError::from(error))
    }
}

impl HasErrorKind for IdentityError {
    fn kind(&self) -> ErrorKind {
        use IdentityError::*;
        match self {
            UserNotFound | OrgNotFound | TeamNotFound | ServiceAccountNotFound | TokenNotFound => {
                ErrorKind::NotFound
            }
            UserExists { .. } => ErrorKind::PreconditionFailed,
            LoginOrEmailTaken
            | OrgNameTaken
            | TeamNameTaken
            | ServiceAccountNameTaken
            | TokenNameTaken
            | AlreadyOrgMember => ErrorKind::Conflict,
            NotOrgMember | NotTeamMember => ErrorKind::NotFound,
            // Grafana answers a repeated team member add with 400, not 409.
            LastOrgAdmin | Invalid(_) | WrongOldPassword | AlreadyTeamMember => {
                ErrorKind::BadRequest
            }
            InvalidCredentials | UserDisabled | TooManyLoginAttempts => ErrorKind::Unauthorized,
            Store(error) => error.kind(),
        }
    }
}

pub type Result<T, E = IdentityError> = std::result::Result<T, E>;
