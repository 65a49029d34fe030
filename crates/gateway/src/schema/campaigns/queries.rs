//! The campaigns root queries.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use gateway_macros::connections;

use super::enlistment::{Enlistment, EnlistmentKind, EnlistmentState};
use super::reports::{ProgressReport, ProgressReportDraft, ReportKind, ReportSlot};
use super::types::{Campaign, CampaignMoment, CampaignPhase};
use crate::schema::connection::connect_scoped;
use crate::schema::connection::{Conn, PageArgs};
use crate::schema::ids;
use crate::schema::scalars::Date;
use crate::schema::{actor, by_id, state, visible};

#[derive(Default)]
pub struct CalendarQuery;

#[connections]
#[Object]
impl CalendarQuery {
    /// 战役列表: every campaign, the latest first (public to every authenticated caller).
    async fn campaigns(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Campaign>> {
        actor(ctx)?;
        let rows = campaigns::calendar::list(&state(ctx)?.db).await?;
        Ok(rows.into_iter().map(Campaign).collect())
    }

    /// 战役: null when there is none with this id.
    async fn campaign(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Campaign>> {
        by_id::<ids::Campaign, _, _>(
            ctx,
            &id,
            async |db, _, id| campaigns::calendar::get(db, id).await,
            Campaign,
        )
        .await
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
        let found = campaigns::calendar::campaign_on(&s.db, day).await?;
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
        let found = campaigns::calendar::phase_at(&state(ctx)?.db, at).await?;
        Ok(found.map(|(campaign, phase)| CampaignMoment {
            campaign: Campaign(campaign),
            phase: CampaignPhase(phase),
            date: Date(campaigns::calendar::campaign_day(at)),
        }))
    }

    /// 参战书列表: the platform all; an association its own and its members'; an enterprise its
    /// own.
    async fn enlistments(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        kind: Option<EnlistmentKind>,
        #[graphql(name = "state")] state_is: Option<EnlistmentState>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Enlistment>> {
        let campaign_id = ids::parse_opt::<ids::Campaign>("campaignId", campaign_id.as_ref())?;
        let filter = campaigns::enlistment::EnlistmentFilter {
            campaign_id,
            kind: kind.map(Into::into),
            state: state_is.map(Into::into),
        };
        let (list, count) = (campaigns::enlistment::list, campaigns::enlistment::count);
        connect_scoped(ctx, args, &filter, list, count, Enlistment).await
    }

    /// 参战书: null when it does not exist or the caller may not see it.
    async fn enlistment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Enlistment>> {
        by_id::<ids::Enlistment, _, _>(ctx, &id, campaigns::enlistment::get, Enlistment).await
    }

    /// 进度报告列表: the platform all; an association its own.
    async fn progress_reports(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        kind: Option<ReportKind>,
        association_id: Option<ID>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<ProgressReport>> {
        let filter = (|| {
            Ok::<_, kernel::DomainError>(campaigns::report::ReportFilter {
                campaign_id: ids::parse_opt::<ids::Campaign>("campaignId", campaign_id.as_ref())?,
                kind: kind.map(Into::into),
                association_id: ids::parse_opt::<ids::Association>(
                    "associationId",
                    association_id.as_ref(),
                )?,
            })
        })()?;
        let (list, count) = (campaigns::report::list, campaigns::report::count);
        connect_scoped(ctx, args, &filter, list, count, ProgressReport).await
    }

    /// 进度报告: null when it does not exist or the caller may not see it.
    async fn progress_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<ProgressReport>> {
        by_id::<ids::ProgressReport, _, _>(ctx, &id, campaigns::report::get, ProgressReport).await
    }

    /// 进度报告草稿: the report form for a period, pre-filled with what yijin knows (monthly:
    /// an association's admins or the platform naming it; weekly: the platform). Null when the
    /// campaign or the association does not exist or the caller may not report for it.
    async fn progress_report_draft(
        &self,
        ctx: &Context<'_>,
        campaign_id: ID,
        kind: ReportKind,
        association_id: Option<ID>,
        period_start: Date,
    ) -> async_graphql::Result<Option<ProgressReportDraft>> {
        let campaign = ids::parse::<ids::Campaign>("campaignId", &campaign_id)?;
        let association =
            ids::parse_opt::<ids::Association>("associationId", association_id.as_ref())?;
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let (kind, start) = (kind.into(), period_start.0);
        let draft =
            campaigns::report::draft(&s.db, actor, &s.clock, campaign, kind, association, start);
        // A missing or hidden campaign or association is null, as a by-id field answers.
        let Some(mut draft) = visible(draft.await)? else {
            return Ok(None);
        };
        prefill_sales(&s.db, &mut draft).await?;
        Ok(Some(ProgressReportDraft(draft)))
    }

    /// 缺报列表: closed periods of the campaign nobody has reported yet (monthly: associations
    /// with a confirmed enlistment, from the month of confirmation; weekly: the service team).
    async fn missing_progress_reports(
        &self,
        ctx: &Context<'_>,
        campaign_id: ID,
        kind: ReportKind,
        association_id: Option<ID>,
    ) -> async_graphql::Result<Vec<ReportSlot>> {
        let campaign = ids::parse::<ids::Campaign>("campaignId", &campaign_id)?;
        let association =
            ids::parse_opt::<ids::Association>("associationId", association_id.as_ref())?;
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let rows =
            campaigns::report::missing(&s.db, actor, &s.clock, campaign, kind.into(), association)
                .await?;
        Ok(rows.iter().map(ReportSlot::from).collect())
    }
}

/// 销售额 and 斤数 of a report's period come from the ledger (sealed sales of the period, of the
/// association or everyone's); the campaigns crate cannot read the ledger, which depends on it.
pub(super) async fn prefill_sales(
    db: &impl sea_orm::ConnectionTrait,
    draft: &mut campaigns::report::ReportDraft,
) -> Result<(), kernel::DomainError> {
    let (fen, grams) = ledger::scorecard::period::period_sales(
        db,
        draft.campaign_id,
        draft.association_id,
        draft.period_start,
        draft.period_end,
    )
    .await?;
    draft.figures.sales_fen = Some(fen.0);
    draft.figures.weight_grams = Some(grams.0);
    Ok(())
}
