//! The stable codes of a `DomainError`, so that tests assert what a client would be told.

use kernel::DomainError;

/// The first problem's code, or the kind of error.
pub fn code(err: &DomainError) -> &str {
    match err {
        DomainError::Invalid(p) => p[0].code,
        DomainError::Forbidden => "FORBIDDEN",
        DomainError::NotFound => "NOT_FOUND",
        DomainError::Conflict => "CONFLICT",
        DomainError::Contention(_) => "RETRY",
        DomainError::Database(_) => "DATABASE",
    }
}

/// The codes of an `Invalid` error's problems, in order (none for other errors).
pub fn codes(err: &DomainError) -> Vec<&'static str> {
    match err {
        DomainError::Invalid(problems) => problems.iter().map(|p| p.code).collect(),
        _ => Vec::new(),
    }
}

/// Every problem of an `Invalid` error as `field.path CODE`, sorted; another error as itself.
pub fn problems(err: &DomainError) -> Vec<String> {
    let mut out: Vec<String> = match err {
        DomainError::Invalid(list) => list
            .iter()
            .map(|p| format!("{} {}", p.field.join("."), p.code))
            .collect(),
        other => vec![format!("{other:?}")],
    };
    out.sort();
    out
}
