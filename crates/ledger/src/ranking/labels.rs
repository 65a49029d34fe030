//! Names for ranking keys: a ranking holds region codes and ids, a screen and an export show
//! 合肥市 and 合肥物业服务有限公司. Names are public on a published ranking (the campaign
//! printed its 57-city list with company names), so they are read without a tenant filter —
//! only for keys that are already in a ranking the caller may read.

use std::collections::HashMap;

use kernel::DomainResult;
use kernel::region;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::rollup::Dimension;

/// At most this many keys per `IN (…)` list.
const CHUNK: usize = 1000;

/// The name of each key that has one (regions by code, organisations by id).
pub async fn names(
    conn: &impl ConnectionTrait,
    dimension: Dimension,
    keys: &[String],
) -> DomainResult<HashMap<String, String>> {
    let mut out = HashMap::with_capacity(keys.len());
    let ids = || -> Vec<Uuid> { keys.iter().filter_map(|k| k.parse().ok()).collect() };
    macro_rules! by_id {
        ($entity:path, $id:expr, $name:expr) => {{
            for chunk in ids().chunks(CHUNK) {
                let rows: Vec<(Uuid, String)> = <$entity>::find()
                    .select_only()
                    .column($id)
                    .column($name)
                    .filter($id.is_in(chunk.iter().copied()))
                    .into_tuple()
                    .all(conn)
                    .await?;
                out.extend(rows.into_iter().map(|(id, name)| (id.to_string(), name)));
            }
        }};
    }
    use participants::entity::{association, enterprise, project, team};
    use products::entity::{product, supplier};
    match dimension {
        Dimension::Province | Dimension::City | Dimension::County => {
            for chunk in keys.chunks(CHUNK) {
                let rows = region::Entity::find()
                    .filter(region::Column::Code.is_in(chunk.iter().cloned()))
                    .all(conn)
                    .await?;
                out.extend(
                    rows.into_iter()
                        .map(|r| (r.code.clone(), r.display_name().to_owned())),
                );
            }
        }
        Dimension::Association => by_id!(
            association::Entity,
            association::Column::Id,
            association::Column::Name
        ),
        Dimension::Enterprise => by_id!(
            enterprise::Entity,
            enterprise::Column::Id,
            enterprise::Column::Name
        ),
        Dimension::Project => by_id!(project::Entity, project::Column::Id, project::Column::Name),
        Dimension::Team => by_id!(team::Entity, team::Column::Id, team::Column::Name),
        Dimension::Supplier => by_id!(
            supplier::Entity,
            supplier::Column::Id,
            supplier::Column::Name
        ),
        Dimension::Product => by_id!(product::Entity, product::Column::Id, product::Column::Name),
        // Households are people: a ranking never names them. Scoped keys are read through
        // their competitor's dimension.
        Dimension::All
        | Dimension::Channel
        | Dimension::Household
        | Dimension::CityProject
        | Dimension::CityEnterprise
        | Dimension::ProjectTeam
        | Dimension::AssociationEnterprise => {}
    }
    Ok(out)
}
