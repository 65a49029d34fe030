//! Idempotency keys: a client that may retry a write (a payment confirmation, a batch of sales
//! reported from its own mall) sends an `idempotencyKey`; the same key with the same input
//! returns the first result, and with a different input is an error the client can see.
//!
//! The store works inside the caller's write transaction ([`crate::db`]):
//!
//! 1. [`claim`] the key, with a [`Fingerprint`] of the input, before doing anything else (or
//!    [`claim_and_read`] it together with the use case's first read: one statement on
//!    PostgreSQL);
//! 2. on [`Claim::Fresh`], do the work and [`complete`] the ticket with the result (as JSON);
//!    on [`Claim::Replay`], answer the stored result; on [`Claim::Mismatch`], answer
//!    [`key_reused`];
//! 3. commit. A request that fails (a validation error, a rule) rolls back, and its claim with
//!    it: the key is not used up and the corrected request can reuse it.
//!
//! Concurrent requests with one key create one effect. The claim is one statement, an
//! `INSERT … ON CONFLICT (scope, operation, key) DO UPDATE … WHERE expires_at <= now` on a
//! unique index over (scope, operation, key), which takes over an expired key and leaves a live
//! one alone (no row affected): on PostgreSQL the second insert
//! waits until the first transaction ends — if it committed, the second finds the stored result
//! and replays it; if it rolled back, the second claims the key itself. On SQLite the IMMEDIATE
//! write transactions run one after the other, with the same outcome.
//!
//! Keys are kept at least [`KEEP_FOR`] (24 hours); [`purge`] removes older ones, and an expired
//! key is claimed afresh.

use chrono::TimeDelta;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::{DomainError, DomainResult, Message, codes};

/// The stored keys.
pub mod entity {
    use sea_orm::entity::prelude::*;

