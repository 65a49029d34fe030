//! Stable codes of problems the order services report (`OrderErrorCode` in the schema).

kernel::error_codes! {
    /// 订单错误代码: stable codes of order `userErrors`.
    pub enum OrderErrorCode {
        /// 引用无效: the household, store, line or listing does not exist or is not visible.
        UnknownReference = "UNKNOWN_REFERENCE",
        /// 不可购买: the listing is not sellable to this buyer today (off the shelf, not certified, or not in this store).
        NotSellable = "NOT_SELLABLE",
        /// 店铺不服务该项目: the store does not serve the buyer's project.
        StoreNotServing = "STORE_NOT_SERVING",
        /// 库存不足: a line cannot be reserved; the message says how many are available.
        InsufficientStock = "INSUFFICIENT_STOCK",
        /// 幂等键已用于不同请求: the idempotency key was used with a different input.
        IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED",
        /// 金额不符: the amount paid differs from the order total.
        AmountMismatch = "AMOUNT_MISMATCH",
        /// 已支付: the order is paid already.
        AlreadyPaid = "ALREADY_PAID",
        /// 订单已过期: the order was not paid in time and its stock was released.
        OrderExpired = "ORDER_EXPIRED",
        /// 订单已取消: the order was cancelled.
        OrderCancelled = "ORDER_CANCELLED",
        /// 不可取消: only an unpaid order can be cancelled.
        NotCancellable = "NOT_CANCELLABLE",
        /// 不可退款: the order is not paid, or nothing is left to refund.
        NotRefundable = "NOT_REFUNDABLE",
        /// 超出已付: the refund is more than was paid and not yet refunded.
        ExceedsPaid = "EXCEEDS_PAID",
        /// 配送方式不符: shipping is for delivery orders, pickup codes for pickup orders.
        WrongDeliveryMethod = "WRONG_DELIVERY_METHOD",
        /// 状态不允许: the order is not in a state that allows this.
        InvalidTransition = "INVALID_TRANSITION",
        /// 核销码无效: no order waiting for pickup has this code.
        InvalidPickupCode = "INVALID_PICKUP_CODE",
        /// 已核销: the pickup code was redeemed already.
        AlreadyRedeemed = "ALREADY_REDEEMED",
    }
}
