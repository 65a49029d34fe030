#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test loudly"
)]

//! A small campaign world made through the services: two tenants (合肥, 深圳), households with
//! and without a team, a certified and an uncertified product, and helpers to record sales.

use chrono::{DateTime, NaiveDate, Utc};
use kernel::{Actor, Clock, Fen, Grams, OrgKind, OrgRef, Role};
use ledger::attribution::{Buyer, Sale, resolve};
use ledger::entity::entry;
use ledger::{Amounts, Channel, NewEntry, Source};
use migrations::testing::TestDatabase;
use participants::entity::association::AssociationKind;
use participants::entity::enterprise::AllianceRegion;
use products::certification::ListingDecision;
use products::entity::product::{Category, ProductStatus};
use products::entity::supplier::SupplierKind;
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use uuid::Uuid;

pub fn platform() -> Actor {
    Actor::new("platform", Role::PlatformAdmin, None, None).unwrap()
}

pub fn org(role: Role, kind: OrgKind, id: Uuid) -> Actor {
    Actor::new(
        format!("test-{}", role.as_str()),
        role,
        Some(OrgRef { kind, id }),
        None,
    )
    .unwrap()
}

pub fn enterprise_admin(id: Uuid) -> Actor {
    org(Role::EnterpriseAdmin, OrgKind::Enterprise, id)
}

