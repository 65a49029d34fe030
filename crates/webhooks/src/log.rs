//! 投递日志: what the subscriber reads about its deliveries: every try (status, latency,
//! response excerpt) and every attempt's state.

use kernel::page::{self, Page, PageSpec};
use kernel::{Actor, DomainResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::endpoint;
use crate::entity::{attempt, delivery};

/// The tries sent to one of the actor's endpoints, oldest first (page backwards for the
/// newest), optionally for one event.
pub async fn deliveries(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    endpoint_id: Uuid,
    event_id: Option<Uuid>,
    spec: PageSpec,
) -> DomainResult<Page<delivery::Model>> {
    endpoint::get(conn, actor, endpoint_id).await?;
    let mut q = delivery::Entity::find().filter(delivery::Column::EndpointId.eq(endpoint_id));
    if let Some(e) = event_id {
        q = q.filter(delivery::Column::EventId.eq(e));
    }
    page::paginate(conn, q, delivery::Column::Id, spec, |m| m.id).await
}

/// The attempts of one endpoint (one per event), oldest first.
pub async fn attempts(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    endpoint_id: Uuid,
    spec: PageSpec,
) -> DomainResult<Page<attempt::Model>> {
    endpoint::get(conn, actor, endpoint_id).await?;
    page::paginate(
        conn,
        attempt::Entity::find().filter(attempt::Column::EndpointId.eq(endpoint_id)),
        attempt::Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

/// How many tries [`deliveries`] lists.
pub async fn count_deliveries(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    endpoint_id: Uuid,
    event_id: Option<Uuid>,
) -> DomainResult<u64> {
    endpoint::get(conn, actor, endpoint_id).await?;
    let mut q = delivery::Entity::find().filter(delivery::Column::EndpointId.eq(endpoint_id));
    if let Some(e) = event_id {
        q = q.filter(delivery::Column::EventId.eq(e));
    }
    page::count(conn, q).await
}

/// How many attempts [`attempts`] lists.
pub async fn count_attempts(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    endpoint_id: Uuid,
) -> DomainResult<u64> {
    endpoint::get(conn, actor, endpoint_id).await?;
    page::count(
        conn,
        attempt::Entity::find().filter(attempt::Column::EndpointId.eq(endpoint_id)),
    )
    .await
}

/// Every try of every endpoint, in the order sent (tests, the benchmark).
pub async fn all_deliveries(conn: &impl ConnectionTrait) -> DomainResult<Vec<delivery::Model>> {
    Ok(delivery::Entity::find()
        .order_by_asc(delivery::Column::Id)
        .all(conn)
        .await?)
}
