//! The procurement mutations: partner companies, purchase orders from request to payment, and
//! occasions. Purchase-order changes are use cases of `procurement::purchase::commands`.

use async_graphql::{Context, Object, SimpleObject};
use kernel::{Actor, Clock, DomainResult};
use procurement::purchase::entity::purchase_order;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::inputs::*;
use super::types::{Occasion, PartnerCompany, PurchaseOrder};
use crate::schema::groupbuys::ProcurementUserError;
use crate::schema::ids;
use crate::schema::payload::respond;
use crate::schema::payload::respond_parts;
use crate::schema::{actor, keyed_by_id, state};

/// 集采单变更结果
#[derive(SimpleObject)]
pub struct PurchaseOrderPayload {
    /// 集采单: as it is now; null when the input had errors.
    pub purchase_order: Option<PurchaseOrder>,
    /// 重放: true when this answers an earlier request with the same idempotency key.
    pub replayed: bool,
    /// 用户错误
    pub user_errors: Vec<ProcurementUserError>,
}

impl PurchaseOrderPayload {
    fn from_result(
        ctx: &Context<'_>,
        result: DomainResult<(purchase_order::Model, bool)>,
    ) -> async_graphql::Result<Self> {
        let parts = |(order, replayed)| (Some(PurchaseOrder(order)), replayed);
        let ((purchase_order, replayed), user_errors) = respond_parts(ctx, result, parts)?;
        Ok(Self {
            purchase_order,
            replayed,
            user_errors,
        })
    }
}

/// 合作企业登记结果
#[derive(SimpleObject)]
pub struct PartnerCompanyPayload {
    /// 合作企业
    pub partner_company: Option<PartnerCompany>,
    /// 用户错误
    pub user_errors: Vec<ProcurementUserError>,
}

/// 节点登记结果
#[derive(SimpleObject)]
pub struct OccasionPayload {
    /// 节点
    pub occasion: Option<Occasion>,
    /// 用户错误
    pub user_errors: Vec<ProcurementUserError>,
}

/// Runs a keyed command on the purchase order `input` names.
async fn act(
    ctx: &Context<'_>,
    input: PurchaseOrderActionInput,
    command: impl AsyncFnOnce(
        &DatabaseConnection,
        &Actor,
        &Clock,
        Option<&str>,
        Uuid,
    ) -> DomainResult<(purchase_order::Model, bool)>,
) -> async_graphql::Result<PurchaseOrderPayload> {
    let id = ("purchaseOrderId", &input.purchase_order_id);
    let key = input.idempotency_key.as_deref();
    let result = keyed_by_id::<ids::PurchaseOrder, _>(ctx, id, key, command).await?;
    PurchaseOrderPayload::from_result(ctx, result)
}

#[derive(Default)]
pub struct PurchaseMutation;

#[Object]
impl PurchaseMutation {
    /// 登记合作企业 (the mobilising enterprise's admins): with its unified social credit code;
    /// once per enterprise and code.
    async fn register_partner_company(
        &self,
        ctx: &Context<'_>,
        input: RegisterPartnerCompanyInput,
    ) -> async_graphql::Result<PartnerCompanyPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let register = procurement::purchase::partner::RegisterPartner {
                enterprise_id: ids::parse_opt::<ids::Enterprise>(
                    "enterpriseId",
                    input.enterprise_id.as_ref(),
                )?,
                name: input.name,
                uscc: input.uscc,
                kind: input.kind.into(),
                contact_name: input.contact_name,
                contact_phone: input.contact_phone,
            };
            kernel::db::write(&s.db, async |txn| {
                procurement::purchase::partner::register(txn, who, &s.clock, register).await
            })
            .await
        }
        .await;
        let (partner_company, user_errors) = respond(ctx, result, PartnerCompany)?;
        Ok(PartnerCompanyPayload {
            partner_company,
            user_errors,
        })
    }

    /// 集采下单 (the enterprise's admins; for a partner company with `partnerId`): products at
    /// agreed prices; the stock of every line is reserved or none is.
    async fn create_purchase_order(
        &self,
        ctx: &Context<'_>,
        input: CreatePurchaseOrderInput,
    ) -> async_graphql::Result<PurchaseOrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let (key, input) = input.domain()?;
            procurement::purchase::commands::create(&s.db, who, &s.clock, key.as_deref(), input)
                .await
        }
        .await;
        PurchaseOrderPayload::from_result(ctx, result)
    }

    /// 审批 (another admin of the enterprise than the requester: APPROVER_IS_REQUESTER
    /// otherwise).
    async fn approve_purchase_order(
        &self,
        ctx: &Context<'_>,
        input: PurchaseOrderActionInput,
    ) -> async_graphql::Result<PurchaseOrderPayload> {
        act(ctx, input, procurement::purchase::commands::approve).await
    }

    /// 确认付款 (the enterprise's admins): an approved order paid offline; the amount must
    /// equal the total. In one transaction: stock committed, every line counted in the ledger
    /// (ENTERPRISE_PROCUREMENT, or PARTNER_PROCUREMENT for a partner's order).
    async fn confirm_purchase_order_payment(
        &self,
        ctx: &Context<'_>,
        input: ConfirmPurchaseOrderPaymentInput,
    ) -> async_graphql::Result<PurchaseOrderPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let pay = procurement::purchase::lifecycle::ConfirmPurchasePayment {
                purchase_order_id: ids::parse::<ids::PurchaseOrder>(
                    "purchaseOrderId",
                    &input.purchase_order_id,
                )?,
                reference: input.reference,
                amount: input.amount.0,
                paid_at: input.paid_at,
                invoice_reference: input.invoice_reference,
            };
            procurement::purchase::commands::confirm_payment(
                &s.db,
                &s.ledger_signal,
                who,
                &s.clock,
                &input.idempotency_key,
                pay,
            )
            .await
        }
        .await;
        PurchaseOrderPayload::from_result(ctx, result)
    }

    /// 取消 (the enterprise's admins): before payment; the stock is released.
    async fn cancel_purchase_order(
        &self,
        ctx: &Context<'_>,
        input: PurchaseOrderActionInput,
    ) -> async_graphql::Result<PurchaseOrderPayload> {
        act(ctx, input, procurement::purchase::commands::cancel).await
    }

    /// 登记节点: national festivals and solar terms (the platform), an enterprise's own
    /// occasions such as a project's 业主节 (its admins).
    async fn create_occasion(
        &self,
        ctx: &Context<'_>,
        input: CreateOccasionInput,
    ) -> async_graphql::Result<OccasionPayload> {
        let (s, who) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let create = procurement::occasion::CreateOccasion {
                kind: input.kind.into(),
                name: input.name,
                starts_on: input.starts_on,
                ends_on: input.ends_on,
                enterprise_id: ids::parse_opt::<ids::Enterprise>(
                    "enterpriseId",
                    input.enterprise_id.as_ref(),
                )?,
                project_id: ids::parse_opt::<ids::Project>("projectId", input.project_id.as_ref())?,
            };
            kernel::db::write(&s.db, async |txn| {
                procurement::occasion::create(txn, who, &s.clock, create).await
            })
            .await
        }
        .await;
        let (occasion, user_errors) = respond(ctx, result, Occasion)?;
        Ok(OccasionPayload {
            occasion,
            user_errors,
        })
    }
}
