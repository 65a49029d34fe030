//! The group-buy part of the schema (社区团购): opening a group buy, joining, changing and
//! withdrawing, its progress and pick list; the orders it becomes are ordinary orders.

mod inputs;
mod loaders;
mod mutations;
mod queries;
pub mod types;

use crate::schema::payload::user_error;
use async_graphql::{Enum, MergedObject};

/// The group-buy root queries, merged into the schema's `Query`.
#[derive(MergedObject, Default)]
pub struct GroupBuysQuery(queries::GroupBuyQuery);

/// The group-buy mutations, merged into the schema's `Mutation`.
#[derive(MergedObject, Default)]
pub struct GroupBuysMutation(mutations::GroupBuyMutation);

user_error!(
    ProcurementUserError,
    procurement::ProcurementErrorCode,
    "集采用户错误: a problem with a group-buy or procurement input the caller can fix."
);

/// 团购状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "procurement::groupbuy::entity::group_buy::GroupBuyState")]
pub enum GroupBuyState {
    /// 进行中: taking joins between `opensAt` and `closesAt`.
    Open,
    /// 结团中: being closed right now (only ever seen inside the closing).
    Closing,
    /// 成团: the minimum was met; every join became an order awaiting payment.
    Succeeded,
    /// 未成团: the minimum was missed; every reservation was released.
    Failed,
}

/// 团类型: the club a group buy belongs to.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "procurement::groupbuy::entity::group_buy::ClubKind")]
pub enum ClubKind {
    /// 妈妈团
    Mothers,
    /// 白领团
    WhiteCollar,
    /// 业主团
    Owners,
    /// 其他: a club with a name of its own (`clubName`).
    Named,
}

/// 参团状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "procurement::groupbuy::entity::join::JoinState")]
pub enum GroupBuyJoinState {
    /// 已参团: units reserved, counted in the progress.
    Active,
    /// 已退团
    Withdrawn,
    /// 已下单: the group buy succeeded; see `orderId`.
    Ordered,
    /// 已释放: the group buy failed; the reservation was given back.
    Released,
}
