//! 企业集采 and 合作企业集采: a company buys for its own use (staff welfare, the canteen,
//! festival gifts), or a partner company it mobilised buys, as one purchase order at agreed
//! prices. The order is requested (stock reserved at once), approved by someone other than its
//! requester, paid offline and confirmed by the enterprise's admin with a payment reference: in
//! that one transaction the stock is committed and every line is counted in the ledger, as
//! ENTERPRISE_PROCUREMENT for the company or PARTNER_PROCUREMENT credited to the mobilising
//! enterprise (no household either way). Cancelled before payment, its stock is released.

pub mod access;
pub mod commands;
pub mod create;
pub mod entity;
pub mod lifecycle;
pub mod partner;
pub mod query;
