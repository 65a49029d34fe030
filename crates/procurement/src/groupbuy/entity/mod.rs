pub mod group_buy;
pub mod item;
pub mod join;
pub mod join_line;
