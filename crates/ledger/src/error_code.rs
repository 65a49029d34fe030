//! Stable codes of problems the ledger services report (`LedgerErrorCode` in the schema).

kernel::error_codes! {
    /// 台账错误代码: stable codes of ledger `userErrors`.
    pub enum LedgerErrorCode {
        /// 引用无效: the product, project, household, fair or entry does not exist or is not visible.
        UnknownReference = "UNKNOWN_REFERENCE",
        /// 超出原销售: a refund or correction would take its sale below zero.
        ExceedsOriginal = "EXCEEDS_ORIGINAL",
        /// 非销售条目: only a SALE entry can be refunded or corrected.
        NotASale = "NOT_A_SALE",
        /// 状态不允许: the row or fair is not in a state that allows this.
        InvalidTransition = "INVALID_TRANSITION",
        /// 须说明原因: a reason is required to reject.
        ReasonRequired = "REASON_REQUIRED",
        /// 重复上报且内容不同: the external order line was reported before with different content.
        ConflictingResubmission = "CONFLICTING_RESUBMISSION",
        /// 产品未识别: the row names no known product and cannot be counted.
        UnknownProduct = "UNKNOWN_PRODUCT",
        /// 不在市集期间: the day lies outside the fair.
        OutsideFair = "OUTSIDE_FAIR",
        /// 尚未开始: the fair has not started yet.
        TooEarly = "TOO_EARLY",
    }
}
