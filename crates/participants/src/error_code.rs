//! The stable codes of problems the participants services report; the gateway exposes them as
//! the `ParticipantErrorCode` enum.

kernel::error_codes! {
    /// 参与方错误代码: stable codes of participants `userErrors`.
    pub enum ParticipantErrorCode {
        /// The referenced object does not exist or is not visible.
        UnknownReference = "UNKNOWN_REFERENCE",
        /// The household is already in a team.
        AlreadyInTeam = "ALREADY_IN_TEAM",
        /// The household is in no team.
        NotInTeam = "NOT_IN_TEAM",
        /// Team and household belong to different projects.
        ProjectMismatch = "PROJECT_MISMATCH",
        /// The credential is revoked already.
        AlreadyRevoked = "ALREADY_REVOKED",
    }
}
