//! The ledger part of the schema (消费扶贫台账): counted entries and their seals, rollup totals,
//! the sealer's status, the audit, sales reported from outside and their review, and fair
//! sales.

mod inputs;
mod loaders;
mod mutations;
mod queries;
pub mod reported;
pub mod types;

use crate::schema::payload::user_error;
use async_graphql::{Enum, MergedObject};

/// The ledger root queries, merged into the schema's `Query`.
#[derive(MergedObject, Default)]
pub struct LedgerQuery(queries::LedgerEntryQuery, queries::ReportedSalesQuery);

/// The ledger mutations, merged into the schema's `Mutation`.
#[derive(MergedObject, Default)]
pub struct LedgerMutation(mutations::ReportedSalesMutation);

user_error!(
    LedgerUserError,
    ledger::LedgerErrorCode,
    "台账用户错误: a problem with the input the caller can fix."
);

/// 渠道: where a counted sale was made (the 三专 channels, group buys, procurement, fairs).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::Channel")]
pub enum Channel {
    /// 专区: a zone in the company's APP or mini-store.
    Zone,
    /// 专馆/托管: a store the alliance's e-commerce team runs.
    Hosted,
    /// 专柜: a counter in a community.
    Counter,
    /// 社区团购: a community group buy.
    GroupBuy,
    /// 企业采购: the company's own procurement (staff welfare, canteen, festival gifts).
    EnterpriseProcurement,
    /// 合作企业采购: procurement by partner companies.
    PartnerProcurement,
    /// 市集: a market fair.
    Fair,
    /// 外部上报: reported from outside without a channel.
    Reported,
}

/// 条目类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::EntryKind")]
pub enum EntryKind {
    /// 销售: a counted sale line.
    Sale,
    /// 退款: money back to the buyer, taken off its sale.
    Refund,
    /// 更正: a counted sale that turned out wrong, taken back.
    Correction,
}

/// 条目来源: the fact an entry records.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::Source")]
pub enum EntrySource {
    /// 订单行: an order paid in yijin (or its refund).
    OrderLine,
    /// 上报行: a verified reported row (or its correction).
    ReportedRow,
    /// 市集销售: a sale recorded by a fair's organiser.
    FairSale,
    /// 集采行: a line of an enterprise's or a partner company's purchase order, paid offline.
    PurchaseLine,
}

/// 汇总维度
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::rollup::Dimension")]
pub enum RollupDimension {
    /// 全部: the campaign as a whole (key "").
    All,
    /// 产地省份: the products' origin province (key: region code).
    Province,
    /// 城市: the buyer's city (key: region code).
    City,
    /// 协会 (key: association id).
    Association,
    /// 企业 (key: enterprise id).
    Enterprise,
    /// 项目/社区 (key: project id).
    Project,
    /// 战队 (key: team id).
    Team,
    /// 产地县 (key: region code).
    County,
    /// 市场主体 (key: supplier id).
    Supplier,
    /// 产品 (key: product id).
    Product,
    /// 渠道 (key: the channel's name).
    Channel,
    /// 住户 (key: household id).
    Household,
    /// 城市内的社区: the projects of a city (key: "region code/project id"); what a
    /// community ranking within a city reads.
    CityProject,
    /// 城市内的企业: the buying enterprises of a city (key: "region code/enterprise id").
    CityEnterprise,
    /// 社区内的战队: the teams of a project (key: "project id/team id").
    ProjectTeam,
    /// 协会内的企业: the enterprises of an association (key: "association id/enterprise id").
    AssociationEnterprise,
}

/// 统计周期
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::rollup::Period")]
pub enum RollupPeriod {
    /// 累计 (key "").
    All,
    /// 阶段 (key: the phase's id).
    Phase,
    /// 月 (key "YYYY-MM").
    Month,
    /// 日 (key "YYYY-MM-DD").
    Day,
}
