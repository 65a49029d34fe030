//! Global ids (`gid://yijin/Type/<uuid>`) and the `node`/`nodes` root fields.

use async_graphql::{Context, ID, Interface, Object};
use kernel::{DomainError, GlobalId, Message, error::codes, id::RawGlobalId};
use uuid::Uuid;

use super::campaigns::activities::{CommunityEvent, CountyVisit, Employment, MarketFair};
use super::campaigns::enlistment::Enlistment;
use super::campaigns::reports::ProgressReport;
use super::campaigns::types::Campaign;
use super::ledger::reported::{ReportedBatch, ReportedRow};
use super::ledger::types::LedgerEntry;
use super::participants::types::{
    ApiCredential, Association, Enterprise, Household, Project, Team,
};
use super::products::certification::Certification;
use super::products::stores::{Listing, Store};
use super::products::types::{Product, Supplier};
use super::{actor, state};
use crate::error::to_graphql;

/// The most ids one `nodes` call may name.
pub const MAX_NODES: usize = 100;

pub fn gid(type_name: &'static str, id: Uuid) -> ID {
    ID(GlobalId::new(type_name, id).to_string())
}

/// Parses an id argument of a known type; a malformed id or one of another type is a problem
/// on `field`.
pub fn parse_id(field: &str, id: &ID, type_name: &'static str) -> Result<Uuid, DomainError> {
    GlobalId::parse_as(id.as_str(), type_name).map_err(|_| {
        DomainError::invalid(
            &[field],
            codes::INVALID_ID,
            Message::new(
                format!("不是有效的 {type_name} 全局 ID（gid://yijin/{type_name}/<uuid>）"),
                format!("not a {type_name} global id (gid://yijin/{type_name}/<uuid>)"),
            ),
        )
    })
}

pub fn parse_opt_id(
    field: &str,
    id: Option<&ID>,
    type_name: &'static str,
) -> Result<Option<Uuid>, DomainError> {
    id.map(|id| parse_id(field, id, type_name)).transpose()
}

/// 节点: anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "全局 ID: `gid://yijin/Type/<uuid>`."))]
pub enum Node {
    Association(Association),
    Enterprise(Enterprise),
    Project(Project),
    Household(Household),
    Team(Team),
    ApiCredential(ApiCredential),
    Supplier(Supplier),
    Product(Product),
    Certification(Certification),
    Store(Store),
    Listing(Listing),
    Campaign(Campaign),
    Enlistment(Enlistment),
    MarketFair(MarketFair),
    CommunityEvent(CommunityEvent),
    CountyVisit(CountyVisit),
    Employment(Employment),
    ProgressReport(ProgressReport),
    LedgerEntry(LedgerEntry),
    ReportedBatch(ReportedBatch),
    ReportedRow(ReportedRow),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// 按全局 ID 取对象: any object by its global id. One that does not exist, or that the
    /// caller may not see, is null with a `NOT_FOUND` error.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        match load(ctx, &id).await? {
            Some(node) => Ok(Some(node)),
            None => Err(to_graphql(ctx, DomainError::NotFound)),
        }
    }

    /// 批量取对象: up to 100 objects by global id, in the order asked; null where not visible.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(max_items = 100))] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        let mut out = Vec::with_capacity(ids.len().min(MAX_NODES));
        for id in &ids {
            out.push(load(ctx, id).await?);
        }
        Ok(out)
    }
}

async fn load(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<Node>> {
    let actor = actor(ctx)?;
    let db = &state(ctx)?.db;
    let Ok(raw) = id.as_str().parse::<RawGlobalId>() else {
        return Ok(None);
    };
    let uuid = raw.id;
    let found = match raw.type_name.as_str() {
        "Association" => participants::association::get(db, actor, uuid)
            .await
            .map(|m| Node::Association(Association(m))),
        "Enterprise" => participants::enterprise::get(db, actor, uuid)
            .await
            .map(|m| Node::Enterprise(Enterprise(m))),
        "Project" => participants::project::get(db, actor, uuid)
            .await
            .map(|m| Node::Project(Project(m))),
        "Household" => participants::household::get(db, actor, uuid)
            .await
            .map(|m| Node::Household(Household(m))),
        "Team" => participants::team::get(db, actor, uuid)
            .await
            .map(|m| Node::Team(Team(m))),
        "ApiCredential" => participants::credential::get(db, actor, uuid)
            .await
            .map(|m| Node::ApiCredential(ApiCredential(m))),
        "Supplier" => products::supplier::get(db, actor, uuid)
            .await
            .map(|m| Node::Supplier(Supplier(m))),
        "Product" => products::product::get(db, actor, uuid)
            .await
            .map(|m| Node::Product(Product(m))),
        "Certification" => products::certification::get(db, actor, uuid)
            .await
            .map(|m| Node::Certification(Certification(m))),
        "Store" => products::store::get(db, actor, uuid)
            .await
            .map(|m| Node::Store(Store(m))),
        "Listing" => products::listing::get(db, actor, uuid, state(ctx)?.clock.today())
            .await
            .map(|m| Node::Listing(Listing::from(m))),
        "Campaign" => campaigns::calendar::get(db, uuid)
            .await
            .map(|m| Node::Campaign(Campaign(m))),
        "Enlistment" => campaigns::enlistment::get(db, actor, uuid)
            .await
            .map(|m| Node::Enlistment(Enlistment(m))),
        "MarketFair" => campaigns::fair::get(db, actor, uuid)
            .await
            .map(|m| Node::MarketFair(MarketFair(m))),
        "CommunityEvent" => campaigns::event::get(db, actor, uuid)
            .await
            .map(|m| Node::CommunityEvent(CommunityEvent(m))),
        "CountyVisit" => campaigns::visit::get(db, actor, uuid)
            .await
            .map(|m| Node::CountyVisit(CountyVisit(m))),
        "Employment" => campaigns::employment::get(db, actor, uuid)
            .await
            .map(|m| Node::Employment(Employment(m))),
        "ProgressReport" => campaigns::report::get(db, actor, uuid)
            .await
            .map(|m| Node::ProgressReport(ProgressReport(m))),
        "LedgerEntry" => ledger::entries::get(db, actor, uuid)
            .await
            .map(|m| Node::LedgerEntry(LedgerEntry(m))),
        "ReportedBatch" => ledger::reported::batch(db, actor, uuid)
            .await
            .map(|m| Node::ReportedBatch(ReportedBatch(m))),
        "ReportedRow" => ledger::reported::row(db, actor, uuid)
            .await
            .map(|m| Node::ReportedRow(ReportedRow(m))),
        _ => Err(DomainError::NotFound),
    };
    match found {
        Ok(node) => Ok(Some(node)),
        Err(DomainError::NotFound | DomainError::Forbidden) => Ok(None),
        Err(e) => Err(to_graphql(ctx, e)),
    }
}
