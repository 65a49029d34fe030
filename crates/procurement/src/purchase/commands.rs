//! The purchase-order use cases for callers holding a connection: each one write transaction
//! under its idempotency key ([`crate::keyed`]); a confirmed payment rings the ledger's sealer.

use kernel::{Actor, Clock, DomainError, DomainResult};
use ledger::Signal;
use sea_orm::DatabaseConnection;
use serde::Serialize;
use uuid::Uuid;

use super::entity::purchase_order;
use crate::keyed::id_in;

/// The operation names keys are kept under.
pub mod operation {
    pub const CREATE: &str = "createPurchaseOrder";
    pub const APPROVE: &str = "approvePurchaseOrder";
    pub const PAY: &str = "confirmPurchaseOrderPayment";
    pub const CANCEL: &str = "cancelPurchaseOrder";
}

async fn keyed<I: Serialize>(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    operation: &str,
    key: Option<&str>,
    input: &I,
    work: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> DomainResult<purchase_order::Model>,
) -> DomainResult<(purchase_order::Model, bool)> {
    crate::keyed::run(
        db,
        actor,
        clock,
        operation,
        key,
        input,
        work,
        |order| serde_json::json!({ "purchaseOrderId": order.id }),
        async |txn, stored| {
            let id = id_in(&stored, "purchaseOrderId").ok_or(DomainError::Conflict)?;
            super::query::get(txn, actor, id).await
        },
    )
    .await
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    input: super::create::CreatePurchaseOrder,
) -> DomainResult<(purchase_order::Model, bool)> {
    let fingerprint = input.clone();
    keyed(
        db,
        actor,
        clock,
        operation::CREATE,
        key,
        &fingerprint,
        async |txn| super::create::create(txn, actor, clock, input).await,
    )
    .await
}

pub async fn approve(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    id: Uuid,
) -> DomainResult<(purchase_order::Model, bool)> {
    keyed(
        db,
        actor,
        clock,
        operation::APPROVE,
        key,
        &id,
        async |txn| super::lifecycle::approve(txn, actor, clock, id).await,
    )
    .await
}

pub async fn cancel(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    id: Uuid,
) -> DomainResult<(purchase_order::Model, bool)> {
    keyed(db, actor, clock, operation::CANCEL, key, &id, async |txn| {
        super::lifecycle::cancel(txn, actor, clock, id).await
    })
    .await
}

pub async fn confirm_payment(
    db: &DatabaseConnection,
    signal: &Signal,
    actor: &Actor,
    clock: &Clock,
    key: &str,
    input: super::lifecycle::ConfirmPurchasePayment,
) -> DomainResult<(purchase_order::Model, bool)> {
    let fingerprint = input.clone();
    let outcome = keyed(
        db,
        actor,
        clock,
        operation::PAY,
        Some(key),
        &fingerprint,
        async |txn| super::lifecycle::confirm_payment(txn, actor, clock, input).await,
    )
    .await?;
    if !outcome.1 {
        signal.notify();
    }
    Ok(outcome)
}
