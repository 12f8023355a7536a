//! What the system says to a person when it refuses or fails: a stable
//! machine code and its parameters ([`Message`]).
//!
//! Every problem+json answer carries `code` and `params`, every refused
//! action on a report page carries `reason_code` and `reason_params`, and
//! every invalid field carries its own `code`. The server's English `detail`
//! (this type's `Display`) is for integrators; the web app shows the same
//! message from its own Bahasa Indonesia catalogue, keyed by the code, so a
//! new code cannot be added without its translation (the catalogue matches
//! every variant, and a test walks [`Message::iter`]).

use crate::lifecycle::ActionKind;
use crate::ReportStatus;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// A message with its parameters. On the wire: `{"code": "...", "params":
/// {...}}`, made by [`Message::parts`] and read by [`Message::from_parts`]
/// from serde's plain form (`"code"`, or `{"code": {...}}` with parameters),
/// which reads without buffering: the web app carries a smaller reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum Message {
    // ---- Any request: one per kind of problem, when nothing more precise is said.
    /// The request cannot be read.
    BadRequest,
    /// One or more fields are wrong (each named in `errors`).
    Invalid,
    /// Sign in first, or the credentials were not accepted.
    Unauthorized,
    /// The caller may not do this.
    Forbidden,
    /// The account signed in with a temporary password.
    PasswordChangeRequired,
    /// What was asked for does not exist.
    NotFound,
    /// The path exists, not with this method.
    MethodNotAllowed,
    /// It clashes with what is stored.
    Conflict,
    /// The body is too large.
    PayloadTooLarge,
    /// The body did not arrive in time.
    RequestTimeout,
    /// The body is not in a type this path reads.
    UnsupportedMediaType,
    /// Over a limit; again after `retry_after` seconds.
    TooManyRequests { retry_after: u64 },
    /// Too much heavy work under way; again after `retry_after` seconds.
    Busy { retry_after: u64 },
    /// The service (or its database) cannot answer now.
    Unavailable,
    /// Something failed inside; it was logged.
    Internal,

    // ---- Signing in.
    /// Wrong username or password.
    SignInFailed,
    /// No session: sign in.
    SignInFirst,
    /// The session expired or is not valid.
    SessionExpired,
    /// The signed-in account was deleted or disabled.
    AccountGone,
    /// The account belongs to no unit, and this needs one.
    AccountWithoutUnit,

    // ---- Reports.
    /// No report has this number.
    ReportNotFound { number: i64 },
    /// The report is held by a unit outside the caller's scope.
    ReportOutOfScope { number: i64 },
    /// The unit lies outside the caller's scope.
    UnitOutOfScope { unit: String },
    /// This role files no reports.
    CannotFile,
    /// Someone else changed the report first; reload it.
    ReportChanged,

    // ---- Who may act on a report.
    /// Only an officer or head of the holding unit may take this action.
    HolderOnly { action: ActionKind },
    /// Only officers of the holding or a coordinating unit add follow-ups.
    WorkersOnly,
    /// Only a verifier may take this action (approve, reject).
    VerifierOnly { action: ActionKind },
    /// Only the Monitoring Room may take this action (close, correct).
    MonitoringOnly { action: ActionKind },
    /// Only the Monitoring Room or a verifier reopens a report.
    ReopenNotAllowed,
    /// After this many hand-overs only the Monitoring Room moves the report.
    HandoverLimit { count: u32 },
    /// Comments are written by staff.
    StaffOnly,
    /// Only the reporter rates a report.
    ReporterOnly,

    // ---- What the report's state allows.
    /// The report is done (Selesai): this action no longer applies.
    ReportDone { action: ActionKind },
    /// The report awaits verification: this action waits for the verifier.
    AwaitingVerification { action: ActionKind },
    /// Only a waiting report is taken up; it has this status.
    NotWaiting { status: ReportStatus },
    /// Take the report up (Proses) before this action.
    NotInWork { action: ActionKind },
    /// Completing needs a follow-up with a photo as evidence.
    EvidenceRequired,
    /// The report does not await verification.
    NotAwaitingVerification,
    /// A completion estimate is set only once.
    EstimateAlreadySet,
    /// Only a done report takes this action (reopen, rate).
    NotDone { action: ActionKind },
    /// The report was already rated.
    AlreadyRated,
    /// No unit coordinates on the report.
    NoCoordination,

    // ---- One field (in `errors[].code`).
    /// The field is wrong (nothing more precise is said).
    FieldInvalid,
    /// The field is required.
    Required,
    /// The text is longer than `max` characters.
    TooLong { max: u64 },
    /// The number lies outside `min`..=`max`.
    OutOfRange { min: i64, max: i64 },
    /// No unit has this code.
    UnknownUnit { unit: String },
    /// The report is already held by this unit.
    AlreadyHeld,
    /// The holding unit cannot coordinate with itself.
    CoordinateWithSelf,
    /// Every unit named already coordinates.
    AlreadyCoordinating,
    /// That unit does not coordinate on the report.
    NotCoordinating,
    /// The estimate must lie in the future.
    EstimateInPast,
    /// The estimate must lie within `days` days.
    EstimateTooFar { days: i64 },
    /// The officer must work at the holding unit.
    OfficerNotAtHolder,
    /// A duplicate names the report it repeats.
    DuplicateOfRequired,
    /// A report cannot repeat itself.
    DuplicateOfSelf,
    /// Only a report closed as duplicate names another.
    DuplicateOfUnexpected,
    /// The upload is not a JPEG, PNG or WebP image.
    NotAnImage,
    /// Not an e-mail address.
    NotAnEmail,
    /// Not an Indonesian mobile number (08…, 628… or +628…).
    NotAMobileNumber,
    /// The unit is deactivated.
    UnitInactive { unit: String },
    /// Staff accounts have a staff role (not reporter).
    StaffRoleOnly,
    /// Accounts of this role belong to `unit` only (the Monitoring Room's,
    /// the verifiers').
    RoleBelongsTo { role: crate::Role, unit: String },
    /// A password shorter than `min` characters.
    PasswordTooShort { min: u64 },
    /// The password is the username.
    PasswordIsUsername,
    /// The password repeats one character.
    PasswordOneCharacter,
    /// The password is a commonly used one.
    PasswordCommon,
    /// The new password is the current one.
    PasswordUnchanged,
    /// The current password given is not the account's.
    WrongCurrentPassword,
    /// A username is 3 to 64 lower-case letters, digits, `.`, `-` or `_`,
    /// starting with a letter.
    UsernameShape,
    /// A photo is larger than `max_mb` MB.
    PhotoTooLarge { max_mb: u64 },

    // ---- One line of an imported file (in `errors[].code`, the field
    // naming the line).
    /// The column is empty.
    ColumnEmpty { column: String },
    /// The file has no such column, and it is required.
    ColumnMissing { column: String },
    /// The column's value names nothing known (a category, channel,
    /// kelurahan, status, role or unit).
    UnknownValue { column: String, value: String },
    /// The value names `count` units; the code tells them apart.
    AmbiguousValue {
        column: String,
        value: String,
        count: u32,
    },
    /// Neither RFC 3339 nor M/D/YYYY H:MM.
    BadTime { column: String, value: String },
    /// The time lies in the future.
    InFuture { column: String },
    /// A done report needs its completion time.
    CompleteRequired,
    /// A completion time on a report that is not done.
    CompleteButNotDone { status: ReportStatus },
    /// The completion lies before the report arrived.
    CompleteBeforeReceived,
    /// Not a positive whole number.
    NotAPositiveNumber { column: String, value: String },
    /// Not a coordinate.
    NotACoordinate { column: String, value: String },
    /// Latitude and longitude come together.
    LatLonTogether,
    /// The column's text is longer than `max` characters.
    ColumnTooLong { column: String, max: u64 },
    /// The line cannot be read as CSV.
    RowUnreadable,
    /// The same value is also on an earlier line.
    RepeatedOnLine {
        column: String,
        value: String,
        line: u64,
    },
    /// A report with this number exists already.
    ReportExists { number: i64 },
    /// The username is taken (usernames are never reused).
    UsernameTaken { username: String },
    /// The file has no rows under its header.
    NoRows,
}

