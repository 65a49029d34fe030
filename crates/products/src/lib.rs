//! The 带一斤回家 catalogue: poverty counties (贫困县) and pairings, suppliers (市场主体), certified
//! poverty-alleviation products (扶贫产品) with their certification (认定) history and stock,
//! and the stores (专区/专馆/专柜) that list them for residents.
//!
//! Services take the calling [`kernel::Actor`]: suppliers keep their own products, the platform
//! decides certifications, enterprises run their zones, the alliance's operators hosted stores.

pub mod access;
pub mod catalogue;
pub mod certification;
pub mod county;
pub mod custom;
pub mod entity;
pub mod error_code;
pub mod events;
pub mod expiring;
pub mod listing;
pub mod loaders;
pub mod product;
pub mod shelf;
pub mod stock;
pub mod store;
pub mod supplier;
pub mod uscc;

pub use error_code::ProductErrorCode;
