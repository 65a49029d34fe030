//! GraphQL objects of 扶贫产品认定: applications with their recorded history, and the public
//! badge a catalogue shows.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use products::entity::{certification, certification_event};

use super::types::Product;
use crate::schema::ids;
use crate::schema::loaders::CertificationEventsKey;
use crate::schema::scalars::Date;
use crate::schema::{load_children, state};

/// 认定状态: SUBMITTED → COUNTY_APPROVED (or REJECTED) → PUBLICIZING → LISTED; a listed
/// certification may be SUSPENDED (and reinstated) or REVOKED, and reads EXPIRED after its
/// valid-to date.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "products::entity::certification::CertificationState")]
pub enum CertificationState {
    /// 已申请 (submitted by the supplier)
    Submitted,
    /// 县级认定通过 (approved by the reviewer)
    CountyApproved,
    /// 未通过 (rejected, with a reason)
    Rejected,
    /// 公示中 (public notice running)
    Publicizing,
    /// 已入目录 (listed in the catalogue, valid from/to)
    Listed,
    /// 已下架 (suspended after a failed spot check)
    Suspended,
    /// 已撤销 (revoked)
    Revoked,
    /// 已过期 (listed, but past its valid-to date)
    Expired,
}

/// 扶贫产品认定: one application for a product's certification and where it stands.
pub struct Certification(pub certification::Model);

#[Object]
impl Certification {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Certification>(self.0.id)
    }
    /// 产品
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Product::load(ctx, self.0.product_id).await
    }
    /// 状态 as of today (a listed certification past its validity reads EXPIRED).
    async fn state(&self, ctx: &Context<'_>) -> async_graphql::Result<CertificationState> {
        let today = state(ctx)?.clock.today();
        Ok(products::certification::effective_state(&self.0, today).into())
    }
    /// 公示截止日: the last day of the public notice.
    async fn publicity_ends_on(&self) -> Option<Date> {
        self.0.publicity_ends_on.map(Date)
    }
    /// 目录批次
    async fn catalogue_batch(&self) -> Option<&str> {
        self.0.catalogue_batch.as_deref()
    }
    /// 证书编号
    async fn certificate_no(&self) -> Option<&str> {
        self.0.certificate_no.as_deref()
    }
    /// 有效期起
    async fn valid_from(&self) -> Option<Date> {
        self.0.valid_from.map(Date)
    }
    /// 有效期止
    async fn valid_to(&self) -> Option<Date> {
        self.0.valid_to.map(Date)
    }
    /// 流转记录: every transition, oldest first (who, when, comment).
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CertificationEvent>> {
        load_children(
            ctx,
            CertificationEventsKey(self.0.id),
            CertificationEvent::from,
        )
        .await
    }
    /// 申请时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// 认定流转: one recorded step of a certification.
#[derive(SimpleObject)]
pub struct CertificationEvent {
    /// 原状态 (null for the application itself)
    pub from_state: Option<CertificationState>,
    /// 新状态
    pub to_state: CertificationState,
    /// 操作人: the subject of the token that took the step.
    pub actor: String,
    /// 意见 (comment or reason)
    pub comment: Option<String>,
    /// 时间
    pub at: DateTime<Utc>,
}

impl From<certification_event::Model> for CertificationEvent {
    fn from(m: certification_event::Model) -> Self {
        Self {
            from_state: m.from_state.map(Into::into),
            to_state: m.to_state.into(),
            actor: m.actor,
            comment: m.comment,
            at: m.at,
        }
    }
}

/// 认定徽章: the public face of a certification valid today, as a catalogue shows it.
pub struct CertificationBadge(pub certification::Model);

#[Object]
impl CertificationBadge {
    /// 证书编号
    async fn certificate_no(&self) -> Option<&str> {
        self.0.certificate_no.as_deref()
    }
    /// 目录批次
    async fn catalogue_batch(&self) -> Option<&str> {
        self.0.catalogue_batch.as_deref()
    }
    /// 有效期起
    async fn valid_from(&self) -> Option<Date> {
        self.0.valid_from.map(Date)
    }
    /// 有效期止
    async fn valid_to(&self) -> Option<Date> {
        self.0.valid_to.map(Date)
    }
}
