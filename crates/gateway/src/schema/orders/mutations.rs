//! The order mutations: each is one use case of `orders::commands` (one write transaction,
//! idempotency key first), answered as an `OrderPayload` with `replayed` set on a replay.

use async_graphql::{Context, Object, SimpleObject};
use kernel::{Actor, Clock, DomainResult};
use orders::commands::Outcome;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::OrderUserError;
use super::inputs::*;
use super::types::Order;
use crate::schema::ids;
use crate::schema::payload::respond_parts;
use crate::schema::{actor, keyed_by_id, state};

/// 订单变更结果
#[derive(SimpleObject)]
pub struct OrderPayload {
    /// 订单: as it is now; null when the input had errors.
    pub order: Option<Order>,
    /// 重放: true when this answers an earlier request with the same idempotency key and
    /// input (nothing was done again).
    pub replayed: bool,
    /// 用户错误: problems with the input; empty on success.
    pub user_errors: Vec<OrderUserError>,
}

impl OrderPayload {
    fn from_result(
        ctx: &Context<'_>,
        result: DomainResult<Outcome>,
    ) -> async_graphql::Result<Self> {
        let parts = |o: Outcome| (Some(Order(o.order)), o.replayed);
        let ((order, replayed), user_errors) = respond_parts(ctx, result, parts)?;
        Ok(OrderPayload {
            order,
            replayed,
            user_errors,
        })
    }
}

/// Runs a keyed fulfilment command on the order `input` names.
async fn fulfil(
    ctx: &Context<'_>,
    input: FulfilOrderInput,
    command: impl AsyncFnOnce(
        &DatabaseConnection,
        &Actor,
        &Clock,
        Option<&str>,
        Uuid,
    ) -> DomainResult<Outcome>,
) -> async_graphql::Result<OrderPayload> {
    let id = ("orderId", &input.order_id);
    let key = input.idempotency_key.as_deref();
    let result = keyed_by_id::<ids::Order, _>(ctx, id, key, command).await?;
    OrderPayload::from_result(ctx, result)
}

#[derive(Default)]
pub struct OrderMutation;

#[Object]
impl OrderMutation {
    /// 下单 (a resident; the company's APP for one of its residents; an operator for a hosted
    /// store's customer): prices come from the listings; only listings the buyer can see today;
    /// the stock of every line is reserved or none is (INSUFFICIENT_STOCK names the line and
    /// what is available). The order waits for its payment until `expiresAt`.
    async fn place_order(
        &self,
        ctx: &Context<'_>,
        input: PlaceOrderInput,
    ) -> async_graphql::Result<OrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let (key, input) = input.domain()?;
            let window = s.config.orders.payment_window;
            orders::commands::place(&s.db, who, &s.clock, window, &key, input).await
        }
        .await;
        OrderPayload::from_result(ctx, result)
    }

    /// 确认支付 (the company's APP or admins for zones and counters; the alliance's operators
    /// for hosted stores): the amount must equal the order total. In one transaction the order
    /// is paid, its stock committed, its lines counted in the ledger and the events queued.
    async fn confirm_payment(
        &self,
        ctx: &Context<'_>,
        input: ConfirmPaymentInput,
    ) -> async_graphql::Result<OrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let (key, input) = input.domain()?;
            orders::commands::confirm_payment(&s.db, &s.ledger_signal, who, &s.clock, &key, input)
                .await
        }
        .await;
        OrderPayload::from_result(ctx, result)
    }

    /// 取消订单: an unpaid order, by the buyer's side (the resident, the APP) or the store's
    /// (its enterprise's admins; operators for hosted stores). Its stock is released.
    async fn cancel_order(
        &self,
        ctx: &Context<'_>,
        input: CancelOrderInput,
    ) -> async_graphql::Result<OrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let order_id = ids::parse::<ids::Order>("orderId", &input.order_id)?;
            let cancel = orders::close::CancelOrder {
                order_id,
                reason: input.reason,
            };
            orders::commands::cancel(
                &s.db,
                who,
                &s.clock,
                input.idempotency_key.as_deref(),
                cancel,
            )
            .await
        }
        .await;
        OrderPayload::from_result(ctx, result)
    }

    /// 退款 (the side that collected the money): in full or by line and quantity, never more
    /// than was paid; the ledger gets reversing entries; `restock` puts the units back.
    async fn refund_order(
        &self,
        ctx: &Context<'_>,
        input: RefundOrderInput,
    ) -> async_graphql::Result<OrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let (key, input) = input.domain()?;
            orders::commands::refund(
                &s.db,
                &s.ledger_signal,
                who,
                &s.clock,
                key.as_deref(),
                input,
            )
            .await
        }
        .await;
        OrderPayload::from_result(ctx, result)
    }

    /// 发货 (the lines' supplier, or the store's side): carrier and tracking number; the order
    /// is SHIPPED once every line is.
    async fn fulfil_order_shipped(
        &self,
        ctx: &Context<'_>,
        input: FulfilOrderShippedInput,
    ) -> async_graphql::Result<OrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let (key, input) = input.domain()?;
            orders::commands::ship(&s.db, who, &s.clock, key.as_deref(), input).await
        }
        .await;
        OrderPayload::from_result(ctx, result)
    }

    /// 待自提 (the store's side, or the supplier of every line): a paid pickup order gets its
    /// pickup code (核销码).
    async fn fulfil_order_ready_for_pickup(
        &self,
        ctx: &Context<'_>,
        input: FulfilOrderInput,
    ) -> async_graphql::Result<OrderPayload> {
        fulfil(ctx, input, orders::commands::ready_for_pickup).await
    }

    /// 已签收: a shipped order was delivered (the store's side, a supplier of its lines, or
    /// the company's APP reporting the resident's receipt).
    async fn fulfil_order_delivered(
        &self,
        ctx: &Context<'_>,
        input: FulfilOrderInput,
    ) -> async_graphql::Result<OrderPayload> {
        fulfil(ctx, input, orders::commands::delivered).await
    }

    /// 核销 (the project's staff: the enterprise's admins or APP): redeems a pickup code once;
    /// the order is PICKED_UP.
    async fn redeem_pickup_code(
        &self,
        ctx: &Context<'_>,
        input: RedeemPickupCodeInput,
    ) -> async_graphql::Result<OrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let redeem = orders::fulfil::Redeem { code: input.code };
        let result = orders::commands::redeem(&s.db, who, &s.clock, redeem).await;
        OrderPayload::from_result(ctx, result)
    }
}
