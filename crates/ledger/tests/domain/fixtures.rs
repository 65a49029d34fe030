#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test loudly"
)]

//! A small campaign world made through the services: two tenants (合肥, 深圳), households with
//! and without a team, a certified and an uncertified product, and helpers to record sales.

use kernel::{Fen, Grams};
use ledger::attribution::{Buyer, Sale, resolve};
use ledger::entity::entry;
use ledger::{Amounts, Channel, NewEntry, Source};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use testkit::db::TestDatabase;
use uuid::Uuid;

pub use testkit::actors::{association_admin, enterprise_admin, org, platform};
pub use testkit::time::{at, day, on};

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

async fn tenant(txn: &DatabaseTransaction, name: &str, city: &str) -> Tenant {
    let clock = on("2019-05-01");
    let (association, enterprise) = testkit::make::organisation(txn, &clock, name, city).await;
    let project = testkit::make::project(
        txn,
        &clock,
        enterprise.id,
        city,
        &format!("{name}花园"),
        500,
    )
    .await;
    let member = testkit::make::household(txn, &clock, project.id, &format!("{name}-1")).await;
    let loner = testkit::make::household(txn, &clock, project.id, &format!("{name}-2")).await;
    let team = participants::team::create(
        txn,
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

/// An ACTIVE 500 g bag at 30 yuan: only ACTIVE products are visible to the enterprises and
/// associations that count their sales.
async fn product(txn: &DatabaseTransaction, supplier: Uuid, name: &str) -> Uuid {
    let clock = on("2019-05-01");
    let id = testkit::make::product(txn, &clock, supplier, testkit::make::bag(name, 3000))
        .await
        .id;
    testkit::make::activate(txn, &clock, supplier, id).await;
    id
}

pub async fn world() -> World {
    let (db, database) = testkit::db::database().await;
    let (a, b, supplier, certified, plain) = testkit::db::write(&db, async |txn| {
        let a = tenant(txn, "合肥", "340100").await;
        let b = tenant(txn, "深圳", "440300").await;
        let supplier = testkit::make::supplier(txn, &on("2019-05-01")).await.id;
        let certified = product(txn, supplier, "平武高山绿茶").await;
        let plain = product(txn, supplier, "平武核桃").await;
        // 申请 → 认定 → 公示 → 入目录, valid 2019-05-28 .. 2020-06-30.
        testkit::make::certify(txn, supplier, certified, "FP-510727-0001").await;
        (a, b, supplier, certified, plain)
    })
    .await;
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