pub fn association_admin(id: Uuid) -> Actor {
    org(Role::AssociationAdmin, OrgKind::Association, id)
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A clock at 10:00 Asia/Shanghai on `s`.
pub fn on(s: &str) -> Clock {
    Clock::Fixed(at(&format!("{s}T10:00:00+08:00")))
}

pub struct Tenant {
    pub association: Uuid,
    pub enterprise: Uuid,
    pub project: Uuid,
    /// In a team.
    pub household: Uuid,
    pub team: Uuid,
    /// In no team.
    pub loner: Uuid,
}

pub struct World {
    pub db: DatabaseConnection,
    pub a: Tenant,
    pub b: Tenant,
    pub supplier: Uuid,
    /// Certified (LISTED) from 2019-05-28 to 2020-06-30.
    pub certified: Uuid,
    /// Never certified.
    pub plain: Uuid,
    _database: TestDatabase,
}

impl World {
    pub fn url(&self) -> &str {
        &self._database.url
    }
}

async fn tenant(db: &DatabaseTransaction, name: &str, city: &str) -> Tenant {
    let clock = on("2019-05-01");
    let association = participants::association::create(
        db,
        &platform(),
        &clock,
        participants::association::AssociationInput {
            name: format!("{name}物业管理协会"),
            kind: Some(AssociationKind::Local),
            region_code: Some(city.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let enterprise = participants::enterprise::create(
        db,
        &platform(),
        &clock,
        participants::enterprise::EnterpriseInput {
            name: format!("{name}物业服务有限公司"),
            association_id: Some(association.id),
            alliance_region: AllianceRegion::EastChina,
            region_code: Some(city.into()),
            address: None,
            wechat_official_account: None,
            website: None,
            lead_name: None,
            lead_phone: None,
            specialist_name: None,
            specialist_phone: None,
        },
    )
    .await
    .unwrap();
    let project = participants::project::create(
        db,
        &platform(),
        &clock,
        Some(enterprise.id),
        participants::project::ProjectInput {
            city_code: city.into(),
            name: format!("{name}花园"),
            property_type: "住宅".into(),
            household_count: 500,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let household = |n: &str| participants::household::HouseholdInput {
        project_id: project.id,
        external_user_id: Some(format!("{name}-{n}")),
        display_name: None,
        phone: None,
    };
    let member = participants::household::create(db, &platform(), &clock, household("1"))
        .await
        .unwrap();
    let loner = participants::household::create(db, &platform(), &clock, household("2"))
        .await
        .unwrap();
    let team = participants::team::create(
        db,
        &platform(),
        &clock,
        participants::team::TeamInput {
            project_id: project.id,
            name: format!("{name}一队"),
            captain_id: Some(member.id),
        },
    )
    .await
    .unwrap();
    Tenant {
        association: association.id,
        enterprise: enterprise.id,
        project: project.id,
        household: member.id,
        team: team.id,
        loner: loner.id,
    }
}

async fn product(db: &DatabaseTransaction, supplier: Uuid, name: &str) -> Uuid {
    let actor = org(Role::Supplier, OrgKind::Supplier, supplier);
    let id = products::product::create(
        db,
        &actor,
        &on("2019-05-01"),
        &products::product::NoCountyVisits,
        products::product::ProductInput {
            supplier_id: None,
            name: name.into(),
            category: Category::TeaAndDrinks,
            description: None,
            images: vec![],
            spec: Some("500g/袋".into()),
            unit: "袋".into(),
            net_weight_grams: 500,
            weight_is_equivalent: false,
            price_fen: 3000,
            origin_county_code: None,
            custom_for_enterprise_id: products::product::Link::Keep,
            county_visit_id: products::product::Link::Keep,
        },
    )
    .await
    .unwrap()
    .id;
    // On sale: only ACTIVE products are visible to the enterprises and associations that count
    // their sales.
    products::product::set_status(db, &actor, &on("2019-05-01"), id, ProductStatus::Active)
        .await
        .unwrap();
    id
}

/// Takes a product through 申请 → 认定 → 公示 → 入目录, valid 2019-05-28 .. 2020-06-30.
async fn certify(db: &DatabaseTransaction, supplier: Uuid, product: Uuid) {
    use products::certification as c;
    let s = org(Role::Supplier, OrgKind::Supplier, supplier);
    let applied = c::apply(db, &s, &on("2019-05-20"), product).await.unwrap();
    c::decide(db, &platform(), &on("2019-05-20"), applied.id, true, None)
        .await
        .unwrap();
    c::start_publicity(db, &platform(), &on("2019-05-20"), applied.id, None)
        .await
        .unwrap();
    c::list(
        db,
        &platform(),
        &on("2019-05-28"),
        applied.id,
        ListingDecision {
            catalogue_batch: "2019年第一批".into(),
            certificate_no: "FP-510727-0001".into(),
            valid_from: day("2019-05-28"),
            valid_to: day("2020-06-30"),
        },
    )
    .await
    .unwrap();
}

pub async fn world() -> World {
    let (db, database) = migrations::testing::migrated().await.unwrap();
    let txn = kernel::db::begin_write(&db).await.unwrap();
    let a = tenant(&txn, "合肥", "340100").await;
    let b = tenant(&txn, "深圳", "440300").await;
    let supplier = products::supplier::create(
        &txn,
        &platform(),
        &on("2019-05-01"),
        products::supplier::SupplierInput {
            name: "平武县高山茶叶专业合作社".into(),
            kind: SupplierKind::Cooperative,
            uscc: "91350100M000100Y43".into(),
            county_code: "510727".into(),
            contact_name: None,
            contact_phone: None,
            benefit_mechanisms: vec!["WAGE".into()],
            linked_poor_households: 36,
        },
    )
    .await
    .unwrap()
    .id;
    let certified = product(&txn, supplier, "平武高山绿茶").await;
    let plain = product(&txn, supplier, "平武核桃").await;
    certify(&txn, supplier, certified).await;
    txn.commit().await.unwrap();
    World {
        db,
        a,
        b,
        supplier,
        certified,
        plain,
        _database: database,
    }
}

/// A sale of `units` 500 g bags at 30 yuan to a household, as an order line.
pub fn sale(product: Uuid, household: Uuid, when: &str, units: i64) -> Sale {
    Sale {
        source: Source::OrderLine,
        source_ref: Uuid::now_v7().to_string(),
        channel: Channel::Zone,
        occurred_at: at(when),
        product_id: product,
        amounts: Amounts::new(units, Grams(500 * units), Fen(3000 * units)),
        buyer: Buyer {
            household_id: Some(household),
            ..Buyer::default()
        },
        recorded_by: "test".into(),
    }
}

/// Resolves and records in one write transaction, as a use case would.
pub async fn record_sales(db: &DatabaseConnection, sales: Vec<Sale>) -> Vec<entry::Model> {
    let txn = kernel::db::begin_write(db).await.unwrap();
    let entries = resolve(&txn, sales).await.unwrap();
    let recorded = ledger::record(&txn, entries).await.unwrap();
    txn.commit().await.unwrap();
    recorded
}

/// Records already-built entries (reversals) in one write transaction.
pub async fn record_entries(
    db: &DatabaseConnection,
    entries: Vec<NewEntry>,
) -> Result<Vec<entry::Model>, kernel::DomainError> {
    let txn = kernel::db::begin_write(db).await?;
    let recorded = ledger::record(&txn, entries).await?;
    txn.commit().await?;
    Ok(recorded)
}

/// Seals everything queued and asserts the audit is clean.
pub async fn seal_and_audit(db: &DatabaseConnection) -> ledger::audit::AuditReport {
    ledger::sealer::seal_all(db, 100).await.unwrap();
    let report = ledger::audit::audit(db).await.unwrap();
    assert!(report.is_clean(), "audit: {report:#?}");
    report
}
