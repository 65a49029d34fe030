//! The inputs of the order mutations, and their translation into the domain's inputs (global
//! ids parsed, each bad id a problem on its own path).

use async_graphql::{ID, InputObject};
use chrono::{DateTime, Utc};
use kernel::{DomainError, DomainResult, Message};

use crate::schema::ids;
use crate::schema::scalars::Fen;

/// 订单行
#[derive(InputObject)]
pub struct OrderLineInput {
    /// 上架商品 (a Listing of the store)
    pub listing_id: ID,
    /// 数量: 1 to 999.
    pub quantity: i32,
}

/// 自提: at a pickup point of the project.
#[derive(InputObject)]
pub struct PickupInput {
    /// 自提点; the project's service centre (物业服务中心) when left out.
    pub point: Option<String>,
}

/// 配送: to an address (personal data, masked for most readers).
#[derive(InputObject)]
pub struct DeliveryInput {
    /// 收件人
    pub recipient_name: String,
    /// 手机号 (mainland China)
    pub phone: String,
    /// 地址
    pub address: String,
}

/// 下单: a resident's token orders for its household; the company's APP credential or an
/// operator (hosted stores) names the household. Give either `pickup` or `delivery`.
#[derive(InputObject)]
pub struct PlaceOrderInput {
    /// 店铺
    pub store_id: ID,
    /// 住户: required unless the caller is the resident itself.
    pub household_id: Option<ID>,
    /// 订单行: 1 to 50, each listing once.
    #[graphql(validator(max_items = 50))]
    pub lines: Vec<OrderLineInput>,
    /// 自提
    pub pickup: Option<PickupInput>,
    /// 配送
    pub delivery: Option<DeliveryInput>,
    /// 备注
    pub note: Option<String>,
    /// 幂等键: the same key with the same input returns the first order (`replayed: true`).
    pub idempotency_key: String,
}

impl PlaceOrderInput {
    pub fn domain(self) -> DomainResult<(String, orders::place::PlaceOrder)> {
        let store_id = ids::parse::<ids::Store>("storeId", &self.store_id)?;
        let household_id =
            ids::parse_opt::<ids::Household>("householdId", self.household_id.as_ref())?;
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            lines.push(orders::place::LineInput {
                listing_id: ids::parse_in::<ids::Listing>("lines", i, "listingId", &l.listing_id)?,
                quantity: i64::from(l.quantity),
            });
        }
        let delivery = match (self.pickup, self.delivery) {
            (Some(p), None) => orders::place::Delivery::Pickup { point: p.point },
            (None, Some(d)) => orders::place::Delivery::Ship {
                recipient_name: d.recipient_name,
                phone: d.phone,
                address: d.address,
            },
            (None, None) => orders::place::Delivery::Pickup { point: None },
            (Some(_), Some(_)) => {
                return Err(DomainError::invalid(
                    &["delivery"],
                    kernel::error::codes::INVALID,
                    Message::new("自提与配送只能选一种", "give pickup or delivery, not both"),
                ));
            }
        };
        Ok((
            self.idempotency_key,
            orders::place::PlaceOrder {
                store_id,
                household_id,
                lines,
                delivery,
                note: self.note,
            },
        ))
    }
}

/// 确认支付: the side that collected the money (the company's APP for its zones, the alliance
/// for hosted stores) confirms it.
#[derive(InputObject)]
pub struct ConfirmPaymentInput {
    /// 订单
    pub order_id: ID,
    /// 支付流水号 (WeChat Pay, Alipay, …)
    pub reference: String,
    /// 支付金额（分）: must equal the order total.
    pub amount: Fen,
    /// 支付时间
    pub paid_at: DateTime<Utc>,
    /// 幂等键
    pub idempotency_key: String,
}

impl ConfirmPaymentInput {
    pub fn domain(self) -> DomainResult<(String, orders::payment::ConfirmPayment)> {
        Ok((
            self.idempotency_key,
            orders::payment::ConfirmPayment {
                order_id: ids::parse::<ids::Order>("orderId", &self.order_id)?,
                reference: self.reference,
                amount: self.amount.into(),
                paid_at: self.paid_at,
            },
        ))
    }
}

/// 取消订单: an unpaid order, by the buyer's side or the store's.
#[derive(InputObject)]
pub struct CancelOrderInput {
    /// 订单
    pub order_id: ID,
    /// 原因
    pub reason: Option<String>,
    /// 幂等键 (optional)
    pub idempotency_key: Option<String>,
}

/// 退款行
#[derive(InputObject)]
pub struct RefundLineInput {
    /// 订单行 (an OrderLine of the order)
    pub line_id: ID,
    /// 数量: at most what is paid and not refunded.
    pub quantity: i32,
}

/// 退款: in full (no `lines`) or by line and quantity.
#[derive(InputObject)]
pub struct RefundOrderInput {
    /// 订单
    pub order_id: ID,
    /// 退款行; everything not refunded yet when left out.
    #[graphql(validator(max_items = 50))]
    pub lines: Option<Vec<RefundLineInput>>,
    /// 退回库存: the goods came back unused.
    #[graphql(default)]
    pub restock: bool,
    /// 原因
    pub reason: Option<String>,
    /// 幂等键 (optional)
    pub idempotency_key: Option<String>,
}

impl RefundOrderInput {
    pub fn domain(self) -> DomainResult<(Option<String>, orders::refund::RefundOrder)> {
        let lines = match &self.lines {
            None => None,
            Some(items) => {
                let mut lines = Vec::with_capacity(items.len());
                for (i, l) in items.iter().enumerate() {
                    lines.push(orders::refund::RefundLine {
                        line_id: ids::parse_in::<ids::OrderLine>("lines", i, "lineId", &l.line_id)?,
                        quantity: i64::from(l.quantity),
                    });
                }
                Some(lines)
            }
        };
        Ok((
            self.idempotency_key,
            orders::refund::RefundOrder {
                order_id: ids::parse::<ids::Order>("orderId", &self.order_id)?,
                lines,
                restock: self.restock,
                reason: self.reason,
            },
        ))
    }
}

/// 发货: lines of a paid delivery order, by their supplier or the store's side.
#[derive(InputObject)]
pub struct FulfilOrderShippedInput {
    /// 订单
    pub order_id: ID,
    /// 订单行; every line the caller ships when left out.
    #[graphql(validator(max_items = 50))]
    pub line_ids: Option<Vec<ID>>,
    /// 快递公司
    pub carrier: String,
    /// 运单号
    pub tracking_number: String,
    /// 幂等键 (optional)
    pub idempotency_key: Option<String>,
}

impl FulfilOrderShippedInput {
    pub fn domain(self) -> DomainResult<(Option<String>, orders::fulfil::Ship)> {
        let line_ids = self
            .line_ids
            .as_deref()
            .map(|ids| ids::parse_each::<ids::OrderLine>("lineIds", ids))
            .transpose()?;
        Ok((
            self.idempotency_key,
            orders::fulfil::Ship {
                order_id: ids::parse::<ids::Order>("orderId", &self.order_id)?,
                line_ids,
                carrier: self.carrier,
                tracking_number: self.tracking_number,
            },
        ))
    }
}

/// 待自提 / 已签收: an order changes fulfilment status.
#[derive(InputObject)]
pub struct FulfilOrderInput {
    /// 订单
    pub order_id: ID,
    /// 幂等键 (optional)
    pub idempotency_key: Option<String>,
}

/// 核销: the project's staff redeem the code a resident shows.
#[derive(InputObject)]
pub struct RedeemPickupCodeInput {
    /// 核销码: the 8-digit code or the QR payload.
    pub code: String,
}
