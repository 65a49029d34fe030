//! The procurement root queries: purchase orders (an enterprise's admins their own and their
//! partners', a supplier those holding its lines, the platform all), partner companies, and
//! the occasions calendar.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;
use gateway_macros::connections;
use procurement::purchase::query::PurchaseOrderFilter as Filter;

use super::PurchaseOrderState;
use super::types::{Occasion, PartnerCompany, PurchaseOrder};
use crate::schema::connection::{Conn, PageArgs};
use crate::schema::connection::{ListFilter, connect_filtered};
use crate::schema::ids;
use crate::schema::{actor, by_id, state};
use kernel::DomainResult;

/// 集采单筛选
#[derive(InputObject, Default)]
pub struct PurchaseOrderFilter {
    /// 状态
    pub state: Option<PurchaseOrderState>,
    /// 合作企业
    pub partner_id: Option<ID>,
    /// 节点
    pub occasion_id: Option<ID>,
}

impl ListFilter for PurchaseOrderFilter {
    type Domain = Filter;
    fn domain(self) -> DomainResult<Filter> {
        Ok(Filter {
            state: self.state.map(Into::into),
            partner_id: ids::parse_opt::<ids::PartnerCompany>(
                "partnerId",
                self.partner_id.as_ref(),
            )?,
            occasion_id: ids::parse_opt::<ids::Occasion>("occasionId", self.occasion_id.as_ref())?,
        })
    }
}

#[derive(Default)]
pub struct PurchaseQuery;

#[connections]
#[Object]
impl PurchaseQuery {
    /// 集采单: the purchase orders the caller may see, oldest first.
    async fn purchase_orders(
        &self,
        ctx: &Context<'_>,
        filter: Option<PurchaseOrderFilter>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<PurchaseOrder>> {
        let (list, count) = (
            procurement::purchase::query::list,
            procurement::purchase::query::count,
        );
        connect_filtered(ctx, args, filter, list, count, PurchaseOrder).await
    }

    /// 集采单: one purchase order; null when it does not exist or the caller may not see it.
    async fn purchase_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<PurchaseOrder>> {
        by_id::<ids::PurchaseOrder, _, _>(
            ctx,
            &id,
            procurement::purchase::query::get,
            PurchaseOrder,
        )
        .await
    }

    /// 合作企业: those the caller's enterprise mobilised (all for the platform).
    async fn partner_companies(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<PartnerCompany>> {
        let rows = procurement::purchase::query::partners(&state(ctx)?.db, actor(ctx)?).await?;
        Ok(rows.into_iter().map(PartnerCompany).collect())
    }

    /// 节点日历: national occasions and the caller's enterprise's own, overlapping
    /// `[from, to]`, by start date (at most 500).
    async fn occasions(
        &self,
        ctx: &Context<'_>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> async_graphql::Result<Vec<Occasion>> {
        let rows = procurement::occasion::list(&state(ctx)?.db, actor(ctx)?, from, to).await?;
        Ok(rows.into_iter().map(Occasion).collect())
    }
}
