//! The order mutations: each is one use case of `orders::commands` (one write transaction,
//! idempotency key first), answered as an `OrderPayload` with `replayed` set on a replay.

use async_graphql::{Context, Object};
use orders::commands::Outcome;

use super::OrderUserError;
use super::inputs::*;
use super::types::Order;
use crate::schema::ids;
use crate::schema::payload::{Payload, replayed_payload};
use crate::schema::{KeyedCommand, command, keyed_by_id};
use crate::state::AppState;

replayed_payload!(OrderPayload, order: Order, "订单", OrderUserError, "订单变更结果");

/// An order command's outcome as the payload shows it.
fn order(o: Outcome) -> (Order, bool) {
    (Order(o.order), o.replayed)
}

/// Runs a keyed fulfilment command on the order `input` names.
async fn fulfil(
    ctx: &Context<'_>,
    input: FulfilOrderInput,
    command: impl KeyedCommand<Outcome>,
) -> async_graphql::Result<OrderPayload> {
    let id = ("orderId", &input.order_id);
    let key = input.idempotency_key.as_deref();
    let result = keyed_by_id::<ids::Order, _>(ctx, id, key, command).await?;
    OrderPayload::from_result(ctx, result, order)
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
        let place = async |s: &AppState, who: &_, (key, input): (String, _)| {
            let window = s.config.orders.payment_window;
            orders::commands::place(&s.db, who, &s.clock, window, &key, input).await
        };
        command(ctx, input.domain(), place, order).await
    }

    /// 确认支付 (the company's APP or admins for zones and counters; the alliance's operators
    /// for hosted stores): the amount must equal the order total. In one transaction the order
    /// is paid, its stock committed, its lines counted in the ledger and the events queued.
    async fn confirm_payment(
        &self,
        ctx: &Context<'_>,
        input: ConfirmPaymentInput,
    ) -> async_graphql::Result<OrderPayload> {
        let confirm = async |s: &AppState, who: &_, (key, input): (String, _)| {
            let signal = &s.ledger_signal;
            orders::commands::confirm_payment(&s.db, signal, who, &s.clock, &key, input).await
        };
        command(ctx, input.domain(), confirm, order).await
    }

    /// 取消订单: an unpaid order, by the buyer's side (the resident, the APP) or the store's
    /// (its enterprise's admins; operators for hosted stores). Its stock is released.
    async fn cancel_order(
        &self,
        ctx: &Context<'_>,
        input: CancelOrderInput,
    ) -> async_graphql::Result<OrderPayload> {
        let key = input.idempotency_key.as_deref();
        let cancel = ids::parse::<ids::Order>("orderId", &input.order_id).map(|order_id| {
            orders::close::CancelOrder {
                order_id,
                reason: input.reason,
            }
        });
        let run = async |s: &AppState, who: &_, cancel| {
            orders::commands::cancel(&s.db, who, &s.clock, key, cancel).await
        };
        command(ctx, cancel, run, order).await
    }

    /// 退款 (the side that collected the money): in full or by line and quantity, never more
    /// than was paid; the ledger gets reversing entries; `restock` puts the units back.
    async fn refund_order(
        &self,
        ctx: &Context<'_>,
        input: RefundOrderInput,
    ) -> async_graphql::Result<OrderPayload> {
        let refund = async |s: &AppState, who: &_, (key, input): (Option<String>, _)| {
            let signal = &s.ledger_signal;
            orders::commands::refund(&s.db, signal, who, &s.clock, key.as_deref(), input).await
        };
        command(ctx, input.domain(), refund, order).await
    }

    /// 发货 (the lines' supplier, or the store's side): carrier and tracking number; the order
    /// is SHIPPED once every line is.
    async fn fulfil_order_shipped(
        &self,
        ctx: &Context<'_>,
        input: FulfilOrderShippedInput,
    ) -> async_graphql::Result<OrderPayload> {
        let ship = async |s: &AppState, who: &_, (key, input): (Option<String>, _)| {
            orders::commands::ship(&s.db, who, &s.clock, key.as_deref(), input).await
        };
        command(ctx, input.domain(), ship, order).await
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
        let redeem = orders::fulfil::Redeem { code: input.code };
        let run = async |s: &AppState, who: &_, redeem| {
            orders::commands::redeem(&s.db, who, &s.clock, redeem).await
        };
        command(ctx, Ok(redeem), run, order).await
    }
}
