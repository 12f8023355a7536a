//! The extractors that authenticate a request and say who it is: [`Staff`]
//! (a bearer token), [`Admin`] (a bearer token of an administrator),
//! [`Integrator`] (a channel's API key) and [`Caller`] (staff or a channel,
//! for intake), and [`Visitor`] (anyone on a public endpoint, within the
//! limit per address). Role guards and scope rules are decided here and nowhere
//! else: a handler that names `Admin` cannot run for anyone else.

use crate::auth::api_key;
use crate::auth::token::Claims;
use crate::error::ApiError;
use crate::refdata::RefData;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{http::header, web, FromRequest, HttpRequest};
use crm_domain::message::Message;
use crm_domain::Role;
use futures_util::future::LocalBoxFuture;

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user_id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
    /// Signed in with a temporary password that must be changed first.
    pub must_change_password: bool,
}

/// The endpoints a session with a temporary password may use: who am I,
/// change the password, sign out.
const OPEN_BEFORE_PASSWORD_CHANGE: [&str; 3] = [
    "/api/v1/auth/me",
    "/api/v1/auth/password",
    "/api/v1/auth/logout",
];

/// The units whose reports a caller may see.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// Every report, including those in triage.
    All,
    /// Reports held by these units.
    Units(Vec<String>),
}

impl Staff {
    /// The units this staff member sees: their unit and every unit below it,
    /// or everything for the Monitoring Room, administrators and verifiers.
    pub fn scope(&self, refs: &RefData) -> Scope {
        if self.role.sees_everything() {
            return Scope::All;
        }
        match &self.unit {
            Some(u) => Scope::Units(refs.tree().subtree(u)),
            None => Scope::Units(Vec::new()),
        }
    }

    /// Whether this staff member may see a report held by `holder`.
    pub fn may_see(&self, refs: &RefData, holder: Option<&str>) -> bool {
        if self.role.sees_everything() {
            return true;
        }
        match (&self.unit, holder) {
            (Some(mine), Some(h)) => refs.tree().is_within(h, mine),
            _ => false,
        }
    }

    /// The holders a list or statistic over `unit` (default: the whole
    /// scope) may cover: `None` means every report, triage included.
    pub fn holders(
        &self,
        refs: &RefData,
        unit: Option<&str>,
    ) -> Result<Option<Vec<String>>, ApiError> {
        match (unit, self.scope(refs)) {
            (None, Scope::All) => Ok(None),
            (None, Scope::Units(mine)) => Ok(Some(mine)),
            (Some(u), _) => {
                if refs.unit(u).is_none() {
                    return Err(ApiError::field("unit", format!("unknown unit `{u}`")));
                }
                if !self.may_see(refs, Some(u)) {
                    return Err(ApiError::Forbidden(format!(
                        "unit `{u}` lies outside your scope"
                    )));
                }
                Ok(Some(refs.tree().subtree(u)))
            }
        }
    }

    /// Refuses unless the role is one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "the role `{}` may not do this",
                self.role
            )))
        }
    }
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal("application state missing".into()))
}

/// The bearer token of a request, if it sends a well-formed one.
pub fn bearer_token(req: &HttpRequest) -> Option<&str> {
    bearer(req).and_then(Result::ok)
}

fn bearer(req: &HttpRequest) -> Option<Result<&str, ApiError>> {
    let value = req.headers().get(header::AUTHORIZATION)?;
    Some(
        value
            .to_str()
            .ok()
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .ok_or_else(|| {
                ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into())
            }),
    )
}

fn staff_from(req: &HttpRequest) -> Result<Staff, ApiError> {
    let st = state(req)?;
    let token = bearer(req).ok_or_else(|| ApiError::unauthorized(Message::SignInFirst))??;
    let staff = staff_of_token(&st, token)?;
    if staff.must_change_password && !OPEN_BEFORE_PASSWORD_CHANGE.contains(&req.path()) {
        return Err(ApiError::PasswordChangeRequired);
    }
    Ok(staff)
}

/// The staff member an access token speaks for.
pub fn staff_of_token(st: &AppState, token: &str) -> Result<Staff, ApiError> {
    let claims = st.tokens.check(token).map_err(|e| {
        log::debug!("token refused: {e}");
        ApiError::unauthorized(Message::SessionExpired)
    })?;
    staff_of_claims(st, claims)
}

