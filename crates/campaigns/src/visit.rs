//! 县域考察选品: a visit to a poor county by an association or enterprise (often with owners'
//! representatives), and the products selected there. A selected product may later become a
//! custom product ("xx物业优选"); the products domain links it back with its `county_visit_id`.

use chrono::NaiveDate;
use kernel::error::{Problems, optional_multiline_text, optional_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::region::{self, RegionLevel};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Problem};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::access::{organizer, visible};
use crate::entity::county_visit::{self, Column, Entity, Model};
use crate::entity::county_visit_selection;
use crate::fields;

#[derive(Debug, Clone)]
pub struct SelectionInput {
    pub name: String,
    pub supplier_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct VisitInput {
    pub campaign_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub county_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub participant_count: i32,
    pub owner_representative_count: i32,
    pub selected_products: Vec<SelectionInput>,
    pub summary: Option<String>,
}

fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(visible(
        actor,
        participants::access::Object::Activity,
        Column::AssociationId,
        Column::EnterpriseId,
    ))
}

fn filtered(actor: &Actor, campaign_id: Option<Uuid>) -> Select<Entity> {
    match campaign_id {
        Some(c) => scoped(actor).filter(Column::CampaignId.eq(c)),
        None => scoped(actor),
    }
}

pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    lookup::one(conn, scoped(actor), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(conn, scoped(actor), Column::Id, ids).await
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    campaign_id: Option<Uuid>,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, campaign_id), Column::Id, spec, |m| {
        m.id
    })
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    campaign_id: Option<Uuid>,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, campaign_id)).await
}

/// A county-level region (or a city without districts), as for poverty counties.
pub(crate) async fn county(
    conn: &impl ConnectionTrait,
    problems: &mut Problems,
    field: &str,
    code: &str,
) -> DomainResult<Option<String>> {
    match region::resolve(
        conn,
        &[field],
        code,
        &[RegionLevel::County, RegionLevel::City],
    )
    .await
    {
        Ok(r) if r.level == RegionLevel::County => Ok(Some(r.code)),
        Ok(r) => {
            let has_children = region::Entity::find()
                .filter(region::Column::ParentCode.eq(r.code.clone()))
                .one(conn)
                .await?
                .is_some();
            if has_children {
                problems.push(Problem::new(
                    &[field],
                    kernel::error::codes::INVALID_REGION,
                    Message::new("须为县级行政区划代码", "must be a county-level region code"),
                ));
                Ok(None)
            } else {
                Ok(Some(r.code))
            }
        }
        Err(DomainError::Invalid(list)) => {
            list.into_iter().for_each(|p| problems.push(p));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Records a county visit and its selected products in the caller's transaction.
pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: VisitInput,
) -> DomainResult<(Model, Vec<county_visit_selection::Model>)> {
    let organizer = organizer(conn, actor, input.association_id, input.enterprise_id).await?;
    let campaign = fields::campaign(conn, input.campaign_id).await?;
    let mut problems = Problems::new();
    let county_code = county(conn, &mut problems, "countyCode", &input.county_code).await?;
    let ends_on = fields::dates(&mut problems, &campaign, input.starts_on, input.ends_on);
    let participants = fields::count(
        &mut problems,
        "participantCount",
        input.participant_count,
        10_000,
    );
    let owners = fields::count(
        &mut problems,
        "ownerRepresentativeCount",
        input.owner_representative_count,
        10_000,
    );
    if owners > participants {
        problems.push(Problem::new(
            &["ownerRepresentativeCount"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new(
                "业主代表人数不能多于参与人数",
                "owner representatives are counted among the participants",
            ),
        ));
    }
    if input.selected_products.len() > 100 {
        problems.push(Problem::new(
            &["selectedProducts"],
            kernel::error::codes::TOO_MANY,
            Message::new("最多 100 项", "at most 100 items"),
        ));
    }
    let mut selections = Vec::new();
    for (i, s) in input.selected_products.iter().enumerate().take(100) {
        let index = i.to_string();
        let name = problems.take(required_text(
            &["selectedProducts", &index, "name"],
            &s.name,
            200,
        ));
        let supplier = problems.take(optional_text(
            &["selectedProducts", &index, "supplierName"],
            s.supplier_name.as_deref(),
            200,
        ));
        if let (Some(name), Some(supplier)) = (name, supplier) {
            selections.push((name, supplier));
        }
    }
    let summary = problems
        .take(optional_multiline_text(
            &["summary"],
            input.summary.as_deref(),
            5000,
        ))
        .flatten();
    problems.finish()?;
    let (association_id, enterprise_id) = organizer.tenant();
    let now = clock.now();
    let visit = county_visit::ActiveModel {
        id: Set(kernel::new_id()),
        campaign_id: Set(campaign.id),
        association_id: Set(association_id),
        enterprise_id: Set(enterprise_id),
        county_code: Set(county_code.unwrap_or_default()),
        starts_on: Set(input.starts_on),
        ends_on: Set(ends_on),
        participant_count: Set(participants),
        owner_representative_count: Set(owners),
        summary: Set(summary),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    let mut rows = Vec::new();
    for (ordinal, (name, supplier_name)) in (1..).zip(selections) {
        rows.push(
            county_visit_selection::ActiveModel {
                id: Set(kernel::new_id()),
                visit_id: Set(visit.id),
                association_id: Set(association_id),
                enterprise_id: Set(enterprise_id),
                name: Set(name),
                supplier_name: Set(supplier_name),
                ordinal: Set(ordinal),
            }
            .insert(conn)
            .await?,
        );
    }
    Ok((visit, rows))
}