    /// 幂等键: one claimed key and the result of the request that claimed it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "idempotency_key")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Whose keys these are: a credential or a token's subject.
        pub scope: String,
        /// Which write: keys of one scope are separate per operation.
        pub operation: String,
        pub key: String,
        /// SHA-256 (hex) of the request's canonical input.
        pub fingerprint: String,
        /// The first request's result; set in the transaction that claimed the key.
        #[sea_orm(column_type = "JsonBinary", nullable)]
        pub result: Option<Json>,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{Column, Entity};

/// How long a key is kept: retries come within seconds or hours, and a client may be offline
/// for a night; a day covers both.
pub const KEEP_FOR: TimeDelta = TimeDelta::hours(24);

/// The longest key, scope or operation name accepted.
pub const MAX_KEY_LEN: usize = 200;

/// The code of the error for a key sent again with a different input. Domains that take keys
/// include it in their error-code enum.
pub const KEY_REUSED: &str = "IDEMPOTENCY_KEY_REUSED";

/// SHA-256 of a request's canonical form: its JSON with object keys sorted and no whitespace,
/// so that field order and formatting do not change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of any serialisable input.
    pub fn of<T: Serialize>(input: &T) -> DomainResult<Self> {
        let value = serde_json::to_value(input)
            .map_err(|e| DomainError::Database(sea_orm::DbErr::Json(e.to_string())))?;
        let mut canonical = String::new();
        write_canonical(&value, &mut canonical);
        Ok(Self(hex::encode(Sha256::digest(canonical.as_bytes()))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// One request's key: whose (`scope`, e.g. `credential:<id>`), for which write (`operation`,
/// e.g. `confirmPayment`), the client's key, and the fingerprint of the input.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub scope: &'a str,
    pub operation: &'a str,
    pub key: &'a str,
    pub fingerprint: Fingerprint,
}

/// What a claim found.
#[derive(Debug)]
#[must_use]
pub enum Claim {
    /// The key is new: do the work, then [`complete`] the ticket in the same transaction.
    Fresh(Ticket),
    /// The same key and input were seen: answer this result, do nothing else.
    Replay(serde_json::Value),
    /// The same key came with a different input: answer [`key_reused`].
    Mismatch,
}

/// A claimed key waiting for its result.
#[derive(Debug)]
#[must_use = "a claimed key must be completed with the request's result"]
pub struct Ticket {
    id: Uuid,
}

/// Checks the key as a problem on the input's `idempotencyKey` field.
fn check(request: &Request<'_>) -> DomainResult<()> {
    let blank = |s: &str| s.trim().is_empty();
    let bad = |s: &str| s.chars().count() > MAX_KEY_LEN || s.chars().any(char::is_control);
    if blank(request.key) {
        return Err(DomainError::invalid(
            &["idempotencyKey"],
            codes::BLANK,
            Message::new("幂等键不能为空", "the idempotency key must not be blank"),
        ));
    }
    if bad(request.key) {
        return Err(DomainError::invalid(
            &["idempotencyKey"],
            codes::INVALID,
            Message::new(
                format!("幂等键最多 {MAX_KEY_LEN} 个字符，且不能含控制字符"),
                format!(
                    "an idempotency key is at most {MAX_KEY_LEN} characters, without control characters"
                ),
            ),
        ));
    }
    if blank(request.scope)
        || bad(request.scope)
        || blank(request.operation)
        || bad(request.operation)
    {
        return Err(DomainError::Database(sea_orm::DbErr::Custom(
            "an idempotency scope and operation are short, non-blank names".into(),
        )));
    }
    Ok(())
}

/// Claims `request`'s key in the caller's write transaction (see the module comment).
pub async fn claim(
    txn: &DatabaseTransaction,
    clock: &Clock,
    request: &Request<'_>,
) -> DomainResult<Claim> {
    check(request)?;
    let now = clock.now();
    // One statement claims a new key or takes over an expired one (its row is overwritten, so
    // an expired key is claimed afresh); a live key of someone else is left alone and the
    // insert affects no row.
    let id = crate::new_id();
    let insert = claim_statement(request, now, id).try_insert();
    if crate::db::insert_if_absent(txn, insert).await? {
        return Ok(Claim::Fresh(Ticket { id }));
    }
    stored(txn, request, id).await
}

/// The claim's INSERT of a new key row `id` (see [`claim`]).
fn claim_statement(
    request: &Request<'_>,
    now: chrono::DateTime<chrono::Utc>,
    id: Uuid,
) -> sea_orm::Insert<entity::ActiveModel> {
    Entity::insert(entity::ActiveModel {
        id: Set(id),
        scope: Set(request.scope.to_owned()),
        operation: Set(request.operation.to_owned()),
        key: Set(request.key.to_owned()),
        fingerprint: Set(request.fingerprint.as_str().to_owned()),
        result: Set(None),
        created_at: Set(now),
        expires_at: Set(now + KEEP_FOR),
    })
    .on_conflict(
        OnConflict::columns([Column::Scope, Column::Operation, Column::Key])
            .update_columns([
                Column::Id,
                Column::Fingerprint,
                Column::Result,
                Column::CreatedAt,
                Column::ExpiresAt,
            ])
            .action_and_where(Expr::col((Entity, Column::ExpiresAt)).lte(now))
            .to_owned(),
    )
}

/// [`claim`], and the use case's first read `first` with it: on PostgreSQL in one statement
/// (the claim a data-modifying CTE of the read, which then carries whether it inserted), on
/// SQLite one after the other. The rows of `first` come back only with a fresh claim; on a
/// replay or a mismatch the caller answers without them. The read runs whatever the claim
/// finds, so it must only read (and lock: a replay's lock is released at its commit).
pub async fn claim_and_read(
    txn: &DatabaseTransaction,
    clock: &Clock,
    request: &Request<'_>,
    mut first: sea_orm::sea_query::SelectStatement,
) -> DomainResult<(Claim, Vec<sea_orm::QueryResult>)> {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::{Alias, CommonTableExpression, Query, WithClause};
    if txn.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        let claim = claim(txn, clock, request).await?;
        if !matches!(claim, Claim::Fresh(_)) {
            return Ok((claim, Vec::new()));
        }
        let statement = txn.get_database_backend().build(&first);
        return Ok((claim, txn.query_all_raw(statement).await?));
    }
    check(request)?;
    let id = crate::new_id();
    let mut insert = claim_statement(request, clock.now(), id).into_query();
    insert.returning_col(Column::Id);
    let cte = Alias::new("idempotency_claim");
    first.expr_as(
        Expr::SubQuery(
            None,
            Box::new(
                Query::select()
                    .expr(Expr::cust("COUNT(*)"))
                    .from(cte.clone())
                    .to_owned()
                    .into(),
            ),
        ),
        Alias::new("idempotency_claimed"),
    );
    let mut with = WithClause::new();
    with.cte(
        CommonTableExpression::new()
            .query(insert)
            .table_name(cte)
            .to_owned(),
    );
    let statement = txn.get_database_backend().build(&with.query(first));
    let rows = txn.query_all_raw(statement).await?;
    let claimed = match rows.first() {
        Some(row) => row.try_get::<i64>("", "idempotency_claimed")? > 0,
        // No row read: whether the key was claimed is told by the row stored for it.
        None => false,
    };
    if claimed {
        return Ok((Claim::Fresh(Ticket { id }), rows));
    }
    match stored(txn, request, id).await? {
        Claim::Fresh(ticket) => Ok((Claim::Fresh(ticket), rows)),
        other => Ok((other, Vec::new())),
    }
}

/// What the row stored for `request`'s key says, after a claim that inserted nothing that its
/// statement saw (`id`: the row that claim would have inserted, fresh if it is there).
async fn stored(txn: &DatabaseTransaction, request: &Request<'_>, id: Uuid) -> DomainResult<Claim> {
    let same_key = || {
        Condition::all()
            .add(Column::Scope.eq(request.scope))
            .add(Column::Operation.eq(request.operation))
            .add(Column::Key.eq(request.key))
    };
    let stored = Entity::find()
        .filter(same_key())
        .one(txn)
        .await?
        .ok_or(DomainError::Conflict)?;
    if stored.id == id {
        return Ok(Claim::Fresh(Ticket { id }));
    }
    if stored.fingerprint != request.fingerprint.as_str() {
        return Ok(Claim::Mismatch);
    }
    // A claim is completed in the transaction that made it; a stored key without a result
    // means a use case forgot to, and replaying nothing would hide that.
    stored
        .result
        .map(Claim::Replay)
        .ok_or(DomainError::Conflict)
}

/// Stores the result of the request that holds `ticket`, in the same transaction as its work.
pub async fn complete(
    txn: &DatabaseTransaction,
    ticket: Ticket,
    result: &serde_json::Value,
) -> DomainResult<()> {
    let updated = Entity::update_many()
        .col_expr(Column::Result, Expr::value(result.clone()))
        .filter(Column::Id.eq(ticket.id))
        .exec(txn)
        .await?;
    if updated.rows_affected == 1 {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// The UPDATE [`complete`] runs, for a use case that writes it together with its last writes
/// ([`crate::db::write_together`]; the ticket's row is this transaction's own, so it is there).
pub fn complete_statement(
    ticket: Ticket,
    result: &serde_json::Value,
) -> sea_orm::sea_query::UpdateStatement {
    use sea_orm::QueryTrait;
    Entity::update_many()
        .col_expr(Column::Result, Expr::value(result.clone()))
        .filter(Column::Id.eq(ticket.id))
        .into_query()
}

/// The error for a key sent again with a different input (a problem on `idempotencyKey`).
pub fn key_reused() -> DomainError {
    DomainError::invalid(
        &["idempotencyKey"],
        KEY_REUSED,
        Message::new(
            "该幂等键已用于另一个不同的请求",
            "this idempotency key was used for a different request",
        ),
    )
}

/// Removes keys past their expiry; returns how many. Run it now and then (a daily job).
pub async fn purge(conn: &impl ConnectionTrait, clock: &Clock) -> DomainResult<u64> {
    let deleted = Entity::delete_many()
        .filter(Column::ExpiresAt.lte(clock.now()))
        .exec(conn)
        .await?;
    Ok(deleted.rows_affected)
}

/// Reads a stored key (for tests and support).
pub async fn find(
    conn: &impl ConnectionTrait,
    scope: &str,
    operation: &str,
    key: &str,
) -> DomainResult<Option<entity::Model>> {
    Ok(Entity::find()
        .filter(Column::Scope.eq(scope))
        .filter(Column::Operation.eq(operation))
        .filter(Column::Key.eq(key))
        .one(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_ignores_key_order_and_formatting_but_not_values() {
        let a = serde_json::json!({ "order": "o-1", "lines": [{ "qty": 2, "sku": "tea" }] });
        let b: serde_json::Value =
            serde_json::from_str(r#"{"lines":[{"sku":"tea","qty":2}],  "order":"o-1"}"#).unwrap();
        let c = serde_json::json!({ "order": "o-1", "lines": [{ "qty": 3, "sku": "tea" }] });
        assert_eq!(Fingerprint::of(&a).unwrap(), Fingerprint::of(&b).unwrap());
        assert_ne!(Fingerprint::of(&a).unwrap(), Fingerprint::of(&c).unwrap());
        assert_eq!(Fingerprint::of(&a).unwrap().as_str().len(), 64);
    }
}
