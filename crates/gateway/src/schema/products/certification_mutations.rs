//! Certification mutations (扶贫产品认定): the supplier applies; the platform, as reviewer,
//! approves or rejects, runs the public notice, lists, suspends, reinstates and revokes.

use async_graphql::{Context, ID, InputObject, Object};
use kernel::db::DatabaseTransaction;
use kernel::{Actor, Clock, DomainResult};
use products::entity::certification;
use uuid::Uuid;

use super::ProductUserError;
use super::certification::Certification;
use crate::schema::ids;
use crate::schema::payload::payload;
use crate::schema::scalars::Date;
use crate::schema::{mutate_by_id, mutate_with};

payload!(CertificationPayload, certification: Certification, ProductUserError, "认定变更结果");

/// 申请认定 (the supplier)
#[derive(InputObject)]
pub struct ApplyForCertificationInput {
    pub product_id: ID,
}

/// 认定审核: approve, or reject with a reason (the platform).
#[derive(InputObject)]
pub struct DecideCertificationInput {
    pub id: ID,
    pub approve: bool,
    /// Required when rejecting.
    pub comment: Option<String>,
}

/// 开始公示 (the platform)
#[derive(InputObject)]
pub struct StartCertificationPublicityInput {
    pub id: ID,
    /// 公示天数: 1 to 60, default 7.
    pub days: Option<u32>,
}

/// 入目录: list the product once the notice period is over (the platform).
#[derive(InputObject)]
pub struct ListCertificationInput {
    pub id: ID,
    /// 目录批次, e.g. "2020年第一批".
    pub catalogue_batch: String,
    /// 证书编号
    pub certificate_no: String,
    pub valid_from: Date,
    pub valid_to: Date,
}

/// 下架 / 恢复 / 撤销 with a comment (required to suspend or revoke).
#[derive(InputObject)]
pub struct CertificationCommentInput {
    pub id: ID,
    pub comment: Option<String>,
}

/// Takes a step on the certification `id` (a bad id is a `userError` on `input.id`) in a write
/// transaction of its own, and builds the payload.
async fn step(
    ctx: &Context<'_>,
    id: &ID,
    take: impl AsyncFnOnce(
        &DatabaseTransaction,
        &Actor,
        &Clock,
        Uuid,
    ) -> DomainResult<certification::Model>,
) -> async_graphql::Result<CertificationPayload> {
    mutate_by_id::<ids::Certification, _, _>(ctx, "id", id, take, Certification).await
}

/// [`step`] for the steps that take a comment (suspend, reinstate, revoke).
async fn commented(
    ctx: &Context<'_>,
    input: CertificationCommentInput,
    take: impl AsyncFnOnce(
        &DatabaseTransaction,
        &Actor,
        &Clock,
        Uuid,
        Option<&str>,
    ) -> DomainResult<certification::Model>,
) -> async_graphql::Result<CertificationPayload> {
    let (id, comment) = (("id", &input.id), input.comment.as_deref());
    mutate_with::<ids::Certification, _, _, _>(ctx, id, comment, take, Certification).await
}

#[derive(Default)]
pub struct CertificationMutation;

#[Object]
impl CertificationMutation {
    /// 申请认定 (SUBMITTED). The product's supplier.
    async fn apply_for_certification(
        &self,
        ctx: &Context<'_>,
        input: ApplyForCertificationInput,
    ) -> async_graphql::Result<CertificationPayload> {
        mutate_by_id::<ids::Product, _, _>(
            ctx,
            "productId",
            &input.product_id,
            products::certification::apply,
            Certification,
        )
        .await
    }

    /// 认定审核: COUNTY_APPROVED, or REJECTED with a reason. The platform.
    async fn decide_certification(
        &self,
        ctx: &Context<'_>,
        input: DecideCertificationInput,
    ) -> async_graphql::Result<CertificationPayload> {
        let comment = input.comment.as_deref();
        step(ctx, &input.id, async |txn, actor, clock, id| {
            products::certification::decide(txn, actor, clock, id, input.approve, comment).await
        })
        .await
    }

    /// 开始公示 (PUBLICIZING). The platform.
    async fn start_certification_publicity(
        &self,
        ctx: &Context<'_>,
        input: StartCertificationPublicityInput,
    ) -> async_graphql::Result<CertificationPayload> {
        step(ctx, &input.id, async |txn, actor, clock, id| {
            products::certification::start_publicity(txn, actor, clock, id, input.days).await
        })
        .await
    }

    /// 入目录 (LISTED) after the notice period. The platform.
    async fn list_certification(
        &self,
        ctx: &Context<'_>,
        input: ListCertificationInput,
    ) -> async_graphql::Result<CertificationPayload> {
        let decision = products::certification::ListingDecision {
            catalogue_batch: input.catalogue_batch,
            certificate_no: input.certificate_no,
            valid_from: input.valid_from.0,
            valid_to: input.valid_to.0,
        };
        step(ctx, &input.id, async |txn, actor, clock, id| {
            products::certification::list(txn, actor, clock, id, decision).await
        })
        .await
    }

    /// 下架 (SUSPENDED) after a failed spot check; a comment is required. The platform.
    async fn suspend_certification(
        &self,
        ctx: &Context<'_>,
        input: CertificationCommentInput,
    ) -> async_graphql::Result<CertificationPayload> {
        commented(ctx, input, products::certification::suspend).await
    }

    /// 恢复: lifts a suspension (back to LISTED). The platform.
    async fn reinstate_certification(
        &self,
        ctx: &Context<'_>,
        input: CertificationCommentInput,
    ) -> async_graphql::Result<CertificationPayload> {
        commented(ctx, input, products::certification::reinstate).await
    }

    /// 撤销 (REVOKED) for good; a comment is required. The platform.
    async fn revoke_certification(
        &self,
        ctx: &Context<'_>,
        input: CertificationCommentInput,
    ) -> async_graphql::Result<CertificationPayload> {
        commented(ctx, input, products::certification::revoke).await
    }
}
