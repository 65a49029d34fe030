//! Campaigns mutations of activities: fairs, community events and closing reports, county
//! visits, employment.

use async_graphql::{Context, Object};
use campaigns::event::{ClosingReportInput, EventInput};
use campaigns::fair::FairInput;
use campaigns::visit::{SelectionInput, VisitInput};

use super::activities::{ClosingReport, CommunityEvent, CountyVisit, Employment, MarketFair};
use super::activity_inputs::*;
use super::inputs::*;
use crate::schema::ids;
use crate::schema::payload::respond;
use crate::schema::{actor, state, write_by_id};

#[derive(Default)]
pub struct ActivityMutation;

type Ids = (Option<uuid::Uuid>, Option<uuid::Uuid>, Option<uuid::Uuid>);

/// Parses the organiser and place ids every activity input carries.
fn organiser_ids(
    association: Option<&async_graphql::ID>,
    enterprise: Option<&async_graphql::ID>,
    project: Option<&async_graphql::ID>,
) -> Result<Ids, kernel::DomainError> {
    Ok((
        ids::parse_opt::<ids::Association>("associationId", association)?,
        ids::parse_opt::<ids::Enterprise>("enterpriseId", enterprise)?,
        ids::parse_opt::<ids::Project>("projectId", project)?,
    ))
}

