//! Spreadsheet formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is taken as a formula by Excel, LibreOffice and Numbers. Text cells get a
//! leading apostrophe, which spreadsheets show as nothing and read as "this is text". Numbers
//! the export itself formats (a refund's −2) are written as they are: they come from the
//! ledger's integers, not from a person.

use std::borrow::Cow;

pub fn safe(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn formulas_become_text() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(safe(bad), format!("'{bad}"));
        }
        for good in ["合肥市", "1", "a=b", ""] {
            assert_eq!(safe(good), good);
        }
    }
}
