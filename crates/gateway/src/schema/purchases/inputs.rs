//! The inputs of the procurement mutations and their translation into the domain's inputs.

use async_graphql::{ID, InputObject};
use chrono::{DateTime, NaiveDate, Utc};
use kernel::{DomainError, DomainResult, Message};
use procurement::purchase::create::{CreatePurchaseOrder, Delivery, PurchaseLineInput};

use super::{OccasionKind, PartnerKind, PurchasePurpose};
use crate::schema::ids;
use crate::schema::scalars::Fen;

/// 合作企业登记: by the mobilising enterprise's admin (the platform names the enterprise).
#[derive(InputObject)]
pub struct RegisterPartnerCompanyInput {
    /// 动员企业 (the platform only)
    pub enterprise_id: Option<ID>,
    /// 名称
    pub name: String,
    /// 统一社会信用代码 (18 characters, check digit verified)
    pub uscc: String,
    /// 类型
    pub kind: PartnerKind,
    /// 联系人
    pub contact_name: Option<String>,
    /// 联系电话
    pub contact_phone: Option<String>,
}

/// 集采单行
#[derive(InputObject)]
pub struct PurchaseOrderLineInput {
    /// 产品 (ACTIVE and certified today)
    pub product_id: ID,
    /// 数量
    pub quantity: i32,
    /// 协议单价（分）
    pub unit_price: Fen,
}

/// 送达地址
#[derive(InputObject)]
pub struct PurchaseDeliveryInput {
    /// 收货人
    pub recipient_name: String,
    /// 手机号
    pub phone: String,
    /// 地址
    pub address: String,
}

/// 集采下单: give `deliveryProjectId` (a site of the enterprise) or `deliveryAddress`.
#[derive(InputObject)]
pub struct CreatePurchaseOrderInput {
    /// 企业 (the platform only; an enterprise's admin buys for its own)
    pub enterprise_id: Option<ID>,
    /// 合作企业: for 合作企业集采.
    pub partner_id: Option<ID>,
    /// 用途
    pub purpose: PurchasePurpose,
    /// 节点
    pub occasion_id: Option<ID>,
    /// 标题
    pub title: String,
    /// 集采单行: 1 to 50, each product once.
    #[graphql(validator(max_items = 50))]
    pub lines: Vec<PurchaseOrderLineInput>,
    /// 送达项目
    pub delivery_project_id: Option<ID>,
    /// 送达地址
    pub delivery_address: Option<PurchaseDeliveryInput>,
    /// 发票号
    pub invoice_reference: Option<String>,
    /// 幂等键 (optional)
    pub idempotency_key: Option<String>,
}

impl CreatePurchaseOrderInput {
    pub fn domain(self) -> DomainResult<(Option<String>, CreatePurchaseOrder)> {
        let delivery = match (self.delivery_project_id, self.delivery_address) {
            (Some(p), None) => Delivery::Site {
                project_id: ids::parse::<ids::Project>("deliveryProjectId", &p)?,
            },
            (None, Some(a)) => Delivery::Address {
                recipient_name: a.recipient_name,
                phone: a.phone,
                address: a.address,
            },
            _ => {
                return Err(DomainError::invalid(
                    &["deliveryProjectId"],
                    kernel::error::codes::INVALID,
                    Message::new(
                        "请给出送达项目或送达地址，二选一",
                        "give a delivery project or a delivery address, one of the two",
                    ),
                ));
            }
        };
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            let product_id =
                ids::parse::<ids::Product>("productId", &l.product_id).map_err(|e| match e {
                    DomainError::Invalid(p) => DomainError::Invalid(
                        p.into_iter()
                            .map(|p| p.under(&["lines", &i.to_string()]))
                            .collect(),
                    ),
                    other => other,
                })?;
            lines.push(PurchaseLineInput {
                product_id,
                quantity: i64::from(l.quantity),
                unit_price: l.unit_price.0,
            });
        }
        Ok((
            self.idempotency_key,
            CreatePurchaseOrder {
                enterprise_id: ids::parse_opt::<ids::Enterprise>(
                    "enterpriseId",
                    self.enterprise_id.as_ref(),
                )?,
                partner_id: ids::parse_opt::<ids::PartnerCompany>(
                    "partnerId",
                    self.partner_id.as_ref(),
                )?,
                purpose: self.purpose.into(),
                occasion_id: ids::parse_opt::<ids::Occasion>(
                    "occasionId",
                    self.occasion_id.as_ref(),
                )?,
                title: self.title,
                lines,
                delivery,
                invoice_reference: self.invoice_reference,
            },
        ))
    }
}

/// 审批 / 取消: a purchase order changes state.
#[derive(InputObject)]
pub struct PurchaseOrderActionInput {
    /// 集采单
    pub purchase_order_id: ID,
    /// 幂等键 (optional)
    pub idempotency_key: Option<String>,
}

/// 确认付款: the enterprise's admin confirms the offline payment of an approved order.
#[derive(InputObject)]
pub struct ConfirmPurchaseOrderPaymentInput {
    /// 集采单
    pub purchase_order_id: ID,
    /// 付款流水号 (bank transfer reference)
    pub reference: String,
    /// 付款金额（分）: must equal the order total.
    pub amount: Fen,
    /// 付款时间
    pub paid_at: DateTime<Utc>,
    /// 发票号, if it came with the payment.
    pub invoice_reference: Option<String>,
    /// 幂等键
    pub idempotency_key: String,
}

/// 登记节点: national ones by the platform; an enterprise's admin its own (a project's 业主节).
#[derive(InputObject)]
pub struct CreateOccasionInput {
    /// 类型
    pub kind: OccasionKind,
    /// 名称
    pub name: String,
    /// 开始日期
    pub starts_on: NaiveDate,
    /// 结束日期 (at most 92 days after the start)
    pub ends_on: NaiveDate,
    /// 企业: the platform names one for an enterprise's occasion; none for a national one.
    pub enterprise_id: Option<ID>,
    /// 项目: the project whose 业主节 it is.
    pub project_id: Option<ID>,
}
