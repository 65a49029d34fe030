//! 集采: buying in bulk, in the campaign's three ways (团购参与).
//!
//! - [`groupbuy`]: community group buys (社区团购): an organiser opens one for a club of a
//!   project, residents join with quantities (stock reserved at once), and at closing, exactly
//!   once, it either becomes one order per join or gives every reservation back.
//!
//! Built on `orders` (an order made at closing is an ordinary order: paid, refunded and
//! fulfilled with the orders API, counted in the ledger as GROUP_BUY) and on
//! `products::stock` (reservations).

pub mod error_code;
pub mod groupbuy;
pub mod keyed;
pub mod occasion;
pub mod purchase;

pub use error_code::ProcurementErrorCode;
