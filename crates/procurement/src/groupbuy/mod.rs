//! 社区团购: community group buys.
//!
//! An organiser (the enterprise's admins, or its APP on behalf of the resident who leads a club,
//! 团长) [`open`]s a group buy in one of its projects: listings of a store serving the project
//! at group prices, a minimum (units or grams), an optional cap, a window and a pickup point.
//! Residents of the project [`join`] with quantities: the join reserves the stock at once and
//! can be changed or withdrawn until closing. At closing ([`close`]), exactly once, either every
//! join becomes an order awaiting payment (an ordinary order of the `orders` crate, at the
//! group price, its reservation passed on, counted as GROUP_BUY when paid) or every reservation
//! is released. The background [`close::sweep`] closes what is due, and so does any request
//! that touches a due group buy ([`commands`]).
//!
//! The group buy's row carries the running totals of its joins; a join changes them with one
//! conditional UPDATE that also checks the window and the cap, and closing claims the row with
//! another (`OPEN → CLOSING`), so a join and a closing, or two closers, can never both win.

pub mod access;
pub mod close;
pub mod commands;
pub mod entity;
pub mod join;
pub mod open;
pub mod query;
pub mod reservation;