impl Message {
    /// Every message, each with default parameters (for catalogues and tests).
    pub fn iter() -> impl Iterator<Item = Message> {
        <Message as strum::IntoEnumIterator>::iter()
    }

    /// The code and the parameters, as they go on the wire.
    pub fn parts(&self) -> (String, Option<Value>) {
        match serde_json::to_value(self) {
            Ok(Value::String(code)) => (code, None),
            Ok(Value::Object(o)) => o
                .into_iter()
                .next()
                .map_or((String::new(), None), |(code, params)| (code, Some(params))),
            _ => (String::new(), None),
        }
    }

    /// The stable machine code, e.g. `report_not_found`.
    pub fn code(&self) -> String {
        self.parts().0
    }

    /// The parameters, when the message has any.
    pub fn params(&self) -> Option<Value> {
        self.parts().1
    }

    /// The message a code and its parameters name, if this version knows it.
    pub fn from_parts(code: &str, params: Option<&Value>) -> Option<Message> {
        let plain = match params {
            None | Some(Value::Null) => Value::String(code.to_string()),
            Some(p) => {
                let mut o = serde_json::Map::new();
                o.insert(code.to_string(), p.clone());
                Value::Object(o)
            }
        };
        serde_json::from_value(plain).ok()
    }
}

fn act(a: ActionKind) -> &'static str {
    match a {
        ActionKind::Arrive => "receive it",
        ActionKind::TakeUp => "take it up",
        ActionKind::Dispose => "hand it on",
        ActionKind::Coordinate => "start a coordination",
        ActionKind::Release => "end a coordination",
        ActionKind::FollowUp => "add a follow-up",
        ActionKind::Complete => "complete it",
        ActionKind::Approve => "approve a completion",
        ActionKind::Reject => "reject a completion",
        ActionKind::SetEstimate => "set a completion estimate",
        ActionKind::Reopen => "reopen it",
        ActionKind::Comment => "comment on it",
        ActionKind::Rate => "rate it",
        ActionKind::Assign => "assign it",
        ActionKind::Close => "close it without work",
        ActionKind::Correct => "correct its category or kelurahan",
    }
}

