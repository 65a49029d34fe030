//! The procurement mutations: partner companies, purchase orders from request to payment, and
//! occasions. Purchase-order changes are use cases of `procurement::purchase::commands`.

use async_graphql::{Context, Object};
use procurement::purchase::entity::purchase_order;

use super::inputs::*;
use super::types::{Occasion, PartnerCompany, PurchaseOrder};
use crate::schema::groupbuys::ProcurementUserError;
use crate::schema::ids;
use crate::schema::payload::{Payload, payload, replayed_payload};
use crate::schema::{KeyedCommand, command, keyed_by_id, mutate};
use crate::state::AppState;

replayed_payload!(PurchaseOrderPayload, purchase_order: PurchaseOrder, "集采单", ProcurementUserError, "集采单变更结果");
payload!(PartnerCompanyPayload, partner_company: PartnerCompany, ProcurementUserError, "合作企业登记结果");
payload!(OccasionPayload, occasion: Occasion, ProcurementUserError, "节点登记结果");

/// A purchase-order command's outcome as the payload shows it.
fn purchase_order((order, replayed): (purchase_order::Model, bool)) -> (PurchaseOrder, bool) {
    (PurchaseOrder(order), replayed)
}

/// Runs a keyed command on the purchase order `input` names.
async fn act(
    ctx: &Context<'_>,
    input: PurchaseOrderActionInput,
    command: impl KeyedCommand<(purchase_order::Model, bool)>,
) -> async_graphql::Result<PurchaseOrderPayload> {
    let id = ("purchaseOrderId", &input.purchase_order_id);
    let key = input.idempotency_key.as_deref();
    let result = keyed_by_id::<ids::PurchaseOrder, _>(ctx, id, key, command).await?;
    PurchaseOrderPayload::from_result(ctx, result, purchase_order)
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
        let register =
            ids::parse_opt::<ids::Enterprise>("enterpriseId", input.enterprise_id.as_ref()).map(
                |enterprise_id| procurement::purchase::partner::RegisterPartner {
                    enterprise_id,
                    name: input.name,
                    uscc: input.uscc,
                    kind: input.kind.into(),
                    contact_name: input.contact_name,
                    contact_phone: input.contact_phone,
                },
            );
        let write = procurement::purchase::partner::register;
        mutate::<PartnerCompanyPayload, _, _>(ctx, register, write, PartnerCompany).await
    }

    /// 集采下单 (the enterprise's admins; for a partner company with `partnerId`): products at
    /// agreed prices; the stock of every line is reserved or none is.
    async fn create_purchase_order(
        &self,
        ctx: &Context<'_>,
        input: CreatePurchaseOrderInput,
    ) -> async_graphql::Result<PurchaseOrderPayload> {
        let create = async |s: &AppState, who: &_, (key, input): (Option<String>, _)| {
            procurement::purchase::commands::create(&s.db, who, &s.clock, key.as_deref(), input)
                .await
        };
        command(ctx, input.domain(), create, purchase_order).await
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
        let key = input.idempotency_key;
        let pay = ids::parse::<ids::PurchaseOrder>("purchaseOrderId", &input.purchase_order_id)
            .map(
                |purchase_order_id| procurement::purchase::lifecycle::ConfirmPurchasePayment {
                    purchase_order_id,
                    reference: input.reference,
                    amount: input.amount.0,
                    paid_at: input.paid_at,
                    invoice_reference: input.invoice_reference,
                },
            );
        let confirm = async |s: &AppState, who: &_, pay| {
            let signal = &s.ledger_signal;
            procurement::purchase::commands::confirm_payment(
                &s.db, signal, who, &s.clock, &key, pay,
            )
            .await
        };
        command(ctx, pay, confirm, purchase_order).await
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
        let create = (|| -> kernel::DomainResult<_> {
            Ok(procurement::occasion::CreateOccasion {
                kind: input.kind.into(),
                name: input.name,
                starts_on: input.starts_on,
                ends_on: input.ends_on,
                enterprise_id: ids::parse_opt::<ids::Enterprise>(
                    "enterpriseId",
                    input.enterprise_id.as_ref(),
                )?,
                project_id: ids::parse_opt::<ids::Project>("projectId", input.project_id.as_ref())?,
            })
        })();
        let write = procurement::occasion::create;
        mutate::<OccasionPayload, _, _>(ctx, create, write, Occasion).await
    }
}
