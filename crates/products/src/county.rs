//! 贫困县 and pairings (定点扶贫, 对口支援). Any county-level region of the division table can
//! be marked as a poverty county by the platform.

use kernel::error::{Problems, optional_text};
use kernel::region::{self, RegionLevel};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role};
use participants::access::{Object, Owner, readable, require_role};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::entity::county_pairing::{self, PairedOrg, PairingKind};
use crate::entity::poverty_county;

#[derive(Debug, Clone, Default)]
pub struct PovertyCountyInput {
    pub region_code: String,
    pub national_key: bool,
    pub contiguous_area: Option<String>,
    pub exited_year: Option<i32>,
}

/// Checks that `code` is a county-level region (or a city without districts, such as 东莞).
pub async fn county_region(
    conn: &impl ConnectionTrait,
    field: &str,
    code: &str,
) -> DomainResult<region::Region> {
    let region = region::resolve(
        conn,
        &[field],
        code,
        &[RegionLevel::County, RegionLevel::City],
    )
    .await?;
    let is_county =
        region.level == RegionLevel::County || !has_children(conn, &region.code).await?;
    if is_county {
        Ok(region)
    } else {
        Err(DomainError::invalid(
            &[field],
            Code::NotACounty.as_str(),
            Message::new("须为县级行政区划代码", "must be a county-level region code"),
        ))
    }
}

async fn has_children(conn: &impl ConnectionTrait, code: &str) -> DomainResult<bool> {
    Ok(region::Entity::find()
        .filter(region::Column::ParentCode.eq(code))
        .one(conn)
        .await?
        .is_some())
}

/// Marks (or re-marks) a county as a poverty county.
pub async fn mark(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: PovertyCountyInput,
) -> DomainResult<poverty_county::Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let mut problems = Problems::new();
    let area = problems.take(optional_text(
        &["contiguousArea"],
        input.contiguous_area.as_deref(),
        64,
    ));
    if let Some(year) = input.exited_year
        && !(2013..=2030).contains(&year)
    {
        problems.push(Problem::new(
            &["exitedYear"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new(
                "脱贫年份应在 2013 到 2030 之间",
                "exit year must be between 2013 and 2030",
            ),
        ));
    }
    let region = match county_region(conn, "regionCode", &input.region_code).await {
        Ok(r) => Some(r),
        Err(DomainError::Invalid(list)) => {
            list.into_iter().for_each(|p| problems.push(p));
            None
        }
        Err(e) => return Err(e),
    };
    problems.finish()?;
    let code = region.map(|r| r.code).unwrap_or_default();
    let model = poverty_county::ActiveModel {
        region_code: Set(code.clone()),
        national_key: Set(input.national_key),
        contiguous_area: Set(area.flatten()),
        exited_year: Set(input.exited_year),
        updated_by: Set(actor.subject.clone()),
        updated_at: Set(clock.now()),
    };
    // One upsert, so that two platform admins marking the same county at once cannot collide
    // on its primary key (a failed insert would end the caller's transaction on PostgreSQL).
    use poverty_county::Column;
    let upsert = OnConflict::column(Column::RegionCode)
        .update_columns([
            Column::NationalKey,
            Column::ContiguousArea,
            Column::ExitedYear,
            Column::UpdatedBy,
            Column::UpdatedAt,
        ])
        .to_owned();
    Ok(poverty_county::Entity::insert(model)
        .on_conflict(upsert)
        .exec_with_returning(conn)
        .await?)
}

/// Poverty counties, optionally within a province or city (by code prefix).
pub async fn list(
    conn: &impl ConnectionTrait,
    within: Option<&str>,
) -> DomainResult<Vec<poverty_county::Model>> {
    let mut query = poverty_county::Entity::find().order_by_asc(poverty_county::Column::RegionCode);
    if let Some(code) = within {
        let prefix = code.trim_end_matches("00");
        query = query.filter(poverty_county::Column::RegionCode.starts_with(prefix));
    }
    Ok(query.all(conn).await?)
}

pub async fn get(
    conn: &impl ConnectionTrait,
    code: &str,
) -> DomainResult<Option<poverty_county::Model>> {
    Ok(poverty_county::Entity::find_by_id(code.to_owned())
        .one(conn)
        .await?)
}

/// Pairs an enterprise or association with a county. The platform pairs anyone; an
/// association or enterprise admin pairs its own organisation.
pub async fn pair(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    org: (PairedOrg, Uuid),
    region_code: &str,
    kind: PairingKind,
) -> DomainResult<county_pairing::Model> {
    let own = match org.0 {
        PairedOrg::Enterprise => {
            actor.role == Role::EnterpriseAdmin && actor.enterprise_id() == Some(org.1)
        }
        PairedOrg::Association => {
            actor.role == Role::AssociationAdmin && actor.association_id() == Some(org.1)
        }
    };
    if !own {
        require_role(
            actor,
            &[
                Role::PlatformAdmin,
                Role::EnterpriseAdmin,
                Role::AssociationAdmin,
            ],
        )?;
        if actor.role != Role::PlatformAdmin {
            return Err(DomainError::NotFound);
        }
    }
    let exists = match org.0 {
        PairedOrg::Enterprise => participants::entity::enterprise::Entity::find_by_id(org.1)
            .one(conn)
            .await?
            .is_some(),
        PairedOrg::Association => participants::entity::association::Entity::find_by_id(org.1)
            .one(conn)
            .await?
            .is_some(),
    };
    if !exists {
        return Err(DomainError::NotFound);
    }
    let region = county_region(conn, "regionCode", region_code).await?;
    county_pairing::ActiveModel {
        id: Set(kernel::new_id()),
        org_kind: Set(org.0),
        org_id: Set(org.1),
        region_code: Set(region.code),
        kind: Set(kind),
        created_at: Set(clock.now()),
    }
    .insert(conn)
    .await
    .map_err(|e| match DomainError::from(e) {
        DomainError::Conflict => DomainError::invalid(
            &["regionCode"],
            kernel::error::codes::TAKEN,
            Message::new("已结对该县", "already paired with this county"),
        ),
        other => other,
    })
}

/// The pairings of an organisation the actor may see (`Object::CountyPairing`: as visible as
/// the organisation); another tenant's organisation is NOT_FOUND, like one that does not exist.
pub async fn pairings(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    org: (PairedOrg, Uuid),
) -> DomainResult<Vec<county_pairing::Model>> {
    use participants::entity::{association, enterprise};
    let visible = match org.0 {
        PairedOrg::Enterprise => enterprise::Entity::find_by_id(org.1)
            .filter(readable(
                actor,
                Object::CountyPairing,
                &Owner::new().enterprise(enterprise::Column::Id),
            ))
            .one(conn)
            .await?
            .map(|e| e.id),
        PairedOrg::Association => association::Entity::find_by_id(org.1)
            .filter(readable(
                actor,
                Object::CountyPairing,
                &Owner::new().association(association::Column::Id),
            ))
            .one(conn)
            .await?
            .map(|a| a.id),
    };
    let org_id = visible.ok_or(DomainError::NotFound)?;
    Ok(county_pairing::Entity::find()
        .filter(county_pairing::Column::OrgKind.eq(org.0))
        .filter(county_pairing::Column::OrgId.eq(org_id))
        .order_by_asc(county_pairing::Column::Id)
        .all(conn)
        .await?)
}
