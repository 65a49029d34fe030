//! The error every domain service returns.
//!
//! Callers can fix `Invalid` (it carries one [`Problem`] per bad field, all at once); `NotFound`
//! also covers "exists but belongs to another tenant" so ids are never confirmed across tenants;
//! `Contention` means another writer held what this one needed and the same request may simply
//! be sent again; `Database` is a fault the gateway logs in full and reports only as `INTERNAL`.

use sea_orm::{DbErr, SqlErr};

use crate::text::Lines;

/// A message in the campaign's two languages: Chinese by default, English on request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// One thing wrong with a caller's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path into the input, e.g. `["input", "rows", "3", "mobile"]`.
    pub field: Vec<String>,
    /// Stable SCREAMING_SNAKE_CASE code; the gateway maps it to the domain's error-code enum.
    pub code: &'static str,
    pub message: Message,
}

impl Problem {
    pub fn new(field: &[&str], code: &'static str, message: Message) -> Self {
        Self {
            field: field.iter().map(|s| (*s).to_owned()).collect(),
            code,
            message,
        }
    }

    /// The same problem, with `prefix` put in front of its field path.
    pub fn under(mut self, prefix: &[&str]) -> Self {
        let mut field: Vec<String> = prefix.iter().map(|s| (*s).to_owned()).collect();
        field.append(&mut self.field);
        self.field = field;
        self
    }
}

/// Codes that kernel value types produce; every domain's code enum includes them.
pub mod codes {
    pub const INVALID: &str = "INVALID";
    pub const BLANK: &str = "BLANK";
    pub const TOO_LONG: &str = "TOO_LONG";
    pub const OUT_OF_RANGE: &str = "OUT_OF_RANGE";
    pub const INVALID_ID: &str = "INVALID_ID";
    pub const INVALID_PHONE: &str = "INVALID_PHONE";
    pub const INVALID_REGION: &str = "INVALID_REGION";
    pub const TOO_MANY: &str = "TOO_MANY";
    pub const TAKEN: &str = "TAKEN";
    /// A text holds a control character (see [`crate::text`]).
    pub const CONTROL_CHARACTER: &str = crate::text::CONTROL_CHARACTER;
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// Does not exist, or is not visible to this actor.
    #[error("not found")]
    NotFound,
    /// The actor's role may not do this at all.
    #[error("forbidden")]
    Forbidden,
    /// Input the caller can fix; every problem found, not just the first.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<Problem>),
    /// A uniqueness rule the caller raced against (the database said so).
    #[error("conflict with existing data")]
    Conflict,
    /// Another writer held the lock this one needed for too long (SQLite busy, a PostgreSQL
    /// deadlock or lock timeout). Nothing was written; the same request can be retried.
    #[error("busy: {0}")]
    Contention(DbErr),
    #[error("database error: {0}")]
    Database(DbErr),
}

impl DomainError {
    pub fn invalid(field: &[&str], code: &'static str, message: Message) -> Self {
        Self::Invalid(vec![Problem::new(field, code, message)])
    }
}

impl From<DbErr> for DomainError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => DomainError::Conflict,
            _ if crate::db::is_contention(&err) => DomainError::Contention(err),
            _ => DomainError::Database(err),
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

/// Collects problems while checking an input, so that all of them are reported at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Keeps the value of `result`, or records its problem and returns `None`.
    pub fn take<T>(&mut self, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(problem) => {
                self.0.push(problem);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` if nothing was wrong, else every problem as one `Invalid` error.
    pub fn finish(self) -> DomainResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.0))
        }
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// Trims `value` and checks it is not blank, at most `max` characters long, and one line
/// without control characters.
pub fn required_text(field: &[&str], value: &str, max: usize) -> Result<String, Problem> {
    required(field, value, max, Lines::One)
}

/// Trims `value`; blank becomes `None`; longer than `max` characters, or a control character
/// (tab and line breaks included), is a problem.
pub fn optional_text(
    field: &[&str],
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, Problem> {
    optional(field, value, max, Lines::One)
}

/// As [`required_text`], for text with lines (a summary, a reason): tab and line breaks are
/// kept, other control characters refused.
pub fn required_multiline_text(field: &[&str], value: &str, max: usize) -> Result<String, Problem> {
    required(field, value, max, Lines::Many)
}

/// As [`optional_text`], for text with lines (a description, a comment).
pub fn optional_multiline_text(
    field: &[&str],
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, Problem> {
    optional(field, value, max, Lines::Many)
}

fn required(field: &[&str], value: &str, max: usize, lines: Lines) -> Result<String, Problem> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Problem::new(
            field,
            codes::BLANK,
            Message::new("不能为空", "must not be blank"),
        ));
    }
    bounded(field, trimmed, max, lines)
}

fn optional(
    field: &[&str],
    value: Option<&str>,
    max: usize,
    lines: Lines,
) -> Result<Option<String>, Problem> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(field, v, max, lines).map(Some),
    }
}

/// Leading and trailing white space (a pasted line break, say) is trimmed before the check, as
/// it always was; a control character inside the text is refused.
fn bounded(field: &[&str], value: &str, max: usize, lines: Lines) -> Result<String, Problem> {
    crate::text::check(field, value, lines)?;
    if value.chars().count() > max {
        return Err(Problem::new(
            field,
            codes::TOO_LONG,
            Message::new(
                format!("不能超过 {max} 个字符"),
                format!("must be at most {max} characters"),
            ),
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required_text(&["name"], "  合肥  ", 10).unwrap(), "合肥");
        assert_eq!(
            required_text(&["name"], "   ", 10).unwrap_err().code,
            codes::BLANK
        );
        assert_eq!(
            required_text(&["name"], "一二三四五六", 5)
                .unwrap_err()
                .code,
            codes::TOO_LONG
        );
        assert_eq!(optional_text(&["x"], Some(" "), 5).unwrap(), None);
    }

    #[test]
    fn single_line_text_refuses_every_control_character_and_multiline_keeps_line_breaks() {
        let code = |r: Result<String, Problem>| r.map_err(|p| p.code);
        assert_eq!(
            code(required_text(&["name"], "滨湖\0花园", 50)),
            Err(codes::CONTROL_CHARACTER)
        );
        assert_eq!(
            code(required_text(&["name"], "滨湖\n花园", 50)),
            Err(codes::CONTROL_CHARACTER)
        );
        assert_eq!(
            code(required_text(&["name"], " 滨湖花园\n", 50)),
            Ok("滨湖花园".into())
        );
        assert_eq!(
            code(required_multiline_text(
                &["summary"],
                "第一行\n\t第二行",
                50
            )),
            Ok("第一行\n\t第二行".into())
        );
        assert_eq!(
            code(required_multiline_text(&["summary"], "a\u{85}b", 50)),
            Err(codes::CONTROL_CHARACTER)
        );
        assert_eq!(
            optional_multiline_text(&["c"], Some("a\u{1b}[31m"), 50).map_err(|p| p.field),
            Err(vec!["c".to_owned()])
        );
    }

    #[test]
    fn problems_are_collected_not_short_circuited() {
        let mut problems = Problems::new();
        problems.take(required_text(&["a"], "", 5));
        problems.take(required_text(&["b"], "", 5));
        match problems.finish() {
            Err(DomainError::Invalid(list)) => assert_eq!(list.len(), 2),
            other => panic!("expected two problems, got {other:?}"),
        }
    }
}
