//! Stable codes of problems the procurement services report (`ProcurementErrorCode`).

kernel::error_codes! {
    /// 集采错误代码: stable codes of group-buy and procurement `userErrors`.
    pub enum ProcurementErrorCode {
        /// 引用无效: the project, store, listing, household or group buy does not exist or is not visible.
        UnknownReference = "UNKNOWN_REFERENCE",
        /// 不可购买: the listing is not sellable today (off the shelf, not certified, or not in this store).
        NotSellable = "NOT_SELLABLE",
        /// 店铺不服务该项目: the store does not serve the group buy's project.
        StoreNotServing = "STORE_NOT_SERVING",
        /// 团购价高于店铺价: a group price may not exceed the store's price.
        PriceAboveStore = "PRICE_ABOVE_STORE",
        /// 库存不足: a line cannot be reserved; the message says how many are available.
        InsufficientStock = "INSUFFICIENT_STOCK",
        /// 超出上限: the group buy's cap would be exceeded; the message says how many units are left.
        CapExceeded = "CAP_EXCEEDED",
        /// 团购未开始: the group buy opens later.
        NotOpenYet = "NOT_OPEN_YET",
        /// 团购已截止: the group buy has closed (or is past its closing time).
        GroupBuyClosed = "GROUP_BUY_CLOSED",
        /// 未参团: the household has no join to change or withdraw.
        NotJoined = "NOT_JOINED",
        /// 审批人不能是申请人: a purchase order is approved by someone other than its requester.
        ApproverIsRequester = "APPROVER_IS_REQUESTER",
        /// 状态不允许: the purchase order is not in a state that allows this.
        InvalidTransition = "INVALID_TRANSITION",
        /// 金额不符: the amount paid differs from the purchase order's total.
        AmountMismatch = "AMOUNT_MISMATCH",
        /// 幂等键已用于不同请求: the idempotency key was used with a different input.
        IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED",
    }
}
