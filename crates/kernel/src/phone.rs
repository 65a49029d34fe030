//! Mainland China mobile numbers: parsed once at the edge, shown masked to everyone but the
//! owning enterprise's admins, never logged in full.

use std::fmt;

use crate::error::{Message, Problem, codes};

/// A mainland mobile number, 11 digits starting with 1[3-9].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Accepts common spellings: `13800138000`, `138 0013 8000`, `138-0013-8000`,
    /// `+86 13800138000`, `8613800138000`.
    pub fn parse(field: &[&str], input: &str) -> Result<Self, Problem> {
        let digits: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '+' | '(' | ')'))
            .collect();
        let digits = match digits.strip_prefix("86") {
            Some(rest) if rest.len() == 11 => rest.to_owned(),
            _ => digits,
        };
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if !valid {
            return Err(Problem::new(
                field,
                codes::INVALID_PHONE,
                Message::new(
                    "不是有效的中国大陆手机号（11 位，以 13–19 开头）",
                    "not a valid mainland China mobile number (11 digits starting 13-19)",
                ),
            ));
        }
        Ok(Self(digits))
    }

    /// Trusts a value that was parsed before it was stored.
    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****8000`: enough for a person to recognise, not enough to call.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

/// Masks any stored phone-like string, keeping the first three and last four characters.
pub fn mask_phone(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// Debug output is masked so that a stray `{:?}` in a log line leaks nothing.
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_parse_to_eleven_digits() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "8613800138000",
        ] {
            assert_eq!(
                Phone::parse(&["p"], input).unwrap().as_str(),
                "13800138000",
                "{input}"
            );
        }
    }

    #[test]
    fn non_mobile_numbers_are_rejected() {
        for input in [
            "",
            "1380013800",
            "23800138000",
            "12800138000",
            "1380013800a",
            "010-12345678",
            "138001380001",
        ] {
            let err = Phone::parse(&["input", "mobile"], input).unwrap_err();
            assert_eq!(err.code, codes::INVALID_PHONE, "{input}");
            assert_eq!(err.field, vec!["input", "mobile"]);
        }
    }

    #[test]
    fn masking_keeps_head_and_tail_only() {
        let phone = Phone::parse(&["p"], "13800138000").unwrap();
        assert_eq!(phone.masked(), "138****8000");
        assert_eq!(format!("{phone:?}"), "Phone(138****8000)");
    }
}
