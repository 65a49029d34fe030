//! Reads by id of the rows a caller may see.
//!
//! Every domain answers "this object, if the caller may see it" from one query that already
//! says what the caller may see (its scope, in SQL), so the by-id field, `node` and `nodes` agree
//! by construction: [`one`] for a single id, [`many`] for a batch (the ids of one type that a
//! `nodes` call names, read in one statement).

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};

/// The row of `visible` whose `id_column` is `id`; `NotFound` when there is none, whether it
/// does not exist or the caller may not see it (the two are not told apart).
pub async fn one<E, C>(
    conn: &C,
    visible: Select<E>,
    id_column: E::Column,
    id: Uuid,
) -> DomainResult<E::Model>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    visible
        .filter(id_column.eq(id))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The rows of `visible` whose `id_column` is one of `ids`, in no particular order; ids that
/// do not exist or may not be seen are simply absent.
pub async fn many<E, C>(
    conn: &C,
    visible: Select<E>,
    id_column: E::Column,
    ids: &[Uuid],
) -> DomainResult<Vec<E::Model>>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(visible
        .filter(id_column.is_in(ids.iter().copied()))
        .all(conn)
        .await?)
}
