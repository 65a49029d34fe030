//! The stable codes of problems the participants services report; the gateway exposes them as
//! the `ParticipantErrorCode` enum.

use kernel::error::codes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParticipantErrorCode {
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
    /// The referenced project, team or household does not exist or is not visible.
    UnknownReference,
    /// The household is already in a team.
    AlreadyInTeam,
    /// The household is in no team / not in this team.
    NotInTeam,
    /// Team and household belong to different projects.
    ProjectMismatch,
    /// The credential has been revoked already.
    AlreadyRevoked,
}

impl ParticipantErrorCode {
    pub const ALL: [ParticipantErrorCode; 15] = [
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
        Self::AlreadyInTeam,
        Self::NotInTeam,
        Self::ProjectMismatch,
        Self::AlreadyRevoked,
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
            Self::AlreadyInTeam => "ALREADY_IN_TEAM",
            Self::NotInTeam => "NOT_IN_TEAM",
            Self::ProjectMismatch => "PROJECT_MISMATCH",
            Self::AlreadyRevoked => "ALREADY_REVOKED",
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
    fn every_kernel_code_has_a_participant_code() {
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
            assert_eq!(ParticipantErrorCode::from_code(code).as_str(), code);
        }
    }
}
