#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test loudly"
)]

//! Two tenants (合肥, 深圳), each with a project, households and a zone serving the project;
//! one supplier with two certified products, both listed in both zones, with `units` in stock.

use chrono::{DateTime, TimeDelta, Utc};
use kernel::{Actor, Clock, DomainError, OrgKind, Role};
use orders::commands::{self, Outcome};
use orders::place::{Delivery, LineInput, PlaceOrder};
use products::entity::store::StoreKind;
use sea_orm::{DatabaseConnection, DatabaseTransaction, EntityTrait};
use testkit::db::TestDatabase;
use uuid::Uuid;

pub use testkit::actors::{org, platform};
pub use testkit::errors::codes;
pub use testkit::sql::{rows, sum};
pub use testkit::time::at;

/// The tests' "now": certification is valid then.
pub fn now() -> DateTime<Utc> {
    at("2019-06-10T10:00:00+08:00")
}

pub fn clock() -> Clock {
    Clock::Fixed(now())
}

/// The clock `minutes` later.
pub fn later(minutes: i64) -> Clock {
    Clock::Fixed(now() + TimeDelta::minutes(minutes))
}

pub const WINDOW: TimeDelta = TimeDelta::minutes(30);

pub struct Tenant {
    pub enterprise: Uuid,
    pub households: Vec<Uuid>,
    pub zone: Uuid,
    /// The zone's listings of the world's two products.
    pub listings: [Uuid; 2],
}

impl Tenant {
    pub fn resident(&self, n: usize) -> Actor {
        testkit::actors::resident(self.enterprise, self.households[n])
    }

    pub fn app(&self) -> Actor {
        org(Role::EnterpriseApp, OrgKind::Enterprise, self.enterprise)
    }

    pub fn admin(&self) -> Actor {
        org(Role::EnterpriseAdmin, OrgKind::Enterprise, self.enterprise)
    }
}

pub struct World {
    pub db: DatabaseConnection,
    pub a: Tenant,
    pub b: Tenant,
    pub supplier: Uuid,
    /// Sorted: `products[0] < products[1]`.
    pub products: [Uuid; 2],
    pub units: i64,
    _database: TestDatabase,
}

impl World {
    pub fn supplier(&self) -> Actor {
        org(Role::Supplier, OrgKind::Supplier, self.supplier)
    }

    /// A second pool on the same database: another instance of the server.
    pub async fn another_instance(&self) -> DatabaseConnection {
        kernel::db::connect(&self._database.url, 2).await.unwrap()
    }

    /// (on hand, reserved) of a product.
    pub async fn stock(&self, product: Uuid) -> (i64, i64) {
        let p = products::entity::product::Entity::find_by_id(product)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        (p.on_hand, p.reserved)
    }
}

async fn tenant(db: &DatabaseTransaction, name: &str, city: &str, products: [Uuid; 2]) -> Tenant {
    let clock = Clock::Fixed(at("2019-05-01T10:00:00+08:00"));
    let (_, enterprise) = testkit::make::organisation(db, &clock, name, city).await;
    let project =
        testkit::make::project(db, &clock, enterprise.id, city, &format!("{name}花园"), 500).await;
    let mut households = Vec::new();
    for n in 0..4 {
        let external = format!("{name}-{n}");
        households.push(
            testkit::make::household(db, &clock, project.id, &external)
                .await
                .id,
        );
    }
    let admin = org(Role::EnterpriseAdmin, OrgKind::Enterprise, enterprise.id);
    let zone = products::store::create(
        db,
        &admin,
        &clock,
        products::store::StoreInput {
            enterprise_id: None,
            kind: StoreKind::Zone,
            name: format!("{name}带一斤回家专区"),
            project_ids: vec![project.id],
        },
    )
    .await
    .unwrap();
    let mut listings = [Uuid::nil(); 2];
    for (i, product) in products.iter().enumerate() {
        listings[i] = products::listing::put(
            db,
            &admin,
            &clock,
            products::listing::ListingInput {
                store_id: zone.id,
                product_id: *product,
                store_price_fen: None,
                sort_order: i32::try_from(i).unwrap(),
                featured: false,
                on_shelf: true,
            },
        )
        .await
        .unwrap()
        .id;
    }
    Tenant {
        enterprise: enterprise.id,
        households,
        zone: zone.id,
        listings,
    }
}

/// An ACTIVE, certified 500 g bag of `name` at `price` fen.
async fn product(db: &DatabaseTransaction, supplier: Uuid, name: &str, price: i64) -> Uuid {
    let clock = Clock::Fixed(at("2019-05-01T10:00:00+08:00"));
    let id = testkit::make::product(db, &clock, supplier, testkit::make::bag(name, price))
        .await
        .id;
    testkit::make::activate(db, &clock, supplier, id).await;
    let certificate = format!("FP-510727-{}", &id.simple().to_string()[24..]);
    testkit::make::certify(db, supplier, id, &certificate).await;
    id
}

/// A world whose two products have `units` on hand each.
pub async fn world(units: i64) -> World {
    let (db, database) = testkit::db::database().await;
    let txn = kernel::db::begin_write(&db).await.unwrap();
    let supplier = testkit::make::supplier(&txn, &Clock::Fixed(at("2019-05-01T10:00:00+08:00")))
        .await
        .id;
    let mut products = [
        product(&txn, supplier, "平武高山绿茶", 3000).await,
        product(&txn, supplier, "平武蜂蜜", 4500).await,
    ];
    products.sort();
    for p in products {
        products::stock::adjust(&txn, &platform(), &clock(), p, units, "入库")
            .await
            .unwrap();
    }
    let a = tenant(&txn, "合肥", "340100", products).await;
    let b = tenant(&txn, "深圳", "440300", products).await;
    txn.commit().await.unwrap();
    World {
        db,
        a,
        b,
        supplier,
        products,
        units,
        _database: database,
    }
}

/// A pickup order of `lines` (listing, quantity).
pub fn pickup(store: Uuid, lines: &[(Uuid, i64)]) -> PlaceOrder {
    PlaceOrder {
        store_id: store,
        household_id: None,
        lines: lines
            .iter()
            .map(|&(listing_id, quantity)| LineInput {
                listing_id,
                quantity,
            })
            .collect(),
        delivery: Delivery::Pickup { point: None },
        note: None,
    }
}

pub async fn place(
    w: &World,
    actor: &Actor,
    key: &str,
    input: PlaceOrder,
) -> Result<Outcome, DomainError> {
    commands::place(&w.db, actor, &clock(), WINDOW, key, input).await
}

pub async fn confirm(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: &str,
    order: &orders::entity::order::Model,
) -> Result<Outcome, DomainError> {
    commands::confirm_payment(
        db,
        &ledger::Signal::new(),
        actor,
        clock,
        key,
        orders::payment::ConfirmPayment {
            order_id: order.id,
            reference: format!("wx-{}", order.id),
            amount: order.total_fen,
            paid_at: clock.now(),
        },
    )
    .await
}
