//! The order root queries: one list for everyone (the tenant rule decides whose orders: a
//! resident its own, an enterprise its own, an operator hosted stores', a supplier those
//! holding its lines, the platform all), a supplier's lines to ship, and one order by id.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use gateway_macros::connections;
use kernel::DomainError;
use orders::query::OrderFilter as Filter;

use super::types::{Order, OrderLine};
use super::{FulfilmentStatus, PaymentStatus};
use crate::schema::by_id;
use crate::schema::connection::connect_all;
use crate::schema::connection::{Conn, PageArgs};
use crate::schema::connection::{ListFilter, connect_filtered};
use crate::schema::ids;

/// 订单筛选: every filter narrows what the caller may see; none widens it.
#[derive(InputObject, Default)]
pub struct OrderFilter {
    /// 住户
    pub household_id: Option<ID>,
    /// 企业
    pub enterprise_id: Option<ID>,
    /// 项目/社区
    pub project_id: Option<ID>,
    /// 店铺
    pub store_id: Option<ID>,
    /// 支付状态
    pub payment_status: Option<PaymentStatus>,
    /// 履约状态
    pub fulfilment_status: Option<FulfilmentStatus>,
    /// 下单时间起 (inclusive)
    pub placed_from: Option<DateTime<Utc>>,
    /// 下单时间止 (exclusive)
    pub placed_to: Option<DateTime<Utc>>,
}

impl ListFilter for OrderFilter {
    type Domain = Filter;
    fn domain(self) -> Result<Filter, DomainError> {
        Ok(Filter {
            household_id: ids::parse_opt::<ids::Household>(
                "householdId",
                self.household_id.as_ref(),
            )?,
            enterprise_id: ids::parse_opt::<ids::Enterprise>(
                "enterpriseId",
                self.enterprise_id.as_ref(),
            )?,
            project_id: ids::parse_opt::<ids::Project>("projectId", self.project_id.as_ref())?,
            store_id: ids::parse_opt::<ids::Store>("storeId", self.store_id.as_ref())?,
            payment_status: self.payment_status.map(Into::into),
            fulfilment_status: self.fulfilment_status.map(Into::into),
            placed_from: self.placed_from,
            placed_to: self.placed_to,
        })
    }
}

#[derive(Default)]
pub struct OrderQuery;

#[connections]
#[Object]
impl OrderQuery {
    /// 订单: the orders the caller may see, oldest first — a resident its household's, an
    /// enterprise (admins, APP) its own, an operator those of hosted stores, a supplier those
    /// holding its lines, the platform all.
    async fn orders(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrderFilter>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Order>> {
        let (list, count) = (orders::query::list, orders::query::count);
        connect_filtered(ctx, args, filter, list, count, Order).await
    }

    /// 待发货: paid delivery lines not shipped yet — a supplier its own, an operator those of
    /// hosted stores, an enterprise its own, the platform all; oldest first.
    async fn order_lines_to_ship(
        &self,
        ctx: &Context<'_>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<OrderLine>> {
        let (list, count) = (
            orders::query::lines_to_ship,
            orders::query::count_lines_to_ship,
        );
        connect_all(ctx, args, list, count, OrderLine).await
    }

    /// 订单: one order; null when it does not exist or the caller may not see it.
    async fn order(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Order>> {
        by_id::<ids::Order, _, _>(ctx, &id, orders::query::get, Order).await
    }
}
