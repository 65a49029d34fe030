//! 集采: buying in bulk, in the campaign's three ways (团购参与).
//!
//! - [`groupbuy`]: community group buys (社区团购): an organiser opens one for a club of a
//!   project, residents join with quantities (stock reserved at once), and at closing, exactly
//!   once, it either becomes one order per join or gives every reservation back;
//! - [`purchase`]: purchase orders of an enterprise for its own use (企业集采) or of a partner
//!   company it mobilised (合作企业集采): requested with stock reserved, approved by someone
//!   other than the requester, paid offline into the ledger;
//! - [`occasion`]: the occasions calendar both refer to, and what each occasion moved;
//! - [`keyed`]: the use-case runner under an idempotency key that both share.
//!
//! One crate rather than three: the parts share the calendar and the runner and sit at the same
//! place in the dependency order, and every crate is a build unit on a two-core CI.
//!
//! Built on `orders` (an order made at closing is an ordinary order: paid, refunded and
//! fulfilled with the orders API, counted in the ledger as GROUP_BUY), `products::stock`
//! (reservations) and `ledger` (purchase lines counted as ENTERPRISE_PROCUREMENT or
//! PARTNER_PROCUREMENT).

pub mod error_code;
pub mod groupbuy;
pub mod keyed;
pub mod occasion;
pub mod purchase;

pub use error_code::ProcurementErrorCode;
