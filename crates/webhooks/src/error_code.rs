//! Stable codes of problems the webhooks services report (`WebhookErrorCode` in the schema).

kernel::error_codes! {
    /// 回调错误代码: stable codes of webhook `userErrors`.
    pub enum WebhookErrorCode {
        /// 地址无效: not an absolute http(s) URL.
        InvalidUrl = "INVALID_URL",
        /// 地址不允许: plain http outside development, or a private or loopback address (SSRF).
        UrlNotAllowed = "URL_NOT_ALLOWED",
        /// 地址过多: the subscriber has as many endpoints as allowed.
        TooManyEndpoints = "TOO_MANY_ENDPOINTS",
        /// 状态不允许: the endpoint is not in a state that allows this.
        InvalidTransition = "INVALID_TRANSITION",
    }
}
