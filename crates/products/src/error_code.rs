//! Stable codes of problems the products services report (`ProductErrorCode` in the schema).

kernel::error_codes! {
    /// 产品错误代码: stable codes of products `userErrors`.
    pub enum ProductErrorCode {
        /// The referenced supplier, product, store or project does not exist or is not visible.
        UnknownReference = "UNKNOWN_REFERENCE",
        /// Not a valid unified social credit code (统一社会信用代码; the check character is verified).
        InvalidUscc = "INVALID_USCC",
        /// The region is not a county-level region.
        NotACounty = "NOT_A_COUNTY",
        /// The certification is not in a state that allows this step.
        InvalidTransition = "INVALID_TRANSITION",
        /// The public-notice period (公示期) has not ended yet.
        PublicityNotOver = "PUBLICITY_NOT_OVER",
        /// Not enough stock available.
        InsufficientStock = "INSUFFICIENT_STOCK",
        /// The product has an open or valid certification already.
        AlreadyApplied = "ALREADY_APPLIED",
        /// A comment (reason) is required for this decision.
        CommentRequired = "COMMENT_REQUIRED",
        /// The product cannot be listed (not ACTIVE, or a custom product of another enterprise).
        NotSellable = "NOT_SELLABLE",
    }
}
