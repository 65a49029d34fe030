//! Table models of the products domain.

pub mod certification;
pub mod certification_event;
pub mod certification_expiry_notice;
pub mod county_pairing;
pub mod listing;
pub mod poverty_county;
pub mod product;
pub mod stock_movement;
pub mod store;
pub mod store_project;
pub mod supplier;
pub mod supplier_beneficiary;
