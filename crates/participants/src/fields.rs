//! Checks shared by the participants forms: optional phones and regions, and the mapping of a
//! unique-index collision to a `TAKEN` problem on the field that collided.

use kernel::error::{Problems, codes};
use kernel::region::{self, RegionLevel};
use kernel::{DomainError, DomainResult, Message, Phone};
use sea_orm::ConnectionTrait;

/// A checked optional value: `Some(None)` when the caller left it blank, `Some(Some(v))` when
/// valid, `None` when a problem was recorded.
pub type Checked<T> = Option<Option<T>>;

pub fn optional_phone(
    problems: &mut Problems,
    field: &str,
    input: Option<&str>,
) -> Checked<String> {
    match input.map(str::trim) {
        None | Some("") => Some(None),
        Some(p) => problems
            .take(Phone::parse(&[field], p))
            .map(|p| Some(p.as_str().to_owned())),
    }
}

pub async fn optional_region(
    conn: &impl ConnectionTrait,
    problems: &mut Problems,
    field: &str,
    input: Option<&str>,
    levels: &[RegionLevel],
) -> DomainResult<Checked<String>> {
    match input.map(str::trim) {
        None | Some("") => Ok(Some(None)),
        Some(code) => match region::resolve(conn, &[field], code, levels).await {
            Ok(r) => Ok(Some(Some(r.code))),
            Err(DomainError::Invalid(list)) => {
                list.into_iter().for_each(|p| problems.push(p));
                Ok(None)
            }
            Err(e) => Err(e),
        },
    }
}

pub const ANY_LEVEL: [RegionLevel; 3] = [
    RegionLevel::Province,
    RegionLevel::City,
    RegionLevel::County,
];

/// Turns a unique-index collision into a `TAKEN` problem on `field`.
pub fn taken(field: &'static str) -> impl Fn(DomainError) -> DomainError {
    move |err| match err {
        DomainError::Conflict => DomainError::invalid(
            &[field],
            codes::TAKEN,
            Message::new("已存在同名记录", "this name is already taken"),
        ),
        other => other,
    }
}
