//! Batch lookups by key for the gateway's DataLoaders: one statement per relation and batch,
//! whatever the number of parents. Callers pass keys they got from rows the actor may already
//! see, so these do not re-check scope.

use std::collections::HashMap;

use kernel::DomainResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entity::{association, enterprise, household, project, team};

macro_rules! by_ids {
    ($name:ident, $module:ident) => {
        pub async fn $name(
            conn: &impl ConnectionTrait,
            ids: &[Uuid],
        ) -> DomainResult<HashMap<Uuid, $module::Model>> {
            let rows = $module::Entity::find()
                .filter($module::Column::Id.is_in(ids.iter().copied()))
                .all(conn)
                .await?;
            Ok(rows.into_iter().map(|m| (m.id, m)).collect())
        }
    };
}

by_ids!(associations, association);
by_ids!(enterprises, enterprise);
by_ids!(projects, project);
by_ids!(households, household);
by_ids!(teams, team);

/// Current members of each team, oldest first.
pub async fn team_members(
    conn: &impl ConnectionTrait,
    team_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<household::Model>>> {
    let rows = household::Entity::find()
        .filter(household::Column::TeamId.is_in(team_ids.iter().copied()))
        .order_by_asc(household::Column::Id)
        .all(conn)
        .await?;
    let mut map: HashMap<Uuid, Vec<household::Model>> = HashMap::new();
    for row in rows {
        if let Some(team) = row.team_id {
            map.entry(team).or_default().push(row);
        }
    }
    Ok(map)
}
