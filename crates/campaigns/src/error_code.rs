//! Stable codes of problems the campaigns services report (`CampaignErrorCode` in the schema).

kernel::error_codes! {
    /// 战役错误代码: stable codes of campaigns `userErrors`.
    pub enum CampaignErrorCode {
        /// 引用无效: the referenced campaign, association, enterprise or project does not exist or is not visible.
        UnknownReference = "UNKNOWN_REFERENCE",
        /// 状态不允许: the object's state does not allow this step.
        InvalidTransition = "INVALID_TRANSITION",
        /// 至少选一项: at least one option must be chosen.
        ChoiceRequired = "CHOICE_REQUIRED",
        /// 项目数不符: the declared number of participating projects differs from the project list.
        ProjectCountMismatch = "PROJECT_COUNT_MISMATCH",
        /// 须接受承诺: the pledge must be accepted to submit.
        PledgeRequired = "PLEDGE_REQUIRED",
        /// 无效邮箱: not an e-mail address.
        InvalidEmail = "INVALID_EMAIL",
        /// 超出战役期间: a date lies outside the campaign.
        OutsideCampaign = "OUTSIDE_CAMPAIGN",
        /// 申请过晚: community events are applied for at least 28 days ahead.
        TooLateToApply = "TOO_LATE_TO_APPLY",
        /// 尚未开始: the fair or event has not started yet.
        TooEarly = "TOO_EARLY",
        /// 须说明原因: a reason is required for this decision.
        ReasonRequired = "REASON_REQUIRED",
        /// 须填地点: give a project or an address.
        PlaceRequired = "PLACE_REQUIRED",
        /// 未加入协会: the enterprise belongs to no association (fairs count for associations).
        NoAssociation = "NO_ASSOCIATION",
        /// 非化名: the person reference looks like a name or an ID number.
        NotPseudonymous = "NOT_PSEUDONYMOUS",
        /// 报告期无效: the period does not start where a period of its kind starts, or has not started yet.
        InvalidPeriod = "INVALID_PERIOD",
    }
}
