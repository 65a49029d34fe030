//! Stable codes of problems the ledger services report (`LedgerErrorCode` in the schema).

use kernel::error::codes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerErrorCode {
    Invalid,
    Blank,
    TooLong,
    OutOfRange,
    InvalidId,
    TooMany,
    Taken,
    /// The referenced product, project, household, fair or entry does not exist or is not
    /// visible.
    UnknownReference,
    /// A refund or correction would take its sale below zero.
    ExceedsOriginal,
    /// Only a SALE entry can be refunded or corrected.
    NotASale,
    /// The row or fair is not in a state that allows this step.
    InvalidTransition,
    /// A reason is required (rejecting a reported row).
    ReasonRequired,
    /// The same external order line was reported before with different content.
    ConflictingResubmission,
    /// The row names no known product, so it cannot be counted.
    UnknownProduct,
    /// The date lies outside the fair.
    OutsideFair,
    /// The fair has not started yet.
    TooEarly,
}

impl LedgerErrorCode {
    pub const ALL: [LedgerErrorCode; 16] = [
        Self::Invalid,
        Self::Blank,
        Self::TooLong,
        Self::OutOfRange,
        Self::InvalidId,
        Self::TooMany,
        Self::Taken,
        Self::UnknownReference,
        Self::ExceedsOriginal,
        Self::NotASale,
        Self::InvalidTransition,
        Self::ReasonRequired,
        Self::ConflictingResubmission,
        Self::UnknownProduct,
        Self::OutsideFair,
        Self::TooEarly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invalid => codes::INVALID,
            Self::Blank => codes::BLANK,
            Self::TooLong => codes::TOO_LONG,
            Self::OutOfRange => codes::OUT_OF_RANGE,
            Self::InvalidId => codes::INVALID_ID,
            Self::TooMany => codes::TOO_MANY,
            Self::Taken => codes::TAKEN,
            Self::UnknownReference => "UNKNOWN_REFERENCE",
            Self::ExceedsOriginal => "EXCEEDS_ORIGINAL",
            Self::NotASale => "NOT_A_SALE",
            Self::InvalidTransition => "INVALID_TRANSITION",
            Self::ReasonRequired => "REASON_REQUIRED",
            Self::ConflictingResubmission => "CONFLICTING_RESUBMISSION",
            Self::UnknownProduct => "UNKNOWN_PRODUCT",
            Self::OutsideFair => "OUTSIDE_FAIR",
            Self::TooEarly => "TOO_EARLY",
        }
    }

    /// The code for a problem's code string; unknown strings fall back to `Invalid` so that a
    /// new kernel code never becomes a server error.
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
    fn every_code_round_trips() {
        for code in LedgerErrorCode::ALL {
            assert_eq!(LedgerErrorCode::from_code(code.as_str()), code);
        }
        assert_eq!(
            LedgerErrorCode::from_code("SOMETHING_NEW"),
            LedgerErrorCode::Invalid
        );
    }
}
