//! Stable codes of problems the campaigns services report (`CampaignErrorCode` in the schema).

use kernel::error::codes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignErrorCode {
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
    /// The referenced campaign, association, enterprise or project does not exist or is not
    /// visible.
    UnknownReference,
    /// The object is not in a state that allows this step.
    InvalidTransition,
    /// At least one option must be chosen.
    ChoiceRequired,
    /// The declared number of participating projects differs from the project list.
    ProjectCountMismatch,
    /// The pledge (承诺) must be accepted to submit the association form.
    PledgeRequired,
    /// Not an e-mail address.
    InvalidEmail,
    /// A date lies outside the campaign.
    OutsideCampaign,
    /// A community event must be applied for at least 28 days ahead.
    TooLateToApply,
    /// The fair or event has not started yet.
    TooEarly,
    /// A reason is required for this decision.
    ReasonRequired,
    /// A place is required: a project or an address.
    PlaceRequired,
    /// An enterprise without an association cannot do this (fairs count for associations).
    NoAssociation,
    /// The person reference looks like a name or an ID number.
    NotPseudonymous,
    /// The period does not start where a period of its kind starts, or has not started yet.
    InvalidPeriod,
}

impl CampaignErrorCode {
    pub const ALL: [CampaignErrorCode; 24] = [
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
        Self::InvalidTransition,
        Self::ChoiceRequired,
        Self::ProjectCountMismatch,
        Self::PledgeRequired,
        Self::InvalidEmail,
        Self::OutsideCampaign,
        Self::TooLateToApply,
        Self::TooEarly,
        Self::ReasonRequired,
        Self::PlaceRequired,
        Self::NoAssociation,
        Self::NotPseudonymous,
        Self::InvalidPeriod,
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
            Self::InvalidTransition => "INVALID_TRANSITION",
            Self::ChoiceRequired => "CHOICE_REQUIRED",
            Self::ProjectCountMismatch => "PROJECT_COUNT_MISMATCH",
            Self::PledgeRequired => "PLEDGE_REQUIRED",
            Self::InvalidEmail => "INVALID_EMAIL",
            Self::OutsideCampaign => "OUTSIDE_CAMPAIGN",
            Self::TooLateToApply => "TOO_LATE_TO_APPLY",
            Self::TooEarly => "TOO_EARLY",
            Self::ReasonRequired => "REASON_REQUIRED",
            Self::PlaceRequired => "PLACE_REQUIRED",
            Self::NoAssociation => "NO_ASSOCIATION",
            Self::NotPseudonymous => "NOT_PSEUDONYMOUS",
            Self::InvalidPeriod => "INVALID_PERIOD",
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
    fn every_code_round_trips_and_kernel_codes_are_included() {
        for code in CampaignErrorCode::ALL {
            assert_eq!(CampaignErrorCode::from_code(code.as_str()), code);
        }
        for code in [
            codes::INVALID,
            codes::BLANK,
            codes::TOO_LONG,
            codes::OUT_OF_RANGE,
            codes::INVALID_ID,
            codes::INVALID_PHONE,
            codes::INVALID_REGION,
            codes::TOO_MANY,
            codes::TAKEN,
            codes::CONTROL_CHARACTER,
        ] {
            assert_eq!(CampaignErrorCode::from_code(code).as_str(), code);
        }
    }
}
