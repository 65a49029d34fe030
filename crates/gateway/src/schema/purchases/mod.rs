//! The procurement part of the schema (企业集采, 合作企业集采) and the occasions calendar:
//! partner companies, purchase orders from request to approval to offline payment, occasions
//! and how much each moved.

mod inputs;
mod loaders;
mod mutations;
mod queries;
pub mod types;

use async_graphql::{Enum, MergedObject};

/// The procurement root queries, merged into the schema's `Query`.
#[derive(MergedObject, Default)]
pub struct PurchasesQuery(queries::PurchaseQuery);

/// The procurement mutations, merged into the schema's `Mutation`.
#[derive(MergedObject, Default)]
pub struct PurchasesMutation(mutations::PurchaseMutation);

/// 集采单状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "procurement::purchase::entity::purchase_order::PurchaseOrderState")]
pub enum PurchaseOrderState {
    /// 待审批: requested, stock reserved.
    Requested,
    /// 已审批: waiting for the offline payment.
    Approved,
    /// 已付款: counted in the ledger.
    Paid,
    /// 已取消: stock released.
    Cancelled,
}

/// 采购用途
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "procurement::purchase::entity::purchase_order::Purpose")]
pub enum PurchasePurpose {
    /// 员工福利 (through the union)
    StaffWelfare,
    /// 食堂采购
    Canteen,
    /// 节日礼品
    Gifts,
    /// 其他
    Other,
}

/// 合作企业类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "procurement::purchase::entity::partner::PartnerKind")]
pub enum PartnerKind {
    /// 房产经纪
    EstateAgency,
    /// 仓储物流
    Logistics,
    /// 儿童教育
    Education,
    /// 其他
    Other,
}

/// 节点类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "procurement::occasion::entity::OccasionKind")]
pub enum OccasionKind {
    /// 节日 (三八妇女节, 五一劳动节, 中秋 …)
    Festival,
    /// 节气
    SolarTerm,
    /// 业主节
    OwnersFestival,
    /// 市集
    CampaignFair,
}
