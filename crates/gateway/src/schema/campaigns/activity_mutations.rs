//! Campaigns mutations of activities: fairs, community events and closing reports, county
//! visits, employment.

use async_graphql::{Context, ID, Object};
use campaigns::event::{ClosingReportInput, EventInput};
use campaigns::fair::FairInput;
use campaigns::visit::{SelectionInput, VisitInput};
use kernel::DomainResult;
use uuid::Uuid;

use super::activities::{ClosingReport, CommunityEvent, CountyVisit, Employment, MarketFair};
use super::activity_inputs::*;
use super::inputs::*;
use crate::schema::ids;
use crate::schema::payload::respond;
use crate::schema::{mutate, mutate_by_id, write_by_id, written};

#[derive(Default)]
pub struct ActivityMutation;

/// The campaign, organiser and place ids every activity input carries.
struct Organiser {
    campaign: Uuid,
    association: Option<Uuid>,
    enterprise: Option<Uuid>,
    project: Option<Uuid>,
}

/// Parses the campaign, organiser and place ids of an activity input.
fn organiser(
    campaign: &ID,
    association: Option<&ID>,
    enterprise: Option<&ID>,
    project: Option<&ID>,
) -> DomainResult<Organiser> {
    Ok(Organiser {
        campaign: ids::parse::<ids::Campaign>("campaignId", campaign)?,
        association: ids::parse_opt::<ids::Association>("associationId", association)?,
        enterprise: ids::parse_opt::<ids::Enterprise>("enterpriseId", enterprise)?,
        project: ids::parse_opt::<ids::Project>("projectId", project)?,
    })
}

#[Object]
impl ActivityMutation {
    /// 登记市集: a local association's fair (or an enterprise's, counted for its association).
    async fn create_market_fair(
        &self,
        ctx: &Context<'_>,
        input: CreateMarketFairInput,
    ) -> async_graphql::Result<MarketFairPayload> {
        let fair = organiser(
            &input.campaign_id,
            input.association_id.as_ref(),
            input.enterprise_id.as_ref(),
            input.project_id.as_ref(),
        )
        .map(|o| FairInput {
            campaign_id: o.campaign,
            association_id: o.association,
            enterprise_id: o.enterprise,
            name: input.name,
            project_id: o.project,
            address: input.address,
            starts_on: input.starts_on.0,
            ends_on: input.ends_on.map(|d| d.0),
        });
        mutate(ctx, fair, campaigns::fair::create, MarketFair).await
    }

    /// 登记市集已举办 (on or after its first day), with visitors and sales.
    async fn record_market_fair_held(
        &self,
        ctx: &Context<'_>,
        input: RecordMarketFairHeldInput,
    ) -> async_graphql::Result<MarketFairPayload> {
        let (visitors, sales) = (input.visitor_count, input.sales.map(|f| f.0));
        let record = async |txn: &_, actor: &_, clock: &_, id| {
            campaigns::fair::record_held(txn, actor, clock, id, visitors, sales).await
        };
        mutate_by_id::<ids::MarketFair, _, _>(ctx, "id", &input.id, record, MarketFair).await
    }

    /// 取消市集 (planned fairs only).
    async fn cancel_market_fair(
        &self,
        ctx: &Context<'_>,
        input: CancelMarketFairInput,
    ) -> async_graphql::Result<MarketFairPayload> {
        let cancel = campaigns::fair::cancel;
        mutate_by_id::<ids::MarketFair, _, _>(ctx, "id", &input.id, cancel, MarketFair).await
    }

    /// 申请社区活动: at least 28 days ahead (Asia/Shanghai); later is `TOO_LATE_TO_APPLY`.
    async fn apply_for_community_event(
        &self,
        ctx: &Context<'_>,
        input: ApplyForCommunityEventInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let event = organiser(
            &input.campaign_id,
            input.association_id.as_ref(),
            input.enterprise_id.as_ref(),
            input.project_id.as_ref(),
        )
        .map(|o| EventInput {
            campaign_id: o.campaign,
            association_id: o.association,
            enterprise_id: o.enterprise,
            title: input.title,
            project_id: o.project,
            address: input.address,
            starts_on: input.starts_on.0,
            ends_on: input.ends_on.map(|d| d.0),
            tasting_products: input.tasting_products,
            expected_attendance: input.expected_attendance,
        });
        let result = written(ctx, event, campaigns::event::apply).await?;
        event_payload(ctx, result.map(|e| (e, None)))
    }

    /// 审批社区活动 (platform admins).
    async fn decide_community_event(
        &self,
        ctx: &Context<'_>,
        input: DecideCommunityEventInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let (approve, reason) = (input.approve, input.reason.as_deref());
        let decide = async |txn: &_, actor: &_, clock: &_, id| {
            campaigns::event::decide(txn, actor, clock, id, approve, reason).await
        };
        let result = write_by_id::<ids::CommunityEvent, _>(ctx, "id", &input.id, decide).await?;
        event_payload(ctx, result.map(|e| (e, None)))
    }

    /// 登记社区活动已举办 (the organiser, on or after its first day).
    async fn mark_community_event_held(
        &self,
        ctx: &Context<'_>,
        input: MarkCommunityEventHeldInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let mark_held = campaigns::event::mark_held;
        let result = write_by_id::<ids::CommunityEvent, _>(ctx, "id", &input.id, mark_held).await?;
        event_payload(ctx, result.map(|e| (e, None)))
    }

    /// 提交结案报告: closes the event (approved or held, its first day come).
    async fn file_closing_report(
        &self,
        ctx: &Context<'_>,
        input: FileClosingReportInput,
    ) -> async_graphql::Result<CommunityEventPayload> {
        let report = ClosingReportInput {
            attendance: input.attendance,
            products_tasted: input.products_tasted,
            sales_fen: input.sales.map(|f| f.0),
            photo_urls: input.photo_urls,
            summary: input.summary,
        };
        let file = async |txn: &_, actor: &_, clock: &_, id| {
            campaigns::event::file_closing_report(txn, actor, clock, id, report).await
        };
        let event = &input.event_id;
        let result = write_by_id::<ids::CommunityEvent, _>(ctx, "eventId", event, file).await?;
        event_payload(ctx, result.map(|(e, r)| (e, Some(r))))
    }

    /// 登记县域考察选品, with the products selected.
    async fn create_county_visit(
        &self,
        ctx: &Context<'_>,
        input: CreateCountyVisitInput,
    ) -> async_graphql::Result<CountyVisitPayload> {
        let organiser = organiser(
            &input.campaign_id,
            input.association_id.as_ref(),
            input.enterprise_id.as_ref(),
            None,
        );
        let visit = organiser.map(|o| VisitInput {
            campaign_id: o.campaign,
            association_id: o.association,
            enterprise_id: o.enterprise,
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
        });
        mutate(ctx, visit, campaigns::visit::create, |(v, _)| {
            CountyVisit(v)
        })
        .await
    }

    /// 登记就业扶贫: a job for a member of a registered poor household (pseudonymous).
    async fn record_employment(
        &self,
        ctx: &Context<'_>,
        input: RecordEmploymentInput,
    ) -> async_graphql::Result<EmploymentPayload> {
        let organiser = organiser(&input.campaign_id, None, input.enterprise_id.as_ref(), None);
        let job = organiser.map(|o| campaigns::employment::EmploymentInput {
            campaign_id: o.campaign,
            enterprise_id: o.enterprise,
            county_code: input.county_code,
            role: input.role,
            starts_on: input.starts_on.0,
            person_ref: input.person_ref,
        });
        mutate(ctx, job, campaigns::employment::record, Employment).await
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
