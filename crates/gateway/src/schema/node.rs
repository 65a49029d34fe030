//! The `node`/`nodes` root fields: any object by its global id (the ids themselves are in
//! [`super::ids`]).

use async_graphql::{Context, ID, Interface, Object};
use kernel::DomainError;

use super::campaigns::activities::{CommunityEvent, CountyVisit, Employment, MarketFair};
use super::campaigns::enlistment::Enlistment;
use super::campaigns::reports::ProgressReport;
use super::campaigns::types::Campaign;
use super::groupbuys::types::GroupBuy;
use super::ids::{self, Kind};
use super::ledger::reported::{ReportedBatch, ReportedRow};
use super::ledger::types::LedgerEntry;
use super::orders::types::Order;
use super::participants::types::{
    ApiCredential, Association, Enterprise, Household, Project, Team,
};
use super::products::certification::Certification;
use super::products::stores::{Listing, Store};
use super::products::types::{Product, Supplier};
use super::purchases::types::{Occasion, PartnerCompany, PurchaseOrder};
use super::webhooks::types::WebhookEndpoint;
use super::{actor, state, visible};
use crate::error::to_graphql;

/// The most ids one `nodes` call may name.
pub const MAX_NODES: usize = 100;

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
    WebhookEndpoint(WebhookEndpoint),
    Order(Order),
    GroupBuy(GroupBuy),
    PurchaseOrder(PurchaseOrder),
    PartnerCompany(PartnerCompany),
    Occasion(Occasion),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// 按全局 ID 取对象: any object by its global id. One that does not exist, or that the
    /// caller may not see, is null without an error; an id that is not a global id of this
    /// API is a `BAD_USER_INPUT` error (`INVALID_ID`).
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        match ids::parse_any("id", &id) {
            Ok(_) => load(ctx, &id).await,
            Err(e) => Err(to_graphql(ctx, e)),
        }
    }

    /// 批量取对象: up to 100 objects by global id, in the order asked, each answered as `node`
    /// answers it: null without an error where an object does not exist or may not be seen;
    /// null with a `BAD_USER_INPUT` error (`INVALID_ID`, path `["nodes", i]`) where the id is
    /// not a global id of this API. The other places are answered all the same.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(max_items = 100))] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<async_graphql::Result<Node>>>> {
        // The loads run together, so a page of ids costs one round of statements, not one
        // after another.
        let loads = ids
            .iter()
            .take(MAX_NODES)
            .enumerate()
            .map(|(i, id)| async move {
                match ids::parse_any("ids", id) {
                    Ok(_) => Ok(load(ctx, id).await?.map(Ok)),
                    Err(e) => Ok(Some(Err(to_graphql(ctx, ids::at_index(e, i))))),
                }
            });
        futures_util::future::try_join_all(loads).await
    }
}

/// One object by global id, if the caller may see it. The match is over every [`Kind`], so a
/// new kind of id does not compile until it says whether (and how) it is a node.
async fn load(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<Node>> {
    let actor = actor(ctx)?;
    let db = &state(ctx)?.db;
    let Ok((kind, uuid)) = ids::parse_any("id", id) else {
        return Ok(None);
    };
    let found = match kind {
        Kind::Association => participants::association::get(db, actor, uuid)
            .await
            .map(|m| Node::Association(Association(m))),
        Kind::Enterprise => participants::enterprise::get(db, actor, uuid)
            .await
            .map(|m| Node::Enterprise(Enterprise(m))),
        Kind::Project => participants::project::get(db, actor, uuid)
            .await
            .map(|m| Node::Project(Project(m))),
        Kind::Household => participants::household::get(db, actor, uuid)
            .await
            .map(|m| Node::Household(Household(m))),
        Kind::Team => participants::team::get(db, actor, uuid)
            .await
            .map(|m| Node::Team(Team(m))),
        Kind::ApiCredential => participants::credential::get(db, actor, uuid)
            .await
            .map(|m| Node::ApiCredential(ApiCredential(m))),
        Kind::Supplier => products::supplier::get(db, actor, uuid)
            .await
            .map(|m| Node::Supplier(Supplier(m))),
        Kind::Product => products::product::get(db, actor, uuid)
            .await
            .map(|m| Node::Product(Product::from(m))),
        Kind::Certification => products::certification::get(db, actor, uuid)
            .await
            .map(|m| Node::Certification(Certification(m))),
        Kind::Store => products::store::get(db, actor, uuid)
            .await
            .map(|m| Node::Store(Store(m))),
        Kind::Listing => products::listing::get(db, actor, uuid, state(ctx)?.clock.today())
            .await
            .map(|m| Node::Listing(Listing::from(m))),
        Kind::Campaign => campaigns::calendar::get(db, uuid)
            .await
            .map(|m| Node::Campaign(Campaign(m))),
        Kind::Enlistment => campaigns::enlistment::get(db, actor, uuid)
            .await
            .map(|m| Node::Enlistment(Enlistment(m))),
        Kind::MarketFair => campaigns::fair::get(db, actor, uuid)
            .await
            .map(|m| Node::MarketFair(MarketFair(m))),
        Kind::CommunityEvent => campaigns::event::get(db, actor, uuid)
            .await
            .map(|m| Node::CommunityEvent(CommunityEvent(m))),
        Kind::CountyVisit => campaigns::visit::get(db, actor, uuid)
            .await
            .map(|m| Node::CountyVisit(CountyVisit(m))),
        Kind::Employment => campaigns::employment::get(db, actor, uuid)
            .await
            .map(|m| Node::Employment(Employment(m))),
        Kind::ProgressReport => campaigns::report::get(db, actor, uuid)
            .await
            .map(|m| Node::ProgressReport(ProgressReport(m))),
        Kind::LedgerEntry => ledger::entries::get(db, actor, uuid)
            .await
            .map(|m| Node::LedgerEntry(LedgerEntry(m))),
        Kind::ReportedBatch => ledger::reported::batch(db, actor, uuid)
            .await
            .map(|m| Node::ReportedBatch(ReportedBatch(m))),
        Kind::ReportedRow => ledger::reported::row(db, actor, uuid)
            .await
            .map(|m| Node::ReportedRow(ReportedRow(m))),
        Kind::WebhookEndpoint => webhooks::endpoint::get(db, actor, uuid)
            .await
            .map(|m| Node::WebhookEndpoint(WebhookEndpoint(m))),
        Kind::Order => orders::query::get(db, actor, uuid)
            .await
            .map(|m| Node::Order(Order(m))),
        Kind::GroupBuy => procurement::groupbuy::query::get(db, actor, uuid)
            .await
            .map(|m| Node::GroupBuy(GroupBuy(m))),
        Kind::PurchaseOrder => procurement::purchase::query::get(db, actor, uuid)
            .await
            .map(|m| Node::PurchaseOrder(PurchaseOrder(m))),
        Kind::PartnerCompany => procurement::purchase::query::partner(db, actor, uuid)
            .await
            .map(|m| Node::PartnerCompany(PartnerCompany(m))),
        Kind::Occasion => procurement::occasion::get(db, actor, uuid)
            .await
            .map(|m| Node::Occasion(Occasion(m))),
        // Ids of parts that are read through their whole, not on their own.
        Kind::CampaignPhase
        | Kind::CountyPairing
        | Kind::FairSale
        | Kind::OrderLine
        | Kind::GroupBuyItem
        | Kind::GroupBuyJoin
        | Kind::PurchaseOrderLine
        | Kind::WebhookAttempt
        | Kind::WebhookDelivery => Err(DomainError::NotFound),
    };
    Ok(visible(found)?)
}