#[Object]
impl ActivityMutation {
    /// 登记市集: a local association's fair (or an enterprise's, counted for its association).
    async fn create_market_fair(
        &self,
        ctx: &Context<'_>,
        input: CreateMarketFairInput,
    ) -> async_graphql::Result<MarketFairPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let campaign = ids::parse::<ids::Campaign>("campaignId", &input.campaign_id)?;
            let (association_id, enterprise_id, project_id) = organiser_ids(
                input.association_id.as_ref(),
                input.enterprise_id.as_ref(),
                input.project_id.as_ref(),
            )?;
            let fair = FairInput {
                campaign_id: campaign,
                association_id,
                enterprise_id,
                name: input.name,
                project_id,
                address: input.address,
                starts_on: input.starts_on.0,
                ends_on: input.ends_on.map(|d| d.0),
            };
            kernel::db::write(&s.db, async move |txn| {
                campaigns::fair::create(txn, actor, &s.clock, fair).await
            })
            .await
        }
        .await;
        MarketFairPayload::from_result(ctx, result, MarketFair)
    }

    /// 登记市集已举办 (on or after its first day), with visitors and sales.
    async fn record_market_fair_held(
        &self,
        ctx: &Context<'_>,
        input: RecordMarketFairHeldInput,
    ) -> async_graphql::Result<MarketFairPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let id = ids::parse::<ids::MarketFair>("id", &input.id)?;
            let sales = input.sales.map(|f| f.0);
            kernel::db::write(&s.db, async move |txn| {
                campaigns::fair::record_held(txn, actor, &s.clock, id, input.visitor_count, sales)
                    .await
            })
            .await
        }
        .await;
        MarketFairPayload::from_result(ctx, result, MarketFair)
    }

    /// 取消市集 (planned fairs only).
    async fn cancel_market_fair(
        &self,
        ctx: &Context<'_>,
        input: CancelMarketFairInput,
    ) -> async_graphql::Result<MarketFairPayload> {
        let result = write_by_id::<ids::MarketFair, _>(
            ctx,
            "id",
            &input.id,
            async |txn, actor, clock, id| campaigns::fair::cancel(txn, actor, clock, id).await,
        )
        .await?;
        MarketFairPayload::from_result(ctx, result, MarketFair)
    }

    /// 申请社区活动: at least 28 days ahead (Asia/Shanghai); later is `TOO_LATE_TO_APPLY`.
    async fn apply_for_community_event(
        &self,
        ctx: &Context<'_>,
        input: ApplyForCommunityEventInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let campaign = ids::parse::<ids::Campaign>("campaignId", &input.campaign_id)?;
            let (association_id, enterprise_id, project_id) = organiser_ids(
                input.association_id.as_ref(),
                input.enterprise_id.as_ref(),
                input.project_id.as_ref(),
            )?;
            let event = EventInput {
                campaign_id: campaign,
                association_id,
                enterprise_id,
                title: input.title,
                project_id,
                address: input.address,
                starts_on: input.starts_on.0,
                ends_on: input.ends_on.map(|d| d.0),
                tasting_products: input.tasting_products,
                expected_attendance: input.expected_attendance,
            };
            kernel::db::write(&s.db, async move |txn| {
                campaigns::event::apply(txn, actor, &s.clock, event).await
            })
            .await
        }
        .await;
        event_payload(ctx, result.map(|e| (e, None)))
    }

    /// 审批社区活动 (platform admins).
    async fn decide_community_event(
        &self,
        ctx: &Context<'_>,
        input: DecideCommunityEventInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let id = ids::parse::<ids::CommunityEvent>("id", &input.id)?;
            let reason = input.reason.as_deref();
            kernel::db::write(&s.db, async move |txn| {
                campaigns::event::decide(txn, actor, &s.clock, id, input.approve, reason).await
            })
            .await
        }
        .await;
        event_payload(ctx, result.map(|e| (e, None)))
    }

    /// 登记社区活动已举办 (the organiser, on or after its first day).
    async fn mark_community_event_held(
        &self,
        ctx: &Context<'_>,
        input: MarkCommunityEventHeldInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let result = write_by_id::<ids::CommunityEvent, _>(
            ctx,
            "id",
            &input.id,
            async |txn, actor, clock, id| campaigns::event::mark_held(txn, actor, clock, id).await,
        )
        .await?;
        event_payload(ctx, result.map(|e| (e, None)))
    }

    /// 提交结案报告: closes the event (approved or held, its first day come).
    async fn file_closing_report(
        &self,
        ctx: &Context<'_>,
        input: FileClosingReportInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let id = ids::parse::<ids::CommunityEvent>("eventId", &input.event_id)?;
            let report = ClosingReportInput {
                attendance: input.attendance,
                products_tasted: input.products_tasted,
                sales_fen: input.sales.map(|f| f.0),
                photo_urls: input.photo_urls,
                summary: input.summary,
            };
            kernel::db::write(&s.db, async move |txn| {
                campaigns::event::file_closing_report(txn, actor, &s.clock, id, report).await
            })
            .await
        }
        .await;
        event_payload(ctx, result.map(|(e, r)| (e, Some(r))))
    }

    /// 登记县域考察选品, with the products selected.
    async fn create_county_visit(
        &self,
        ctx: &Context<'_>,
        input: CreateCountyVisitInput,
    ) -> async_graphql::Result<CountyVisitPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let campaign = ids::parse::<ids::Campaign>("campaignId", &input.campaign_id)?;
            let (association_id, enterprise_id, _) = organiser_ids(
                input.association_id.as_ref(),
                input.enterprise_id.as_ref(),
                None,
            )?;
            let visit = VisitInput {
                campaign_id: campaign,
                association_id,
                enterprise_id,
                county_code: input.county_code,
                starts_on: input.starts_on.0,
                ends_on: input.ends_on.map(|d| d.0),
                participant_count: input.participant_count,
                owner_representative_count: input.owner_representative_count,
                selected_products: input
                    .selected_products
                    .into_iter()
                    .map(|p| SelectionInput {
                        name: p.name,
                        supplier_name: p.supplier_name,
                    })
                    .collect(),
                summary: input.summary,
            };
            kernel::db::write(&s.db, async move |txn| {
                campaigns::visit::create(txn, actor, &s.clock, visit).await
            })
            .await
        }
        .await;
        CountyVisitPayload::from_result(ctx, result, |(v, _)| CountyVisit(v))
    }

    /// 登记就业扶贫: a job for a member of a registered poor household (pseudonymous).
    async fn record_employment(
        &self,
        ctx: &Context<'_>,
        input: RecordEmploymentInput,
    ) -> async_graphql::Result<EmploymentPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let campaign = ids::parse::<ids::Campaign>("campaignId", &input.campaign_id)?;
            let enterprise =
                ids::parse_opt::<ids::Enterprise>("enterpriseId", input.enterprise_id.as_ref())?;
            let job = campaigns::employment::EmploymentInput {
                campaign_id: campaign,
                enterprise_id: enterprise,
                county_code: input.county_code,
                role: input.role,
                starts_on: input.starts_on.0,
                person_ref: input.person_ref,
            };
            kernel::db::write(&s.db, async move |txn| {
                campaigns::employment::record(txn, actor, &s.clock, job).await
            })
            .await
        }
        .await;
        EmploymentPayload::from_result(ctx, result, Employment)
    }
}

type EventResult = kernel::DomainResult<(
    campaigns::entity::community_event::Model,
    Option<campaigns::entity::closing_report::Model>,
)>;

fn event_payload(
    ctx: &Context<'_>,
    result: EventResult,
) -> async_graphql::Result<CommunityEventPayload> {
    let (pair, user_errors) = respond(ctx, result, |p| p)?;
    let (community_event, closing_report) = match pair {
        Some((e, r)) => (Some(CommunityEvent(e)), r.map(ClosingReport)),
        None => (None, None),
    };
    Ok(CommunityEventPayload {
        community_event,
        closing_report,
        user_errors,
    })
}
