//! The one table of every type that has a global id.
//!
//! Adding a type with a global id is one row here, and the compiler checks the rest:
//! - a **node** row (`Name(GraphQL type) = |at, ids| load`) makes `Name` a [`super::ids::Kind`]
//!   with its marker type (`ids::Name`), a variant of the `Node` interface, and the way `node`
//!   and `nodes` read a batch of them: `load` answers the rows among `ids` that the caller `at`
//!   may see, in one statement (see [`super::node::At`]); `via` names the conversion from a row
//!   where the GraphQL type is more than a wrapper of it;
//! - a **part** row is an id of something read only through its whole (a phase through its
//!   campaign, a line through its order): a `Kind`, never a node.
//!
//! The table is a macro that hands itself to another macro ([`super::ids`] builds `Kind` from
//! it, [`super::node`] the interface and its dispatch). The paths in it are only tokens until
//! `node` expands them, so the ids module still imports no object type.

macro_rules! registry {
    ($then:ident) => {
        $then! {
            nodes {
                Association(crate::schema::participants::types::Association) =
                    |at, ids| participants::association::get_many(at.db, at.actor, ids);
                Enterprise(crate::schema::participants::types::Enterprise) =
                    |at, ids| participants::enterprise::get_many(at.db, at.actor, ids);
                Project(crate::schema::participants::types::Project) =
                    |at, ids| participants::project::get_many(at.db, at.actor, ids);
                Household(crate::schema::participants::types::Household) =
                    |at, ids| participants::household::get_many(at.db, at.actor, ids);
                Team(crate::schema::participants::types::Team) =
                    |at, ids| participants::team::get_many(at.db, at.actor, ids);
                ApiCredential(crate::schema::participants::types::ApiCredential) =
                    |at, ids| participants::credential::get_many(at.db, at.actor, ids);
                Supplier(crate::schema::products::types::Supplier) =
                    |at, ids| products::supplier::get_many(at.db, at.actor, ids);
                Product(crate::schema::products::types::Product) =
                    |at, ids| products::product::get_many(at.db, at.actor, ids),
                    via crate::schema::products::types::Product::from;
                Certification(crate::schema::products::certification::Certification) =
                    |at, ids| products::certification::get_many(at.db, at.actor, ids);
                Store(crate::schema::products::stores::Store) =
                    |at, ids| products::store::get_many(at.db, at.actor, ids);
                Listing(crate::schema::products::stores::Listing) =
                    |at, ids| products::listing::get_many(at.db, at.actor, ids, at.today),
                    via crate::schema::products::stores::Listing::from;
                Campaign(crate::schema::campaigns::types::Campaign) =
                    |at, ids| campaigns::calendar::get_many(at.db, ids);
                Enlistment(crate::schema::campaigns::enlistment::Enlistment) =
                    |at, ids| campaigns::enlistment::get_many(at.db, at.actor, ids);
                MarketFair(crate::schema::campaigns::activities::MarketFair) =
                    |at, ids| campaigns::fair::get_many(at.db, at.actor, ids);
                CommunityEvent(crate::schema::campaigns::activities::CommunityEvent) =
                    |at, ids| campaigns::event::get_many(at.db, at.actor, ids);
                CountyVisit(crate::schema::campaigns::activities::CountyVisit) =
                    |at, ids| campaigns::visit::get_many(at.db, at.actor, ids);
                Employment(crate::schema::campaigns::activities::Employment) =
                    |at, ids| campaigns::employment::get_many(at.db, at.actor, ids);
                ProgressReport(crate::schema::campaigns::reports::ProgressReport) =
                    |at, ids| campaigns::report::get_many(at.db, at.actor, ids);
                LedgerEntry(crate::schema::ledger::types::LedgerEntry) =
                    |at, ids| ledger::entries::get_many(at.db, at.actor, ids);
                ReportedBatch(crate::schema::ledger::reported::ReportedBatch) =
                    |at, ids| ledger::reported::batch_many(at.db, at.actor, ids);
                ReportedRow(crate::schema::ledger::reported::ReportedRow) =
                    |at, ids| ledger::reported::row_many(at.db, at.actor, ids);
                WebhookEndpoint(crate::schema::webhooks::types::WebhookEndpoint) =
                    |at, ids| webhooks::endpoint::get_many(at.db, at.actor, ids);
                Order(crate::schema::orders::types::Order) =
                    |at, ids| orders::query::get_many(at.db, at.actor, ids);
                GroupBuy(crate::schema::groupbuys::types::GroupBuy) =
                    |at, ids| procurement::groupbuy::query::get_many(at.db, at.actor, ids);
                PurchaseOrder(crate::schema::purchases::types::PurchaseOrder) =
                    |at, ids| procurement::purchase::query::get_many(at.db, at.actor, ids);
                PartnerCompany(crate::schema::purchases::types::PartnerCompany) =
                    |at, ids| procurement::purchase::query::partner_many(at.db, at.actor, ids);
                Occasion(crate::schema::purchases::types::Occasion) =
                    |at, ids| procurement::occasion::get_many(at.db, at.actor, ids);
            }
            parts {
                CampaignPhase,
                CountyPairing,
                FairSale,
                OrderLine,
                GroupBuyItem,
                GroupBuyJoin,
                PurchaseOrderLine,
                WebhookAttempt,
                WebhookDelivery,
            }
        }
    };
}

pub(crate) use registry;
