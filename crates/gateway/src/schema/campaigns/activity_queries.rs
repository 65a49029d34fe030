//! The campaigns root queries of activities: fairs and their compliance figure, community
//! events, county visits, employment.

use async_graphql::{Context, ID, Object};
use gateway_macros::connections;

use super::activities::{
    CommunityEvent, CountyVisit, Employment, EventState, FairCompliance, FairStatus, MarketFair,
};
use crate::schema::connection::Conn;
use crate::schema::connection::PageArgs;
use crate::schema::connection::connect_scoped;
use crate::schema::ids;
use crate::schema::{actor, by_id, state};

#[derive(Default)]
pub struct ActivityQuery;

#[connections]
#[Object]
impl ActivityQuery {
    /// 市集列表, optionally of one campaign, association, calendar year or status.
    async fn market_fairs(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        association_id: Option<ID>,
        year: Option<i32>,
        status: Option<FairStatus>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<MarketFair>> {
        let filter = (|| {
            Ok::<_, kernel::DomainError>(campaigns::fair::FairFilter {
                campaign_id: ids::parse_opt::<ids::Campaign>("campaignId", campaign_id.as_ref())?,
                association_id: ids::parse_opt::<ids::Association>(
                    "associationId",
                    association_id.as_ref(),
                )?,
                year,
                status: status.map(Into::into),
            })
        })()?;
        let (list, count) = (campaigns::fair::list, campaigns::fair::count);
        connect_scoped(ctx, args, &filter, list, count, MarketFair).await
    }

    /// 市集: null when it does not exist or the caller may not see it.
    async fn market_fair(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<MarketFair>> {
        by_id::<ids::MarketFair, _, _>(ctx, &id, campaigns::fair::get, MarketFair).await
    }

    /// 市集达标情况: "at least two fairs a year" per local association for a calendar year —
    /// the platform every local association, an association itself, an enterprise its
    /// association.
    async fn market_fair_compliance(
        &self,
        ctx: &Context<'_>,
        year: i32,
        association_id: Option<ID>,
    ) -> async_graphql::Result<Vec<FairCompliance>> {
        let association =
            ids::parse_opt::<ids::Association>("associationId", association_id.as_ref())?;
        let rows =
            campaigns::fair::compliance(&state(ctx)?.db, actor(ctx)?, year, association).await?;
        Ok(rows.into_iter().map(FairCompliance).collect())
    }

    /// 社区活动列表; `overdueOnly` lists approved or held events past their last day without
    /// a closing report.
    async fn community_events(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        #[graphql(name = "state")] state_is: Option<EventState>,
        #[graphql(default)] overdue_only: bool,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<CommunityEvent>> {
        let s = state(ctx)?;
        let filter = campaigns::event::EventFilter {
            campaign_id: ids::parse_opt::<ids::Campaign>("campaignId", campaign_id.as_ref())?,
            state: state_is.map(Into::into),
            overdue_on: overdue_only.then(|| s.clock.today()),
        };
        let (list, count) = (campaigns::event::list, campaigns::event::count);
        connect_scoped(ctx, args, &filter, list, count, CommunityEvent).await
    }

    /// 社区活动: null when it does not exist or the caller may not see it.
    async fn community_event(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CommunityEvent>> {
        by_id::<ids::CommunityEvent, _, _>(ctx, &id, campaigns::event::get, CommunityEvent).await
    }

    /// 县域考察列表
    async fn county_visits(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<CountyVisit>> {
        let campaign = ids::parse_opt::<ids::Campaign>("campaignId", campaign_id.as_ref())?;
        let (list, count) = (campaigns::visit::list, campaigns::visit::count);
        connect_scoped(ctx, args, campaign, list, count, CountyVisit).await
    }

    /// 县域考察: null when it does not exist or the caller may not see it.
    async fn county_visit(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CountyVisit>> {
        by_id::<ids::CountyVisit, _, _>(ctx, &id, campaigns::visit::get, CountyVisit).await
    }

    /// 就业扶贫列表
    async fn employments(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Employment>> {
        let campaign = ids::parse_opt::<ids::Campaign>("campaignId", campaign_id.as_ref())?;
        let (list, count) = (campaigns::employment::list, campaigns::employment::count);
        connect_scoped(ctx, args, campaign, list, count, Employment).await
    }

    /// 就业扶贫: null when it does not exist or the caller may not see it.
    async fn employment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Employment>> {
        by_id::<ids::Employment, _, _>(ctx, &id, campaigns::employment::get, Employment).await
    }
}