impl fmt::Display for Message {
    /// The English text, for integrators (the `detail` of a problem).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Message::*;
        match self {
            BadRequest => f.write_str("the request cannot be read"),
            Invalid => f.write_str("some fields are not valid"),
            Unauthorized => f.write_str("authentication required"),
            Forbidden => f.write_str("not allowed"),
            PasswordChangeRequired => {
                f.write_str("change your temporary password first (POST /api/v1/auth/password)")
            }
            NotFound => f.write_str("not found"),
            MethodNotAllowed => f.write_str("this method is not allowed here"),
            Conflict => f.write_str("this conflicts with what is stored"),
            PayloadTooLarge => f.write_str("the body is too large"),
            RequestTimeout => f.write_str("the request body did not arrive in time"),
            UnsupportedMediaType => f.write_str("the body's media type is not accepted here"),
            TooManyRequests { retry_after } => {
                write!(f, "too many requests; try again in {retry_after} s")
            }
            Busy { retry_after } => {
                write!(f, "the server is busy; try again in {retry_after} s")
            }
            Unavailable => f.write_str("the service is unavailable"),
            Internal => f.write_str("An unexpected error occurred; it has been logged."),
            SignInFailed => f.write_str("wrong username or password"),
            SignInFirst => {
                f.write_str("sign in first: send the header Authorization: Bearer <token>")
            }
            SessionExpired => f.write_str("the session expired or is not valid; sign in again"),
            AccountGone => f.write_str("this account no longer exists or is disabled"),
            AccountWithoutUnit => f.write_str("your account has no unit"),
            ReportNotFound { number } => write!(f, "no report with number {number}"),
            ReportOutOfScope { number } => {
                write!(f, "report {number} is held by a unit outside your scope")
            }
            UnitOutOfScope { unit } => write!(f, "unit {unit} lies outside your scope"),
            CannotFile => f.write_str("this role may not file reports"),
            ReportChanged => f.write_str("the report was changed meanwhile; reload it"),
            HolderOnly { action } => write!(
                f,
                "only an officer or head of the holding unit may {}",
                act(*action)
            ),
            WorkersOnly => f.write_str(
                "only officers of the holding or a coordinating unit may add follow-ups",
            ),
            VerifierOnly { action } => write!(f, "only a verifier may {}", act(*action)),
            MonitoringOnly { action } => write!(
                f,
                "only the Monitoring Room may {}; ask it from the report page",
                act(*action)
            ),
            ReopenNotAllowed => {
                f.write_str("only the Monitoring Room or a verifier may reopen a report")
            }
            HandoverLimit { count } => write!(
                f,
                "the report was handed on {count} times; only the Monitoring Room can move it now"
            ),
            StaffOnly => f.write_str("comments are written by staff"),
            ReporterOnly => f.write_str("only the reporter rates a report"),
            ReportDone { action } => write!(
                f,
                "the report is done (Selesai); no one may {} now",
                act(*action)
            ),
            AwaitingVerification { action } => write!(
                f,
                "the report awaits verification; no one may {} now",
                act(*action)
            ),
            NotWaiting { status } => write!(
                f,
                "only a waiting report can be taken up; it is {}",
                status.label()
            ),
            NotInWork { action } => {
                write!(f, "take the report up (Proses) before you {}", act(*action))
            }
            EvidenceRequired => {
                f.write_str("completing needs a follow-up with at least one photo as evidence")
            }
            NotAwaitingVerification => f.write_str("the report is not awaiting verification"),
            EstimateAlreadySet => {
                f.write_str("a completion estimate was already set; it can be set only once")
            }
            NotDone { action } => write!(
                f,
                "the report is not done (Selesai) yet; no one may {} before it is",
                act(*action)
            ),
            AlreadyRated => f.write_str("the report was already rated"),
            NoCoordination => f.write_str("no unit coordinates on this report"),
            FieldInvalid => f.write_str("is not valid"),
            Required => f.write_str("must not be empty"),
            TooLong { max } => write!(f, "must be at most {max} characters"),
            OutOfRange { min, max } => write!(f, "must be between {min} and {max}"),
            UnknownUnit { unit } => write!(f, "unknown unit {unit}"),
            AlreadyHeld => f.write_str("the report is already held by this unit"),
            CoordinateWithSelf => f.write_str("the holding unit cannot coordinate with itself"),
            AlreadyCoordinating => {
                f.write_str("every unit named already coordinates on this report")
            }
            NotCoordinating => f.write_str("that unit does not coordinate on this report"),
            EstimateInPast => f.write_str("the estimate must lie in the future"),
            EstimateTooFar { days } => write!(f, "the estimate must lie within {days} days"),
            OfficerNotAtHolder => f.write_str("the officer must work at the holding unit"),
            DuplicateOfRequired => f.write_str("name the report this one repeats"),
            DuplicateOfSelf => f.write_str("a report cannot repeat itself"),
            DuplicateOfUnexpected => {
                f.write_str("only a report closed as a duplicate names another")
            }
            NotAnImage => f.write_str("is not a JPEG, PNG or WebP image"),
            NotAnEmail => f.write_str("not an e-mail address"),
            NotAMobileNumber => {
                f.write_str("not an Indonesian mobile number (08…, 628… or +628…)")
            }
            UnitInactive { unit } => write!(f, "unit {unit} is deactivated"),
            StaffRoleOnly => f.write_str(
                "staff accounts have the roles administrator, monitoring, officer, unit_head or verifier",
            ),
            RoleBelongsTo { role, unit } => {
                write!(f, "{} accounts belong to the unit {unit}", role.label())
            }
            PasswordTooShort { min } => write!(f, "must be at least {min} characters long"),
            PasswordIsUsername => f.write_str("must not be the username"),
            PasswordOneCharacter => f.write_str("must not repeat one character"),
            PasswordCommon => f.write_str("is a commonly used password; choose another"),
            PasswordUnchanged => f.write_str("must differ from the current password"),
            WrongCurrentPassword => f.write_str("is not this account's password"),
            UsernameShape => f.write_str(
                "must be 3 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter",
            ),
            PhotoTooLarge { max_mb } => write!(f, "a photo is larger than {max_mb} MB"),
            ColumnEmpty { column } => write!(f, "{column} is empty"),
            ColumnMissing { column } => write!(f, "the required column {column} is missing"),
            UnknownValue { column, value } => write!(f, "{column}: {value} is not known"),
            AmbiguousValue {
                column,
                value,
                count,
            } => write!(f, "{column}: {value} names {count} units; use the code"),
            BadTime { column, value } => write!(
                f,
                "{column}: {value} is neither RFC 3339 nor M/D/YYYY H:MM"
            ),
            InFuture { column } => write!(f, "{column} lies in the future"),
            CompleteRequired => f.write_str("complete is required when the status is complete"),
            CompleteButNotDone { status } => {
                write!(f, "complete is given but the status is {}", status.as_str())
            }
            CompleteBeforeReceived => f.write_str("complete lies before timestamp"),
            NotAPositiveNumber { column, value } => {
                write!(f, "{column}: {value} is not a positive whole number")
            }
            NotACoordinate { column, value } => write!(f, "{column}: {value} is not a coordinate"),
            LatLonTogether => f.write_str("give lat and lon together"),
            ColumnTooLong { column, max } => {
                write!(f, "{column} is longer than {max} characters")
            }
            RowUnreadable => f.write_str("the line cannot be read"),
            RepeatedOnLine {
                column,
                value,
                line,
            } => write!(f, "{column} {value} is also on line {line}"),
            ReportExists { number } => write!(f, "report {number} already exists"),
            NoRows => f.write_str("the file has no rows under its header"),
            UsernameTaken { username } => {
                write!(f, "username {username} is taken (usernames are never reused)")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_message_has_a_unique_code_and_round_trips_through_its_parts() {
        let mut seen = HashSet::new();
        for m in Message::iter() {
            let code = m.code();
            assert!(!code.is_empty(), "{m:?} has no code");
            assert!(seen.insert(code.clone()), "code {code} is used twice");
            assert_eq!(
                Message::from_parts(&code, m.params().as_ref()),
                Some(m.clone()),
                "{code} does not read back"
            );
            let english = m.to_string();
            assert!(
                !english.is_empty() && !english.contains('`'),
                "{code}: {english}"
            );
        }
        assert!(seen.len() > 60);
    }

    #[test]
    fn parameters_travel_by_name() {
        let m = Message::ReportNotFound { number: 42 };
        assert_eq!(m.code(), "report_not_found");
        assert_eq!(m.params(), Some(serde_json::json!({ "number": 42 })));
        assert_eq!(Message::SignInFailed.params(), None);
        assert_eq!(Message::from_parts("no_such_code", None), None);
    }
}
