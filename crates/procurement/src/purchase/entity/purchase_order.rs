use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 集采单状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PurchaseOrderState {
    /// 待审批: requested, stock reserved.
    #[sea_orm(string_value = "REQUESTED")]
    Requested,
    /// 已审批: approved by someone other than the requester; waiting for the offline payment.
    #[sea_orm(string_value = "APPROVED")]
    Approved,
    /// 已付款: the payment was confirmed; stock committed; counted in the ledger.
    #[sea_orm(string_value = "PAID")]
    Paid,
    /// 已取消: before payment; stock released.
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// 采购用途
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, serde::Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum Purpose {
    /// 员工福利 (through the union)
    #[sea_orm(string_value = "STAFF_WELFARE")]
    StaffWelfare,
    /// 食堂采购
    #[sea_orm(string_value = "CANTEEN")]
    Canteen,
    /// 节日礼品
    #[sea_orm(string_value = "GIFTS")]
    Gifts,
    /// 其他
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// 集采单: one purchase order of an enterprise for its own use, or of a partner company it
/// mobilised (`partner_id`), paid offline.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "purchase_order")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The buying enterprise, or the mobilising enterprise of a partner's order.
    pub enterprise_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub purpose: Purpose,
    pub occasion_id: Option<Uuid>,
    pub title: String,
    pub state: PurchaseOrderState,
    pub requested_by: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTimeUtc>,
    /// Delivery to a site (a project of the enterprise) or to an address.
    pub delivery_project_id: Option<Uuid>,
    pub delivery_address: Option<String>,
    pub recipient_name: Option<String>,
    pub recipient_phone: Option<String>,
    pub invoice_reference: Option<String>,
    pub payment_reference: Option<String>,
    pub total_fen: Fen,
    pub total_grams: Grams,
    pub paid_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