/// The staff member checked claims speak for (a token's or a stream
/// ticket's): refused when the account's session has ended since.
pub fn staff_of_claims(st: &AppState, claims: Claims) -> Result<Staff, ApiError> {
    if claims.role == Role::Reporter {
        return Err(ApiError::Forbidden("this endpoint is for staff".into()));
    }
    let user_id = claims
        .sub
        .parse()
        .map_err(|_| ApiError::Unauthorized("invalid token subject".into()))?;
    if claims.ver != st.sessions.current(user_id) {
        return Err(ApiError::Unauthorized(
            "this session has ended; sign in again".into(),
        ));
    }
    Ok(Staff {
        user_id,
        username: claims.usr,
        name: claims.name,
        role: claims.role,
        unit: claims.unit,
        must_change_password: claims.pwc,
    })
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(staff_from(req))
    }
}

/// A signed-in administrator.
#[derive(Debug, Clone)]
pub struct Admin(pub Staff);

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(staff_from(req).and_then(|s| {
            s.require(&[Role::Administrator])?;
            Ok(Admin(s))
        }))
    }
}

/// A signed-in manager of staff accounts: an administrator, or a unit head
/// (for the officers of its subtree; the flows check which accounts).
#[derive(Debug, Clone)]
pub struct AccountManager(pub Staff);

impl AccountManager {
    /// What this manager manages.
    pub fn manager(&self) -> crm_domain::account::Manager<'_> {
        crm_domain::account::Manager::of(self.0.role, self.0.unit.as_deref())
            .unwrap_or(crm_domain::account::Manager::Head(""))
    }
}

impl FromRequest for AccountManager {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(staff_from(req).and_then(|s| {
            s.require(&[Role::Administrator, Role::UnitHead])?;
            if s.role == Role::UnitHead && s.unit.is_none() {
                return Err(ApiError::Forbidden(
                    "a unit head without a unit manages no account".into(),
                ));
            }
            Ok(AccountManager(s))
        }))
    }
}

/// Anyone on a public endpoint, counted against the limit per address
/// (429 when over it). A handler that names it cannot be flooded from one
/// address.
#[derive(Debug, Clone, Copy)]
pub struct Visitor;

impl FromRequest for Visitor {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(match req.app_data::<web::Data<AppState>>() {
            Some(st) => st
                .public_limits
                .visit(crate::auth::client::address(req, &st.trusted_proxies))
                .map(|()| Visitor),
            None => Err(ApiError::Internal("application state missing".into())),
        })
    }
}

/// The same limit for a whole scope (Open311): a middleware that answers
/// 429 before the handler runs.
pub async fn visitors_only(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let (http, payload) = req.into_parts();
    let checked = Visitor::extract(&http).await;
    let req = actix_web::dev::ServiceRequest::from_parts(http, payload);
    match checked {
        Ok(Visitor) => Ok(next.call(req).await?.map_into_boxed_body()),
        Err(e) => Ok(req.error_response(e)),
    }
}

/// A channel's system, authenticated by its API key.
#[derive(Debug, Clone)]
pub struct Integrator {
    pub key_id: i64,
    pub channel: String,
}

/// The header that carries an integrator's key.
pub const API_KEY_HEADER: &str = "X-API-Key";

pub async fn integrator_from(st: web::Data<AppState>, key: String) -> Result<Integrator, ApiError> {
    let hash = api_key::hash(&key);
    let found = st
        .db
        .read(move |conn| crate::db::users::active_api_key(conn, &hash).map_err(ApiError::from))
        .await?;
    let found = found
        .map(|(key_id, channel)| Integrator { key_id, channel })
        .ok_or_else(|| ApiError::Unauthorized("unknown or revoked API key".into()))?;
    st.key_limits.call(found.key_id)?;
    Ok(found)
}

fn api_key_of(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
}

impl FromRequest for Integrator {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let st = state(req);
        let key = api_key_of(req);
        Box::pin(async move {
            let key = key.ok_or_else(|| {
                ApiError::Unauthorized(format!("send the `{API_KEY_HEADER}` header"))
            })?;
            integrator_from(st?, key).await
        })
    }
}

/// Who files a report: staff (bearer token) or a channel (API key).
#[derive(Debug, Clone)]
pub enum Caller {
    Staff(Staff),
    Integrator(Integrator),
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let has_bearer = req.headers().contains_key(header::AUTHORIZATION);
        let staff = has_bearer.then(|| staff_from(req));
        let st = state(req);
        let key = api_key_of(req);
        Box::pin(async move {
            if let Some(staff) = staff {
                return staff.map(Caller::Staff);
            }
            match key {
                Some(key) => integrator_from(st?, key).await.map(Caller::Integrator),
                None => Err(ApiError::Unauthorized(format!(
                    "send `Authorization: Bearer <token>` or `{API_KEY_HEADER}: <key>`"
                ))),
            }
        })
    }
}
