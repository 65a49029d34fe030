//! The campaigns root queries.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::activities::{
    CommunityEvent, CountyVisit, Employment, FairCompliance, FairStatus, MarketFair,
};
use super::enlistment::{Enlistment, EnlistmentKind, EnlistmentState};
use super::reports::{MissingProgressReport, ProgressReport, ProgressReportDraft, ReportKind};
use super::types::{Campaign, CampaignMoment, CampaignPhase};
use super::{connection, found};
use crate::error::to_graphql;
use crate::schema::connection::{Conn, PageArgs, cost};
use crate::schema::node::{parse_id, parse_opt_id};
use crate::schema::scalars::Date;
use crate::schema::{actor, state};

fn page(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> PageArgs {
    PageArgs {
        first,
        after,
        last,
        before,
    }
}

#[derive(Default)]
pub struct CampaignsQuery;

#[Object]
impl CampaignsQuery {
    /// 战役列表: every campaign, the latest first (public to every authenticated caller).
    async fn campaigns(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Campaign>> {
        actor(ctx)?;
        let rows = campaigns::calendar::list(&state(ctx)?.db)
            .await
            .map_err(|e| to_graphql(ctx, e))?;
        Ok(rows.into_iter().map(Campaign).collect())
    }

    /// 战役
    async fn campaign(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Campaign>> {
        actor(ctx)?;
        let id = parse_id("id", &id, "Campaign").map_err(|e| to_graphql(ctx, e))?;
        found(
            ctx,
            campaigns::calendar::get(&state(ctx)?.db, id)
                .await
                .map(Campaign),
        )
    }

    /// 当前战役: the campaign a day (default today, Asia/Shanghai) falls in; null if none.
    async fn current_campaign(
        &self,
        ctx: &Context<'_>,
        date: Option<Date>,
    ) -> async_graphql::Result<Option<Campaign>> {
        actor(ctx)?;
        let s = state(ctx)?;
        let day = date.map_or_else(|| s.clock.today(), |d| d.0);
        let found = campaigns::calendar::campaign_on(&s.db, day)
            .await
            .map_err(|e| to_graphql(ctx, e))?;
        Ok(found.map(Campaign))
    }

    /// 时刻所在阶段: the campaign and phase a moment (e.g. a sale) is counted in, on the
    /// Asia/Shanghai calendar; null outside every campaign phase.
    async fn campaign_phase_at(
        &self,
        ctx: &Context<'_>,
        at: DateTime<Utc>,
    ) -> async_graphql::Result<Option<CampaignMoment>> {
        actor(ctx)?;
        let found = campaigns::calendar::phase_at(&state(ctx)?.db, at)
            .await
            .map_err(|e| to_graphql(ctx, e))?;
        Ok(found.map(|(campaign, phase)| CampaignMoment {
            campaign: Campaign(campaign),
            phase: CampaignPhase(phase),
            date: Date(campaigns::calendar::campaign_day(at)),
        }))
    }

    /// 参战书列表: the platform all; an association its own and its members'; an enterprise its
    /// own.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    #[expect(clippy::too_many_arguments, reason = "Relay arguments plus filters")]
    async fn enlistments(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        kind: Option<EnlistmentKind>,
        #[graphql(name = "state")] state_is: Option<EnlistmentState>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Enlistment>> {
        let campaign_id = parse_opt_id("campaignId", campaign_id.as_ref(), "Campaign")
            .map_err(|e| to_graphql(ctx, e))?;
        let filter = campaigns::enlistment::EnlistmentFilter {
            campaign_id,
            kind: kind.map(Into::into),
            state: state_is.map(Into::into),
        };
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connection!(
            ctx,
            page(first, after, last, before),
            |spec| campaigns::enlistment::list(db, actor, &filter, spec),
            campaigns::enlistment::count(db, actor, &filter),
            Enlistment
        )
    }

    /// 参战书
    async fn enlistment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Enlistment>> {
        let id = parse_id("id", &id, "Enlistment").map_err(|e| to_graphql(ctx, e))?;
        found(
            ctx,
            campaigns::enlistment::get(&state(ctx)?.db, actor(ctx)?, id)
                .await
                .map(Enlistment),
        )
    }

    /// 市集列表, optionally of one campaign, association, calendar year or status.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    #[expect(clippy::too_many_arguments, reason = "Relay arguments plus filters")]
    async fn market_fairs(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        association_id: Option<ID>,
        year: Option<i32>,
        status: Option<FairStatus>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<MarketFair>> {
        let filter = (|| {
            Ok::<_, kernel::DomainError>(campaigns::fair::FairFilter {
                campaign_id: parse_opt_id("campaignId", campaign_id.as_ref(), "Campaign")?,
                association_id: parse_opt_id(
                    "associationId",
                    association_id.as_ref(),
                    "Association",
                )?,
                year,
                status: status.map(Into::into),
            })
        })()
        .map_err(|e| to_graphql(ctx, e))?;
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connection!(
            ctx,
            page(first, after, last, before),
            |spec| campaigns::fair::list(db, actor, &filter, spec),
            campaigns::fair::count(db, actor, &filter),
            MarketFair
        )
    }

    /// 市集
    async fn market_fair(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<MarketFair>> {
        let id = parse_id("id", &id, "MarketFair").map_err(|e| to_graphql(ctx, e))?;
        found(
            ctx,
            campaigns::fair::get(&state(ctx)?.db, actor(ctx)?, id)
                .await
                .map(MarketFair),
        )
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
        let association = parse_opt_id("associationId", association_id.as_ref(), "Association")
            .map_err(|e| to_graphql(ctx, e))?;
        let rows = campaigns::fair::compliance(&state(ctx)?.db, actor(ctx)?, year, association)
            .await
            .map_err(|e| to_graphql(ctx, e))?;
        Ok(rows.into_iter().map(FairCompliance).collect())
    }

    /// 社区活动列表; `overdueOnly` lists approved or held events past their last day without
    /// a closing report.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    #[expect(clippy::too_many_arguments, reason = "Relay arguments plus filters")]
    async fn community_events(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        #[graphql(name = "state")] state_is: Option<super::activities::EventState>,
        #[graphql(default)] overdue_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<CommunityEvent>> {
        let s = state(ctx)?;
        let filter = campaigns::event::EventFilter {
            campaign_id: parse_opt_id("campaignId", campaign_id.as_ref(), "Campaign")
                .map_err(|e| to_graphql(ctx, e))?,
            state: state_is.map(Into::into),
            overdue_on: overdue_only.then(|| s.clock.today()),
        };
        let (db, actor) = (&s.db, actor(ctx)?);
        connection!(
            ctx,
            page(first, after, last, before),
            |spec| campaigns::event::list(db, actor, &filter, spec),
            campaigns::event::count(db, actor, &filter),
            CommunityEvent
        )
    }

    /// 社区活动
    async fn community_event(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CommunityEvent>> {
        let id = parse_id("id", &id, "CommunityEvent").map_err(|e| to_graphql(ctx, e))?;
        found(
            ctx,
            campaigns::event::get(&state(ctx)?.db, actor(ctx)?, id)
                .await
                .map(CommunityEvent),
        )
    }

    /// 县域考察列表
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    async fn county_visits(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<CountyVisit>> {
        let campaign = parse_opt_id("campaignId", campaign_id.as_ref(), "Campaign")
            .map_err(|e| to_graphql(ctx, e))?;
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connection!(
            ctx,
            page(first, after, last, before),
            |spec| campaigns::visit::list(db, actor, campaign, spec),
            campaigns::visit::count(db, actor, campaign),
            CountyVisit
        )
    }

    /// 县域考察
    async fn county_visit(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CountyVisit>> {
        let id = parse_id("id", &id, "CountyVisit").map_err(|e| to_graphql(ctx, e))?;
        found(
            ctx,
            campaigns::visit::get(&state(ctx)?.db, actor(ctx)?, id)
                .await
                .map(CountyVisit),
        )
    }

    /// 就业扶贫列表
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    async fn employments(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Employment>> {
        let campaign = parse_opt_id("campaignId", campaign_id.as_ref(), "Campaign")
            .map_err(|e| to_graphql(ctx, e))?;
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connection!(
            ctx,
            page(first, after, last, before),
            |spec| campaigns::employment::list(db, actor, campaign, spec),
            campaigns::employment::count(db, actor, campaign),
            Employment
        )
    }

    /// 就业扶贫
    async fn employment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Employment>> {
        let id = parse_id("id", &id, "Employment").map_err(|e| to_graphql(ctx, e))?;
        found(
            ctx,
            campaigns::employment::get(&state(ctx)?.db, actor(ctx)?, id)
                .await
                .map(Employment),
        )
    }

    /// 进度报告列表: the platform all; an association its own.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    #[expect(clippy::too_many_arguments, reason = "Relay arguments plus filters")]
    async fn progress_reports(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        kind: Option<ReportKind>,
        association_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<ProgressReport>> {
        let filter = (|| {
            Ok::<_, kernel::DomainError>(campaigns::report::ReportFilter {
                campaign_id: parse_opt_id("campaignId", campaign_id.as_ref(), "Campaign")?,
                kind: kind.map(Into::into),
                association_id: parse_opt_id(
                    "associationId",
                    association_id.as_ref(),
                    "Association",
                )?,
            })
        })()
        .map_err(|e| to_graphql(ctx, e))?;
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connection!(
            ctx,
            page(first, after, last, before),
            |spec| campaigns::report::list(db, actor, &filter, spec),
            campaigns::report::count(db, actor, &filter),
            ProgressReport
        )
    }

    /// 进度报告
    async fn progress_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<ProgressReport>> {
        let id = parse_id("id", &id, "ProgressReport").map_err(|e| to_graphql(ctx, e))?;
        found(
            ctx,
            campaigns::report::get(&state(ctx)?.db, actor(ctx)?, id)
                .await
                .map(ProgressReport),
        )
    }

    /// 进度报告草稿: the report form for a period, pre-filled with what yijin knows (monthly:
    /// an association's admins or the platform naming it; weekly: the platform).
    async fn progress_report_draft(
        &self,
        ctx: &Context<'_>,
        campaign_id: ID,
        kind: ReportKind,
        association_id: Option<ID>,
        period_start: Date,
    ) -> async_graphql::Result<ProgressReportDraft> {
        let s = state(ctx)?;
        let actor = actor(ctx)?;
        let draft = async {
            let campaign = parse_id("campaignId", &campaign_id, "Campaign")?;
            let association =
                parse_opt_id("associationId", association_id.as_ref(), "Association")?;
            campaigns::report::draft(
                &s.db,
                actor,
                &s.clock,
                campaign,
                kind.into(),
                association,
                period_start.0,
            )
            .await
        }
        .await
        .map_err(|e| to_graphql(ctx, e))?;
        Ok(ProgressReportDraft(draft))
    }

    /// 缺报列表: closed periods of the campaign nobody has reported yet (monthly: associations
    /// with a confirmed enlistment, from the month of confirmation; weekly: the service team).
    async fn missing_progress_reports(
        &self,
        ctx: &Context<'_>,
        campaign_id: ID,
        kind: ReportKind,
        association_id: Option<ID>,
    ) -> async_graphql::Result<Vec<MissingProgressReport>> {
        let s = state(ctx)?;
        let actor = actor(ctx)?;
        let rows = async {
            let campaign = parse_id("campaignId", &campaign_id, "Campaign")?;
            let association =
                parse_opt_id("associationId", association_id.as_ref(), "Association")?;
            campaigns::report::missing(&s.db, actor, &s.clock, campaign, kind.into(), association)
                .await
        }
        .await
        .map_err(|e| to_graphql(ctx, e))?;
        Ok(rows.into_iter().map(MissingProgressReport).collect())
    }
}
