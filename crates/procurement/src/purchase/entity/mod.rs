pub mod line;
pub mod partner;
pub mod purchase_order;
