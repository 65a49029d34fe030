//! Stable codes of problems the products services report (`ProductErrorCode` in the schema).

use kernel::error::codes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProductErrorCode {
    Invalid,
    Blank,
    TooLong,
    OutOfRange,
    InvalidId,
    InvalidPhone,
    InvalidRegion,
    TooMany,
    Taken,
    /// A text holds a control character (NUL, ESC, …; tab and line breaks in one-line text).
    ControlCharacter,
    /// The referenced supplier, product, store or project does not exist or is not visible.
    UnknownReference,
    /// Not a valid unified social credit code.
    InvalidUscc,
    /// The region is not a county-level region.
    NotACounty,
    /// The certification is not in a state that allows this step.
    InvalidTransition,
    /// The public-notice period has not ended yet.
    PublicityNotOver,
    /// Not enough stock available.
    InsufficientStock,
    /// A product with an open or valid certification cannot apply again.
    AlreadyApplied,
    /// A comment (reason) is required for this decision.
    CommentRequired,
    /// The product cannot be activated (missing weight, price, …) or listed (not active).
    NotSellable,
}

impl ProductErrorCode {
    pub const ALL: [ProductErrorCode; 19] = [
        Self::Invalid,
        Self::Blank,
        Self::TooLong,
        Self::OutOfRange,
        Self::InvalidId,
        Self::InvalidPhone,
        Self::InvalidRegion,
        Self::TooMany,
        Self::Taken,
        Self::ControlCharacter,
        Self::UnknownReference,
        Self::InvalidUscc,
        Self::NotACounty,
        Self::InvalidTransition,
        Self::PublicityNotOver,
        Self::InsufficientStock,
        Self::AlreadyApplied,
        Self::CommentRequired,
        Self::NotSellable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invalid => codes::INVALID,
            Self::Blank => codes::BLANK,
            Self::TooLong => codes::TOO_LONG,
            Self::OutOfRange => codes::OUT_OF_RANGE,
            Self::InvalidId => codes::INVALID_ID,
            Self::InvalidPhone => codes::INVALID_PHONE,
            Self::InvalidRegion => codes::INVALID_REGION,
            Self::TooMany => codes::TOO_MANY,
            Self::Taken => codes::TAKEN,
            Self::ControlCharacter => codes::CONTROL_CHARACTER,
            Self::UnknownReference => "UNKNOWN_REFERENCE",
            Self::InvalidUscc => "INVALID_USCC",
            Self::NotACounty => "NOT_A_COUNTY",
            Self::InvalidTransition => "INVALID_TRANSITION",
            Self::PublicityNotOver => "PUBLICITY_NOT_OVER",
            Self::InsufficientStock => "INSUFFICIENT_STOCK",
            Self::AlreadyApplied => "ALREADY_APPLIED",
            Self::CommentRequired => "COMMENT_REQUIRED",
            Self::NotSellable => "NOT_SELLABLE",
        }
    }

    /// Unknown strings fall back to `Invalid`, so a new kernel code never becomes a fault.
    pub fn from_code(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == code)
            .unwrap_or(Self::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in ProductErrorCode::ALL {
            assert_eq!(ProductErrorCode::from_code(code.as_str()), code);
        }
    }
}
