//! Campaigns mutations (calendar, enlistments, progress reports): parse ids, call the domain
//! service, shape the payload.

use async_graphql::{Context, ID, Object};
use campaigns::calendar::{CampaignInput, PhaseInput, TargetInput};
use campaigns::entity::enlistment;
use kernel::db::DatabaseTransaction;
use kernel::{Actor, Clock, DomainResult};
use uuid::Uuid;

use super::activity_inputs::*;
use super::enlistment::Enlistment;
use super::inputs::*;
use super::reports::ProgressReport;
use super::types::Campaign;
use crate::schema::ids;
use crate::schema::payload::Payload;
use crate::schema::{actor, mutate, mutate_by_id, state};

#[derive(Default)]
pub struct CampaignMutation;

#[Object]
impl CampaignMutation {
    /// 新建战役 (platform admins): a campaign with its phases and targets.
    async fn create_campaign(
        &self,
        ctx: &Context<'_>,
        input: CreateCampaignInput,
    ) -> async_graphql::Result<CampaignPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = kernel::db::write(&s.db, async move |txn| {
            campaigns::calendar::create(
                txn,
                actor,
                &s.clock,
                CampaignInput {
                    name: input.name,
                    slogan: input.slogan,
                    starts_on: input.starts_on.0,
                    ends_on: input.ends_on.0,
                    phases: input
                        .phases
                        .into_iter()
                        .map(|p| PhaseInput {
                            kind: p.kind.into(),
                            name: p.name,
                            starts_on: p.starts_on.0,
                            ends_on: p.ends_on.0,
                        })
                        .collect(),
                    targets: input
                        .targets
                        .into_iter()
                        .map(|t| TargetInput {
                            kind: t.kind.into(),
                            value: t.value,
                            unit: t.unit,
                            description: t.description,
                        })
                        .collect(),
                },
            )
            .await
        })
        .await;
        CampaignPayload::from_result(ctx, result, Campaign)
    }

    /// 保存协会版参战书（草稿）: association admins for their own association; the platform
    /// names it.
    async fn save_association_enlistment(
        &self,
        ctx: &Context<'_>,
        input: SaveAssociationEnlistmentInput,
    ) -> async_graphql::Result<EnlistmentPayload> {
        let organiser = ("associationId", input.association_id.as_ref());
        let save = campaigns::enlistment::save_association;
        save_enlistment::<ids::Association, _>(ctx, &input.campaign_id, organiser, input.form, save)
            .await
    }

    /// 保存企业版参战书（草稿）: enterprise admins for their own enterprise; the platform names
    /// it.
    async fn save_enterprise_enlistment(
        &self,
        ctx: &Context<'_>,
        input: SaveEnterpriseEnlistmentInput,
    ) -> async_graphql::Result<EnlistmentPayload> {
        let organiser = ("enterpriseId", input.enterprise_id.as_ref());
        let save = campaigns::enlistment::save_enterprise;
        save_enlistment::<ids::Enterprise, _>(ctx, &input.campaign_id, organiser, input.form, save)
            .await
    }

    /// 提交参战书: checks every rule of the form and returns every problem at once, with paths
    /// as in the save input (`["input", "form", "lead", "phone"]`).
    async fn submit_enlistment(
        &self,
        ctx: &Context<'_>,
        input: EnlistmentIdInput,
    ) -> async_graphql::Result<EnlistmentPayload> {
        let submit = campaigns::enlistment::submit;
        mutate_by_id::<ids::Enlistment, _, _>(ctx, "id", &input.id, submit, Enlistment).await
    }

    /// 退回参战书 with a reason: the platform; for an enterprise's form also its association.
    async fn return_enlistment(
        &self,
        ctx: &Context<'_>,
        input: ReturnEnlistmentInput,
    ) -> async_graphql::Result<EnlistmentPayload> {
        let reason = &input.reason;
        let send_back = async |txn: &_, actor: &_, clock: &_, id| {
            campaigns::enlistment::send_back(txn, actor, clock, id, reason).await
        };
        mutate_by_id::<ids::Enlistment, _, _>(ctx, "id", &input.id, send_back, Enlistment).await
    }

    /// 确认参战书: the platform; for an enterprise's form also its association.
    async fn confirm_enlistment(
        &self,
        ctx: &Context<'_>,
        input: EnlistmentIdInput,
    ) -> async_graphql::Result<EnlistmentPayload> {
        let confirm = campaigns::enlistment::confirm;
        mutate_by_id::<ids::Enlistment, _, _>(ctx, "id", &input.id, confirm, Enlistment).await
    }

    /// 提交进度报告: one per reporter and period; figures left out take the pre-filled values.
    async fn file_progress_report(
        &self,
        ctx: &Context<'_>,
        input: FileProgressReportInput,
    ) -> async_graphql::Result<ProgressReportPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let campaign = ids::parse::<ids::Campaign>("campaignId", &input.campaign_id)?;
            let association =
                ids::parse_opt::<ids::Association>("associationId", input.association_id.as_ref())?;
            kernel::db::write(&s.db, async move |txn| {
                let mut report = campaigns::report::ReportInput {
                    campaign_id: campaign,
                    kind: input.kind.into(),
                    association_id: association,
                    period_start: input.period_start.0,
                    highlights: input.highlights,
                    problems: input.problems,
                    next_steps: input.next_steps,
                    enterprises_enlisted: input.enterprises_enlisted,
                    fairs_held: input.fairs_held,
                    events_held: input.events_held,
                    events_closed: input.events_closed,
                    county_visits: input.county_visits,
                    jobs_created: input.jobs_created,
                    sales_fen: input.sales.map(|f| f.0),
                    weight_grams: input.weight.map(|g| g.0),
                };
                // Sales left out take the ledger's figures for the period, like the draft shows.
                let mut known =
                    campaigns::report::filing_draft(txn, actor, &s.clock, &report).await?;
                super::queries::prefill_sales(txn, &mut known).await?;
                report.sales_fen = report.sales_fen.or(known.figures.sales_fen);
                report.weight_grams = report.weight_grams.or(known.figures.weight_grams);
                campaigns::report::file(txn, actor, &s.clock, report).await
            })
            .await
        }
        .await;
        ProgressReportPayload::from_result(ctx, result, ProgressReport)
    }
}

/// Saves an enlistment form of the organisation `organiser` names (`T`; none: the caller's
/// own) in `campaign_id`'s campaign.
async fn save_enlistment<T: ids::Identified, F>(
    ctx: &Context<'_>,
    campaign_id: &ID,
    (field, organiser): (&str, Option<&ID>),
    form: impl Into<F>,
    save: impl AsyncFnOnce(
        &DatabaseTransaction,
        &Actor,
        &Clock,
        Uuid,
        Option<Uuid>,
        F,
    ) -> DomainResult<enlistment::Model>,
) -> async_graphql::Result<EnlistmentPayload> {
    let parsed = ids::parse::<ids::Campaign>("campaignId", campaign_id)
        .and_then(|c| Ok((c, ids::parse_opt::<T>(field, organiser)?)));
    let form = form.into();
    let save = async |txn: &_, actor: &_, clock: &_, (campaign, organiser)| {
        save(txn, actor, clock, campaign, organiser, form).await
    };
    mutate(ctx, parsed, save, Enlistment).await
}
