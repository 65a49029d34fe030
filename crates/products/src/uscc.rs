//! 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-symbol
//! alphabet, the last a check character over the first 17.

use kernel::{Message, Problem};

use crate::ProductErrorCode;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code whose check character is right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uscc(String);

impl Uscc {
    pub fn parse(field: &[&str], input: &str) -> Result<Self, Problem> {
        let code = input.trim().to_ascii_uppercase();
        if check(&code) {
            Ok(Self(code))
        } else {
            Err(Problem::new(
                field,
                ProductErrorCode::InvalidUscc.as_str(),
                Message::new(
                    "统一社会信用代码无效（18 位，末位校验码须正确）",
                    "not a valid unified social credit code (18 characters with a correct check character)",
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Completes the first 17 characters of a code with its check character (for demo data and
    /// tests); `None` when they are not 17 characters of the alphabet.
    pub fn complete(base: &str) -> Option<Self> {
        let bytes = base.as_bytes();
        if bytes.len() != 17 {
            return None;
        }
        let mut sum = 0;
        for (c, w) in bytes.iter().zip(WEIGHTS) {
            sum += value(*c)? * w;
        }
        let check = ALPHABET[usize::try_from((31 - sum % 31) % 31).ok()?];
        Some(Self(format!("{base}{}", char::from(check))))
    }
}

fn value(c: u8) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|a| *a == c)
        .and_then(|p| u32::try_from(p).ok())
}

fn check(code: &str) -> bool {
    let bytes = code.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in bytes[..17].iter().zip(WEIGHTS) {
        match value(*c) {
            Some(v) => sum += v * w,
            None => return false,
        }
    }
    let expected = (31 - sum % 31) % 31;
    value(bytes[17]) == Some(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completed_codes_pass_the_check() {
        let code = Uscc::complete("93510727MA62XY001").unwrap();
        assert_eq!(code.as_str().len(), 18);
        assert!(Uscc::parse(&["uscc"], code.as_str()).is_ok());
        assert_eq!(
            Uscc::complete("91350100M000100Y4").unwrap().as_str(),
            "91350100M000100Y43"
        );
        assert!(Uscc::complete("short").is_none());
    }

    #[test]
    fn valid_codes_pass_and_a_changed_character_fails() {
        for ok in [
            "91350100M000100Y43",
            "91110000100005220B",
            "911100001000088888",
        ] {
            let parsed = Uscc::parse(&["uscc"], ok);
            if ok == "911100001000088888" {
                assert!(parsed.is_err(), "{ok} has a wrong check character");
            } else {
                assert_eq!(parsed.unwrap().as_str(), ok);
            }
        }
        assert!(Uscc::parse(&["uscc"], "91350100M000100Y44").is_err());
        assert!(Uscc::parse(&["uscc"], "91350100M000100Y4").is_err());
        assert!(
            Uscc::parse(&["uscc"], "91350100I000100Y43").is_err(),
            "I is not in the alphabet"
        );
        assert_eq!(
            Uscc::parse(&["uscc"], " 91350100m000100y43 ")
                .unwrap()
                .as_str(),
            "91350100M000100Y43"
        );
    }
}
